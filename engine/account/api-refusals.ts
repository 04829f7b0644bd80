import type { ErrorRequestHandler } from 'express';
import { FieldsRefused, InputError } from '../http/errors.js';
import { inEveryLanguage } from '../http/words.js';
import type { Translator } from '../hosted/i18n.js';
import type { Words } from '../languages.js';

/**
 * The account API's refusals in words an app can show its user, in the language the app asks for
 * (`Accept-Language`), English otherwise; their codes (`error`) are the same in every language.
 */
export const ACCOUNT_API_WORDS = {
  noToken: { en: 'Send the user\'s access token as "Authorization: Bearer <token>".', id: 'Kirim token akses pengguna sebagai "Authorization: Bearer <token>".' },
  invalidToken: { en: 'The access token is not valid.', id: 'Token akses ini tidak valid.' },
  noPurpose: { en: 'No such purpose.', id: 'Tujuan ini tidak ditemukan.' },
  noCredential: { en: 'No such credential.', id: 'Metode masuk ini tidak ditemukan.' },
  noIdentity: { en: 'No such linked account.', id: 'Akun tertaut ini tidak ditemukan.' },
} satisfies Record<string, Words>;

/** The account API itself needs the `account` scope. */
export const accountScopeNeeded = (scope: string): Words => ({
  en: `The account API needs the "${scope}" scope, which the app must be allowed and the user must grant.`,
  id: `API akun memerlukan cakupan "${scope}", yang harus diizinkan untuk aplikasi dan diberikan oleh pengguna.`,
});

/** A call needs a scope the token does not carry. */
export const scopeNeeded = (scope: string): Words => ({ en: `This needs the "${scope}" scope.`, id: `Ini memerlukan cakupan "${scope}".` });

/** A destructive call needs a recent, strong enough sign-in (RFC 9470). */
export const recentSignInNeeded = (acr: string, maxAge: number | null | undefined): Words => ({
  en: `This change needs a sign-in at ${acr} within the last ${maxAge} seconds: ask for a new sign-in with acr_values and max_age.`,
  id: `Perubahan ini memerlukan proses masuk pada tingkat ${acr} dalam ${maxAge} detik terakhir: minta proses masuk baru dengan acr_values dan max_age.`,
});

/** The API's names of the fields the account service refuses by their form names. */
const API_FIELD: Record<string, string> = { current_password: 'currentPassword', new_password: 'newPassword', confirm_email: 'confirmEmail' };

/**
 * A refusal of the account service (per-field message keys of the /account pages) as the API says it:
 * each field's sentence in the language asked, with the JSON pointer of its field in the request.
 */
export function accountRefusalWords(translate: Translator): ErrorRequestHandler {
  return (err, _req, _res, next) => {
    if (!(err instanceof InputError)) return next(err);
    const problems = Object.entries(err.fields).map(([field, p]) => {
      const words = inEveryLanguage((lang) => translate(lang, p.key, p.vars));
      const pointer = field === 'identities' || field === 'security' ? '' : `/${API_FIELD[field] ?? field}`;
      return { in: 'body' as const, pointer, message: words.en, words };
    });
    next(new FieldsRefused(err.status, err.error, problems));
  };
}

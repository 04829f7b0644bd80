import { errors } from 'oidc-provider';
import { HttpError } from '../http/errors.js';
import type { Language, Words } from '../languages.js';

/**
 * The provider's own words for people. What a person reads when the provider (or an interaction of it)
 * cannot go on: a sentence per OAuth error in every language, instead of oidc-provider's English
 * description, which is written for the app's developer. The error code stays visible on the page (and
 * unchanged in every answer to an app) so support can tell which it was. And its self-posting form
 * (`formPost.*`, pages.ts).
 */
const EN = {
  'oidcError.code': 'Code for the app’s developer: {code}',
  'oidcError.session': 'This sign-in is no longer open: it ended, it expired, or it was started in another browser. Go back to the app and sign in again.',
  'oidcError.invalid_request': 'The app sent a sign-in request that cannot be accepted. Go back to the app and try again.',
  'oidcError.invalid_client': 'This app is not registered for sign-in.',
  'oidcError.invalid_redirect_uri': 'This app asked to send you back to an address it has not registered. For your safety, the sign-in stops here.',
  'oidcError.unauthorized_client': 'This app is not allowed to sign people in this way.',
  'oidcError.invalid_scope': 'This app asked for access it is not allowed.',
  'oidcError.access_denied': 'The sign-in was not completed, so the app was not given access.',
  'oidcError.unsupported_response_type': 'This app asked for a kind of sign-in that is not offered.',
  'oidcError.unsupported_response_mode': 'This app asked for a kind of sign-in that is not offered.',
  'oidcError.login_required': 'You need to sign in first. Go back to the app and sign in.',
  'oidcError.consent_required': 'This app needs your permission first. Go back to the app and sign in again.',
  'oidcError.interaction_required': 'This app needs you to sign in again. Go back to the app and sign in.',
  'oidcError.unmet_authentication_requirements': 'This sign-in did not reach the level this app requires. Go back to the app and sign in again.',
  'oidcError.not_completed': 'This sign-in has not been completed. Go back to the app and sign in again.',
  'oidcError.nothing_to_consent': 'There is nothing to allow here any more. Go back to the app.',
  'oidcError.device_expired': 'This sign-in page has expired. Please start again on the device.',
  'oidcError.server_error': 'An unexpected error happened. Please try again.',
  'oidcError.temporarily_unavailable': 'Signing in is not available right now. Please try again in a moment.',
  'oidcError.other': 'The sign-in cannot go on. Go back to the app and try again.',
  'oidcError.pageNotFound': 'Page not found',
  'oidcError.pageNotFoundIntro': 'There is no page at this address. Check the address, or start from the home page.',
  'oidcError.home': 'Go to the home page',
  'formPost.title': 'Continuing…',
  'formPost.noScript': 'JavaScript is off in this browser: press Continue to go on.',
  'formPost.continue': 'Continue',
} as const;

/** A sentence of the provider's pages, by its key. */
export type OidcWordsKey = keyof typeof EN;

/** The same sentences in Bahasa Indonesia: the compiler asks for every key. */
const ID: Record<OidcWordsKey, string> = {
  'oidcError.code': 'Kode untuk pengembang aplikasi: {code}',
  'oidcError.session': 'Proses masuk ini sudah tidak terbuka: sudah berakhir, kedaluwarsa, atau dimulai di peramban lain. Kembali ke aplikasi dan masuk lagi.',
  'oidcError.invalid_request': 'Aplikasi mengirim permintaan masuk yang tidak dapat diterima. Kembali ke aplikasi dan coba lagi.',
  'oidcError.invalid_client': 'Aplikasi ini tidak terdaftar untuk masuk.',
  'oidcError.invalid_redirect_uri': 'Aplikasi ini meminta mengarahkan Anda kembali ke alamat yang tidak didaftarkannya. Demi keamanan Anda, proses masuk berhenti di sini.',
  'oidcError.unauthorized_client': 'Aplikasi ini tidak diizinkan memasukkan pengguna dengan cara ini.',
  'oidcError.invalid_scope': 'Aplikasi ini meminta akses yang tidak diizinkan untuknya.',
  'oidcError.access_denied': 'Proses masuk tidak diselesaikan, sehingga aplikasi tidak diberi akses.',
  'oidcError.unsupported_response_type': 'Aplikasi ini meminta jenis proses masuk yang tidak tersedia.',
  'oidcError.unsupported_response_mode': 'Aplikasi ini meminta jenis proses masuk yang tidak tersedia.',
  'oidcError.login_required': 'Anda perlu masuk terlebih dahulu. Kembali ke aplikasi dan masuk.',
  'oidcError.consent_required': 'Aplikasi ini memerlukan izin Anda terlebih dahulu. Kembali ke aplikasi dan masuk lagi.',
  'oidcError.interaction_required': 'Aplikasi ini memerlukan Anda masuk lagi. Kembali ke aplikasi dan masuk.',
  'oidcError.unmet_authentication_requirements': 'Proses masuk ini belum mencapai tingkat yang diwajibkan aplikasi ini. Kembali ke aplikasi dan masuk lagi.',
  'oidcError.not_completed': 'Proses masuk ini belum selesai. Kembali ke aplikasi dan masuk lagi.',
  'oidcError.nothing_to_consent': 'Tidak ada lagi yang perlu diizinkan di sini. Kembali ke aplikasi.',
  'oidcError.device_expired': 'Halaman masuk ini sudah kedaluwarsa. Silakan mulai lagi di perangkat.',
  'oidcError.server_error': 'Terjadi kesalahan tak terduga. Silakan coba lagi.',
  'oidcError.temporarily_unavailable': 'Proses masuk sedang tidak tersedia. Silakan coba lagi sebentar lagi.',
  'oidcError.other': 'Proses masuk tidak dapat dilanjutkan. Kembali ke aplikasi dan coba lagi.',
  'oidcError.pageNotFound': 'Halaman tidak ditemukan',
  'oidcError.pageNotFoundIntro': 'Tidak ada halaman di alamat ini. Periksa alamatnya, atau mulai dari halaman awal.',
  'oidcError.home': 'Ke halaman awal',
  'formPost.title': 'Melanjutkan…',
  'formPost.noScript': 'JavaScript tidak aktif di peramban ini: tekan Lanjutkan untuk melanjutkan.',
  'formPost.continue': 'Lanjutkan',
};

/** The provider's words in every language, merged into the hosted pages' catalogue. */
export const oidcErrorMessages: Record<Language, Record<string, string>> = { en: EN, id: ID };

/** A refusal of the provider's pages with the person's words of `key` (an `oidcError.*` entry). */
export function oidcRefusal(status: number, error: string, key: OidcWordsKey): HttpError {
  return new HttpError(status, error, wordsOf(key));
}

function wordsOf(key: OidcWordsKey): Words {
  return { en: EN[key], id: ID[key] };
}

/** The key of the sentence a person reads for an OAuth error (and oidc-provider's description of it). */
export function oidcErrorKey(error: string, description?: string): OidcWordsKey {
  // oidc-provider's "interaction session not found", "… mismatch": the interaction cookie is gone or another browser's.
  if (/interaction session|session not found|authorization request has expired/i.test(description ?? '')) return 'oidcError.session';
  const key = `oidcError.${error}`;
  return key in EN ? (key as OidcWordsKey) : 'oidcError.other';
}

/**
 * oidc-provider's errors met on the interaction routes (a stale or foreign interaction cookie) as a
 * refusal in the person's words, its OAuth code kept; anything else goes on unchanged.
 */
export function inPersonWords(err: unknown): unknown {
  if (!(err instanceof errors.OIDCProviderError)) return err;
  const status = err.status >= 400 && err.status < 500 ? err.status : 400;
  return new HttpError(status, err.error, wordsOf(oidcErrorKey(err.error, err.error_description)));
}

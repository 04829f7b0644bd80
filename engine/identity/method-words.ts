import type { Language } from '../languages.js';

/** The amr values Gerbang's steps record (RFC 8176 and its own `remembered-browser`). */
export const AMR_VALUES = ['pwd', 'pin', 'otp', 'sms', 'hwk', 'swk', 'fed', 'mfa', 'remembered-browser'] as const;

/**
 * Each sign-in method (an `amr` value) in a person's words, in every language of engine/languages.ts:
 * what the demo app shows of an ID token and what the console's audit log shows of a sign-in.
 */
export const SIGN_IN_METHOD_WORDS: Readonly<Record<string, Record<Language, string>>> = {
  pwd: { en: 'password', id: 'kata sandi' },
  pin: { en: 'PIN', id: 'PIN' },
  otp: { en: 'one-time code', id: 'kode sekali pakai' },
  sms: { en: 'code by text message', id: 'kode melalui SMS' },
  hwk: { en: 'passkey or security key', id: 'passkey atau kunci keamanan' },
  swk: { en: 'key on this device', id: 'kunci di perangkat ini' },
  fed: { en: 'another account (social sign-in)', id: 'akun lain (masuk dengan media sosial)' },
  mfa: { en: 'second factor', id: 'faktor kedua' },
  'remembered-browser': { en: 'remembered browser', id: 'peramban yang diingat' },
} satisfies Record<(typeof AMR_VALUES)[number], Record<Language, string>>;

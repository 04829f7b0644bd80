/**
 * Localisation of the hosted pages, in the languages of engine/languages.ts. Node types bring their own
 * messages (merged in by `createTranslator`); the page chrome and shared field errors live here.
 */
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, type Language } from '../languages.js';

export { LANGUAGE_NAMES, pickLanguage, type Language } from '../languages.js';

/** The languages of the hosted pages: the one list in engine/languages.ts. */
export const SUPPORTED_LANGUAGES = LANGUAGE_CODES;

/** The page chrome and shared field errors, in every language. */
export const commonMessages: Record<Language, Record<string, string>> = {
  en: {
    'page.language': 'Language',
    'page.signOut': 'Sign out',
    'page.signIn': 'Sign in',
    'home.title': 'Welcome',
    'home.signedInAs': 'You are signed in as {email}.',
    'home.signedOut': 'You are not signed in.',
    'home.account': 'Manage your account',
    'home.demoApp': 'Try the demo app',
    'signedOut.info': 'You have been signed out.',
    'signOut.question': 'Do you want to sign out of all apps?',
    'signOut.stay': 'Stay signed in',
    'signedOut.title': 'Signed out',
    'error.title': 'Something went wrong',
    'error.expired': 'This sign-in page has expired. Please start again.',
    'error.not-found': 'This sign-in page does not exist. Please start again.',
    'error.wrong-browser': 'This sign-in page was opened in another browser. Please start again here.',
    'error.conflict': 'This page was submitted twice. We kept the latest step.',
    'error.finished': 'This journey has already ended.',
    'error.flow-unavailable': 'This journey is not available right now.',
    'error.requirement-unmet': 'This journey cannot go on from here: its next step needs you to be signed in, or to have given your email address, first. Sign in, then start it again from your account.',
    'error.csrf': 'Your form expired for security reasons. Please try again.',
    'error.rateLimited': 'Too many attempts. Please wait a minute and try again.',
    'error.internal': 'An unexpected error happened. Please try again.',
    'error.startAgain': 'Start again',
    'error.magic-wrong-browser': 'This link works only in the browser where you asked for it. Open it there, or start again in this browser.',
    'field.required': 'Please fill in this field.',
    'field.email': 'Please enter a valid email address.',
    'field.tel': 'Please enter a valid phone number, for example +62 812 3456 7890.',
    'field.date': 'Please enter a valid date.',
    'field.past': 'Please enter a date in the past.',
    'field.minimumAge': 'You must be at least {n} years old.',
    'field.number': 'Please enter a number.',
    'field.min': 'Please enter {n} or more.',
    'field.max': 'Please enter {n} or less.',
    'field.url': 'Please enter a web address starting with https://.',
    'field.choice': 'Please pick one of the choices.',
    'field.pattern': 'Please use the expected format.',
    'field.tooLong': 'Please use at most {n} characters.',
    'field.tooShort': 'Please use at least {n} characters.',
  },
  id: {
    'page.language': 'Bahasa',
    'page.signOut': 'Keluar',
    'page.signIn': 'Masuk',
    'home.title': 'Selamat datang',
    'home.signedInAs': 'Anda masuk sebagai {email}.',
    'home.signedOut': 'Anda belum masuk.',
    'home.account': 'Kelola akun Anda',
    'home.demoApp': 'Coba aplikasi demo',
    'signedOut.info': 'Anda telah keluar.',
    'signOut.question': 'Apakah Anda ingin keluar dari semua aplikasi?',
    'signOut.stay': 'Tetap masuk',
    'signedOut.title': 'Sudah keluar',
    'error.title': 'Terjadi kesalahan',
    'error.expired': 'Halaman masuk ini sudah kedaluwarsa. Silakan mulai lagi.',
    'error.not-found': 'Halaman masuk ini tidak ada. Silakan mulai lagi.',
    'error.wrong-browser': 'Halaman masuk ini dibuka di peramban lain. Silakan mulai lagi di sini.',
    'error.conflict': 'Halaman ini terkirim dua kali. Kami menyimpan langkah terakhir.',
    'error.finished': 'Perjalanan ini sudah selesai.',
    'error.flow-unavailable': 'Perjalanan ini sedang tidak tersedia.',
    'error.requirement-unmet': 'Perjalanan ini tidak dapat dilanjutkan dari sini: langkah berikutnya memerlukan Anda masuk, atau memberikan alamat email Anda, terlebih dahulu. Masuk, lalu mulai lagi dari akun Anda.',
    'error.csrf': 'Formulir Anda kedaluwarsa demi keamanan. Silakan coba lagi.',
    'error.rateLimited': 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.',
    'error.internal': 'Terjadi kesalahan tak terduga. Silakan coba lagi.',
    'error.startAgain': 'Mulai lagi',
    'error.magic-wrong-browser': 'Tautan ini hanya berfungsi di peramban tempat Anda memintanya. Buka di sana, atau mulai lagi di peramban ini.',
    'field.required': 'Harap isi kolom ini.',
    'field.email': 'Masukkan alamat email yang valid.',
    'field.tel': 'Masukkan nomor telepon yang valid, misalnya +62 812 3456 7890.',
    'field.date': 'Masukkan tanggal yang valid.',
    'field.past': 'Masukkan tanggal yang sudah lewat.',
    'field.minimumAge': 'Anda harus berusia minimal {n} tahun.',
    'field.number': 'Masukkan angka.',
    'field.min': 'Masukkan {n} atau lebih.',
    'field.max': 'Masukkan {n} atau kurang.',
    'field.url': 'Masukkan alamat web yang diawali https://.',
    'field.choice': 'Pilih salah satu pilihan.',
    'field.pattern': 'Gunakan format yang diminta.',
    'field.tooLong': 'Gunakan paling banyak {n} karakter.',
    'field.tooShort': 'Gunakan paling sedikit {n} karakter.',
  },
};

export type Translator = (lang: string, key: string, vars?: Record<string, string | number>) => string;

/** Builds the translator from the common catalogue plus every node type's messages. */
export function createTranslator(extra: Record<string, Record<string, string>>): Translator {
  const catalogue: Record<string, Record<string, string>> = {};
  for (const lang of SUPPORTED_LANGUAGES) catalogue[lang] = { ...commonMessages[lang], ...extra[lang] };
  return (lang, key, vars) => {
    const template = catalogue[lang]?.[key] ?? catalogue[DEFAULT_LANGUAGE][key] ?? key;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
  };
}

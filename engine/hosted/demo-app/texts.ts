/**
 * The words of the demo app, in every language of engine/languages.ts: the page's own texts, and what
 * an ID token's `acr` and `amr` values mean, so that a person reads "password" rather than `pwd`.
 */
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../languages.js';
import { SIGN_IN_METHOD_WORDS } from '../../identity/method-words.js';

export { AMR_VALUES } from '../../identity/method-words.js';

/** Each sign-in method in `lang`. */
const methodsIn = (lang: Language) => Object.fromEntries(Object.entries(SIGN_IN_METHOD_WORDS).map(([amr, words]) => [amr, words[lang]]));

export interface DemoAppTexts {
  /** Sentences and labels of the page; `{name}` marks where the script puts a value. */
  page: Record<string, string>;
  /** Each assurance level (acr) in words. */
  levels: Record<string, string>;
  /** Each sign-in method (amr) in words. */
  methods: Record<string, string>;
}

const TEXTS: Record<Language, DemoAppTexts> = {
  en: {
    page: {
      title: 'Demo app',
      intro: 'A small app that signs people in with Gerbang, to show what an app gets back: who signed in, and how.',
      loading: 'Loading…',
      needsScript: 'The demo app runs in your browser: please allow JavaScript for this page.',
      signedOut: 'You are not signed in to the demo app.',
      signIn: 'Sign in',
      finishing: 'Finishing your sign-in…',
      signedIn: 'You are signed in',
      signedInAs: 'The demo app knows you as {email}.',
      email: 'Email address',
      name: 'Name',
      level: 'Sign-in level',
      methods: 'Signed in with',
      authTime: 'Signed in at',
      idTokenUntil: 'ID token valid until',
      accessTokenUntil: 'Access token valid until',
      refreshToken: 'Refresh token',
      refreshTokenYes: 'received; a new one replaces it each time it is used',
      refreshTokenNo: 'none',
      notGiven: 'not given',
      rawClaims: 'Show the ID token’s claims',
      callMe: 'Call /me',
      meAnswer: 'What /me answered',
      refresh: 'Refresh tokens',
      refreshed: 'Tokens refreshed at {time}: a new access token and a new refresh token.',
      signOut: 'Sign out',
      signedOutDone: 'You are signed out of the demo app.',
      elsewhere: 'The demo app signs in at Gerbang’s public address (PUBLIC_URL), not at this one. Open it there:',
      stateMismatch: 'This answer does not belong to a sign-in started in this browser tab (its state does not match). Please sign in again.',
      nonceMismatch: 'The ID token was not issued for this sign-in (its nonce does not match). Please sign in again.',
      badToken: 'The ID token could not be verified: {reason}',
      otherPerson: 'it is about another person than the one signed in',
      providerError: 'Gerbang did not sign you in: {error}',
      notCompleted: 'You did not finish signing in, so the demo app was not given access. ({error})',
      notStrongEnough: 'This sign-in did not reach the level the demo app requires. Please sign in again. ({error})',
      requestFailed: 'Gerbang refused the request: {error}',
      sessionGone: 'Your tokens are no longer valid. Please sign in again.',
    },
    levels: {
      'urn:gerbang:loa:1': 'one factor (level 1)',
      'urn:gerbang:loa:2': 'two factors (level 2)',
      'urn:gerbang:loa:3': 'a phishing-resistant passkey (level 3)',
    },
    methods: methodsIn('en'),
  },
  id: {
    page: {
      title: 'Aplikasi demo',
      intro: 'Aplikasi kecil yang memasukkan pengguna melalui Gerbang, untuk menunjukkan apa yang diterima sebuah aplikasi: siapa yang masuk, dan dengan cara apa.',
      loading: 'Memuat…',
      needsScript: 'Aplikasi demo berjalan di peramban Anda: izinkan JavaScript untuk halaman ini.',
      signedOut: 'Anda belum masuk ke aplikasi demo.',
      signIn: 'Masuk',
      finishing: 'Menyelesaikan proses masuk Anda…',
      signedIn: 'Anda sudah masuk',
      signedInAs: 'Aplikasi demo mengenali Anda sebagai {email}.',
      email: 'Alamat email',
      name: 'Nama',
      level: 'Tingkat masuk',
      methods: 'Masuk dengan',
      authTime: 'Waktu masuk',
      idTokenUntil: 'Token ID berlaku sampai',
      accessTokenUntil: 'Token akses berlaku sampai',
      refreshToken: 'Token pembaruan',
      refreshTokenYes: 'diterima; diganti yang baru setiap kali dipakai',
      refreshTokenNo: 'tidak ada',
      notGiven: 'tidak diberikan',
      rawClaims: 'Tampilkan klaim token ID',
      callMe: 'Panggil /me',
      meAnswer: 'Jawaban /me',
      refresh: 'Perbarui token',
      refreshed: 'Token diperbarui pukul {time}: token akses baru dan token pembaruan baru.',
      signOut: 'Keluar',
      signedOutDone: 'Anda telah keluar dari aplikasi demo.',
      elsewhere: 'Aplikasi demo memproses masuk di alamat publik Gerbang (PUBLIC_URL), bukan di alamat ini. Buka di sana:',
      stateMismatch: 'Jawaban ini bukan milik proses masuk yang dimulai di tab peramban ini (state tidak cocok). Silakan masuk lagi.',
      nonceMismatch: 'Token ID ini tidak diterbitkan untuk proses masuk ini (nonce tidak cocok). Silakan masuk lagi.',
      badToken: 'Token ID tidak dapat diverifikasi: {reason}',
      otherPerson: 'token ini tentang orang lain, bukan yang sedang masuk',
      providerError: 'Gerbang tidak memasukkan Anda: {error}',
      notCompleted: 'Anda tidak menyelesaikan proses masuk, sehingga aplikasi demo tidak diberi akses. ({error})',
      notStrongEnough: 'Proses masuk ini belum mencapai tingkat yang diwajibkan aplikasi demo. Silakan masuk lagi. ({error})',
      requestFailed: 'Gerbang menolak permintaan: {error}',
      sessionGone: 'Token Anda sudah tidak berlaku. Silakan masuk lagi.',
    },
    levels: {
      'urn:gerbang:loa:1': 'satu faktor (tingkat 1)',
      'urn:gerbang:loa:2': 'dua faktor (tingkat 2)',
      'urn:gerbang:loa:3': 'passkey yang tahan phishing (tingkat 3)',
    },
    methods: methodsIn('id'),
  },
};

/** The demo app's words in a language (the default language's for an unknown one). */
export function demoAppTexts(lang: string): DemoAppTexts {
  return TEXTS[isLanguage(lang) ? lang : DEFAULT_LANGUAGE];
}

/** Every language's texts, for the test that each has every key, level and method. */
export const ALL_DEMO_APP_TEXTS: Readonly<Record<Language, DemoAppTexts>> = TEXTS;

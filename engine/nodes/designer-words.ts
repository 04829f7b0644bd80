import { FACT_WORDS, type Fact } from '../flow/steps.js';
import type { Language } from '../languages.js';
import { mapSchemaTexts } from './schema-texts.js';
import type { AnyNodeType, DesignerLanguage, JsonSchema, OutcomeDef } from './types.js';

/** What a step needs before it, in the designer's other languages (the palette and the settings panel say it). */
export const FACT_NEEDS: Record<DesignerLanguage, Record<Fact, string>> = {
  id: {
    user: 'seseorang yang sudah masuk',
    email: 'alamat email',
    'new-email': 'alamat email baru',
    'email-verified': 'alamat email yang terverifikasi',
    consent: 'jawaban persetujuan orang itu',
    'social-pending': 'akun sosial yang menunggu ditautkan',
  },
};

// Settings texts of schema parts several steps share: each step spreads the ones its schema uses.

/** A text the designer writes once for all languages, or once per language (identity/attributes.ts). */
export const LOCALISED_TEXT_WORDS: Record<DesignerLanguage, Record<string, string>> = {
  id: {
    'Same text in every language': 'Teks yang sama di setiap bahasa',
    'A text per language': 'Teks per bahasa',
    English: 'Bahasa Inggris',
    'Bahasa Indonesia': 'Bahasa Indonesia',
  },
};

/** The password rules of sign-up and of setting a new password (methods/password/policy.ts). */
export const PASSWORD_RULES_WORDS: Record<DesignerLanguage, Record<string, string>> = {
  id: {
    'Password rules': 'Aturan kata sandi',
    'Shortest password': 'Panjang kata sandi minimum',
    'Longest password': 'Panjang kata sandi maksimum',
    'Needs a lower-case letter': 'Wajib ada huruf kecil',
    'Needs an upper-case letter': 'Wajib ada huruf besar',
    'Needs a digit': 'Wajib ada angka',
    'Needs a symbol': 'Wajib ada simbol',
  },
};

/** A code or link sent by email (methods/codes/email-step.ts). */
export const EMAIL_CODE_WORDS: Record<DesignerLanguage, Record<string, string>> = {
  id: {
    'What to send': 'Yang dikirim',
    'A 6-digit code to type in, or a link to open in the same browser.': 'Kode 6 digit untuk diketik, atau tautan untuk dibuka di peramban yang sama.',
    'A 6-digit code': 'Kode 6 digit',
    'A link': 'Tautan',
    'Minutes the code or link stays valid': 'Berapa menit kode atau tautan berlaku',
    'Wrong codes allowed before it stops working': 'Jumlah kode salah yang diizinkan sebelum tidak berlaku lagi',
    'Mails one address may receive per hour': 'Jumlah email yang boleh diterima satu alamat per jam',
  },
};

/** The second factors, by the names their modules give them (methods/<method>/factor.ts). */
export const FACTOR_WORDS: Record<DesignerLanguage, Record<string, string>> = {
  id: {
    'Authenticator app': 'Aplikasi autentikator',
    Passkey: 'Passkey',
    'Code by email': 'Kode lewat email',
    'Code by text message': 'Kode lewat SMS',
    'Recovery code': 'Kode pemulihan',
  },
};

/** A branch the designer names (a condition's rule, an A/B split's branch). */
export const BRANCH_WORDS: Record<DesignerLanguage, Record<string, string>> = {
  id: {
    'Outcome name': 'Nama hasil',
    'Outcome label': 'Label hasil',
  },
};

/** A step type as the designer shows it in one language: as declared in English, else in its words. */
export function stepInLanguage(type: AnyNodeType, lang: Language) {
  const words = lang === 'en' ? undefined : type.words?.[lang];
  return {
    title: words?.title ?? type.title,
    description: words?.description ?? type.description,
    /** The labels of the outcomes the step names itself, by outcome name (none in English: as declared). */
    outcomeLabels: words?.outcomes ?? {},
    outcome: (o: OutcomeDef): OutcomeDef => ({ ...o, label: words?.outcomes[o.name] ?? o.label }),
    settingsSchema: words ? mapSchemaTexts<JsonSchema>(type.settingsSchema, (text) => words.settings[text] ?? text) : type.settingsSchema,
    needs: (fact: Fact) => (lang === 'en' ? FACT_WORDS[fact].needs : FACT_NEEDS[lang][fact]),
  };
}

import type { WordsLanguage } from '../flow/settings-words.js';
import { STEP_UP_FLOW } from '../runtime/assurance.js';

/**
 * The journey routes' own refusals, in each language of the designer (the routes take the designer's
 * `?lang=`): a journey id taken, a template or journey that does not exist, a journey that cannot be
 * deleted while it is used (and where), a graph sent for another journey, a sealed value this server
 * cannot open.
 */
export interface JourneyRefusalWords {
  idTaken: (id: string, from: 'id' | 'name') => string;
  noTemplate: (template: string) => string;
  noJourney: (id: string) => string;
  cannotDelete: (name: string, reasons: string[]) => string;
  isDefault: string;
  engineStarts: (when: string) => string;
  appSignsIn: (app: string) => string;
  journeyLeads: (journey: string, steps: string) => string;
  /** Journeys Gerbang starts itself, by their id: when. */
  engineJourneys: Record<string, string>;
  graphOfAnother: (graphId: string, id: string) => string;
  sealedUnreadable: (testCase: string) => string;
  noTestCase: (id: string) => string;
  noStepType: (type: string) => string;
  noVersion: (id: string, version: number) => string;
  cannotPreview: (step: string, problems: string[]) => string;
  noPage: (step: string) => string;
}

const WORDS: Record<WordsLanguage, JourneyRefusalWords> = {
  en: {
    idTaken: (id, from) => `A journey with the id "${id}" already exists; choose another ${from}.`,
    noTemplate: (template) => `There is no template "${template}".`,
    noJourney: (id) => `There is no flow "${id}".`,
    cannotDelete: (name, reasons) => `"${name}" cannot be deleted: ${reasons.join('; ')}.`,
    isDefault: 'it is the journey of /login (the default sign-in)',
    engineStarts: (when) => `Gerbang itself starts it (${when})`,
    appSignsIn: (app) => `the app "${app}" signs people in with it`,
    journeyLeads: (journey, steps) => `the journey "${journey}" leads to it (${steps})`,
    engineJourneys: {
      [STEP_UP_FLOW]: 'when a sign-in must prove more',
      'admin-login': "the console's sign-in",
      'mfa-setup': '"Add a sign-in method" on /account',
      'email-change': '"Change email" on /account',
      'password-reset': '"Forgot password?"',
    },
    graphOfAnother: (graphId, id) => `The graph's id "${graphId}" does not match the journey "${id}".`,
    sealedUnreadable: (testCase) => `Test case "${testCase}" holds a sealed value this server cannot open; type the value again.`,
    noTestCase: (id) => `The journey has no test case "${id}".`,
    noStepType: (type) => `There is no step type "${type}".`,
    noVersion: (id, version) => `Flow "${id}" has no version ${version}.`,
    cannotPreview: (step, problems) => `Step "${step}" cannot be previewed: ${problems.join('; ')}.`,
    noPage: (step) => `Step "${step}" shows no page of its own.`,
  },
  id: {
    idTaken: (id, from) => `Perjalanan dengan id "${id}" sudah ada; pilih ${from === 'id' ? 'id' : 'nama'} lain.`,
    noTemplate: (template) => `Tidak ada templat "${template}".`,
    noJourney: (id) => `Tidak ada perjalanan "${id}".`,
    cannotDelete: (name, reasons) => `"${name}" tidak dapat dihapus: ${reasons.join('; ')}.`,
    isDefault: 'ini adalah perjalanan /login (proses masuk bawaan)',
    engineStarts: (when) => `Gerbang sendiri yang memulainya (${when})`,
    appSignsIn: (app) => `aplikasi "${app}" memakainya untuk memasukkan orang`,
    journeyLeads: (journey, steps) => `perjalanan "${journey}" menuju ke sini (${steps})`,
    engineJourneys: {
      [STEP_UP_FLOW]: 'saat proses masuk harus membuktikan lebih banyak',
      'admin-login': 'proses masuk konsol',
      'mfa-setup': '"Tambah metode masuk" di /account',
      'email-change': '"Ganti alamat email" di /account',
      'password-reset': '"Lupa kata sandi?"',
    },
    graphOfAnother: (graphId, id) => `Id graf "${graphId}" tidak cocok dengan perjalanan "${id}".`,
    sealedUnreadable: (testCase) => `Kasus uji "${testCase}" menyimpan nilai tersegel yang tidak dapat dibuka server ini; ketik nilainya lagi.`,
    noTestCase: (id) => `Perjalanan ini tidak memiliki kasus uji "${id}".`,
    noStepType: (type) => `Tidak ada jenis langkah "${type}".`,
    noVersion: (id, version) => `Perjalanan "${id}" tidak memiliki versi ${version}.`,
    cannotPreview: (step, problems) => `Langkah "${step}" tidak dapat dipratinjau: ${problems.join('; ')}.`,
    noPage: (step) => `Langkah "${step}" tidak menampilkan halamannya sendiri.`,
  },
};

/** The journey routes' refusals in a language (English for one they are not said in). */
export const journeyRefusalWords = (lang: string = 'en'): JourneyRefusalWords => (Object.hasOwn(WORDS, lang) ? WORDS[lang as WordsLanguage] : WORDS.en);

import type { WordsLanguage } from './settings-words.js';

/**
 * The words of publishing a journey, in each language of the designer: what publishing would change
 * (the list the publish dialog shows) and why publishing was refused. Steps and test cases are named
 * as the designer wrote them (quoted).
 */
export interface PublishWords {
  stepAdded: (step: string) => string;
  stepRenamed: (before: string, after: string) => string;
  stepSettingsChanged: (step: string) => string;
  stepRemoved: (step: string) => string;
  connectionAdded: (from: string, to: string) => string;
  connectionRemoved: (from: string, to: string) => string;
  startsAt: (step: string) => string;
  renamed: (name: string) => string;
  descriptionChanged: string;
  testCaseAdded: (name: string) => string;
  testCaseChanged: (name: string) => string;
  testCaseRemoved: (name: string) => string;
  /** The journey has problems to fix first. */
  hasProblems: (count: number) => string;
  /** Saved test cases failed; `each` says which and why. */
  testCasesFailed: (failing: number, total: number, each: string) => string;
  /** Another publish took the same version number. */
  publishedMeanwhile: string;
  /** The test cases (or a "Try it" run) need a journey without problems. */
  fixToRunTests: string;
  fixToTry: string;
  /** Saving a "Try it" run as a test case. */
  tryRunGone: string;
  nothingAnswered: string;
  tooManyTestCases: (max: number) => string;
  tryNotACase: (problems: string) => string;
}

const WORDS: Record<WordsLanguage, PublishWords> = {
  en: {
    stepAdded: (step) => `Step ${step} added`,
    stepRenamed: (before, after) => `Step ${before} renamed to ${after}`,
    stepSettingsChanged: (step) => `Settings of step ${step} changed`,
    stepRemoved: (step) => `Step ${step} removed`,
    connectionAdded: (from, to) => `Connection from ${from} to ${to} added`,
    connectionRemoved: (from, to) => `Connection from ${from} to ${to} removed`,
    startsAt: (step) => `The journey now starts at ${step}`,
    renamed: (name) => `Renamed to "${name}"`,
    descriptionChanged: 'Description changed',
    testCaseAdded: (name) => `Test case "${name}" added`,
    testCaseChanged: (name) => `Test case "${name}" changed`,
    testCaseRemoved: (name) => `Test case "${name}" removed`,
    hasProblems: (count) => `The flow has ${count} problem(s) to fix before publishing.`,
    testCasesFailed: (failing, total, each) => `${failing} of ${total} test case${total === 1 ? '' : 's'} failed, so the journey was not published. ${each}`,
    publishedMeanwhile: 'Another version was published at the same time; reload and publish again.',
    fixToRunTests: 'Fix the problems of the journey to run its test cases.',
    fixToTry: 'Fix the problems of the flow to try it.',
    tryRunGone: 'There is no "Try it" run of yours for this journey; it may have expired. Try the journey again.',
    nothingAnswered: 'Nothing was answered in this "Try it" run yet: answer at least one step, then save it.',
    tooManyTestCases: (max) => `A journey keeps at most ${max} test cases; remove one first.`,
    tryNotACase: (problems) => `This try cannot be saved as a test case: ${problems}`,
  },
  id: {
    stepAdded: (step) => `Langkah ${step} ditambahkan`,
    stepRenamed: (before, after) => `Langkah ${before} diganti namanya menjadi ${after}`,
    stepSettingsChanged: (step) => `Pengaturan langkah ${step} diubah`,
    stepRemoved: (step) => `Langkah ${step} dihapus`,
    connectionAdded: (from, to) => `Sambungan dari ${from} ke ${to} ditambahkan`,
    connectionRemoved: (from, to) => `Sambungan dari ${from} ke ${to} dihapus`,
    startsAt: (step) => `Perjalanan kini dimulai di ${step}`,
    renamed: (name) => `Nama diganti menjadi "${name}"`,
    descriptionChanged: 'Deskripsi diubah',
    testCaseAdded: (name) => `Kasus uji "${name}" ditambahkan`,
    testCaseChanged: (name) => `Kasus uji "${name}" diubah`,
    testCaseRemoved: (name) => `Kasus uji "${name}" dihapus`,
    hasProblems: (count) => `Perjalanan ini memiliki ${count} masalah yang harus diperbaiki sebelum diterbitkan.`,
    testCasesFailed: (failing, total, each) => `${failing} dari ${total} kasus uji gagal, jadi perjalanan ini tidak diterbitkan. ${each}`,
    publishedMeanwhile: 'Versi lain diterbitkan pada saat yang sama; muat ulang, lalu terbitkan lagi.',
    fixToRunTests: 'Perbaiki masalah perjalanan ini untuk menjalankan kasus ujinya.',
    fixToTry: 'Perbaiki masalah perjalanan ini untuk mencobanya.',
    tryRunGone: 'Tidak ada percobaan "Coba" milik Anda untuk perjalanan ini; mungkin sudah kedaluwarsa. Coba perjalanan ini lagi.',
    nothingAnswered: 'Belum ada yang dijawab dalam percobaan "Coba" ini: jawab paling sedikit satu langkah, lalu simpan.',
    tooManyTestCases: (max) => `Sebuah perjalanan menyimpan paling banyak ${max} kasus uji; hapus satu terlebih dahulu.`,
    tryNotACase: (problems) => `Percobaan ini tidak dapat disimpan sebagai kasus uji: ${problems}`,
  },
};

/** The words of publishing in a language (English for one they are not said in). */
export const publishWords = (lang: string = 'en'): PublishWords => (Object.hasOwn(WORDS, lang) ? WORDS[lang as WordsLanguage] : WORDS.en);

import type { WordsLanguage } from './settings-words.js';

/**
 * Why a saved test case failed, in each language of the designer: steps and outcomes are named as the
 * canvas names them (quoted, in the same language), never by their ids.
 */
export interface TestCaseWords {
  /** How a run ended: success or failure. */
  ends: Record<'success' | 'failure', string>;
  endedButWaits: (ended: string, at: string, expected: string) => string;
  endedOtherwise: (ended: string, at: string, expected: string) => string;
  endedElsewhere: (at: string, expected: string) => string;
  goesRound: (pages: number, at: string) => string;
  waitsForOutside: (at: string) => string;
  waitsElsewhere: (at: string, expected: string) => string;
  noAnswer: (at: string, further: boolean, pageSaid: string | null) => string;
  leavesForAnotherSite: (at: string) => string;
  leadsNowhere: (at: string, outcome: string) => string;
  /** The engine's own message stays as it says it (it is technical). */
  stoppedWithError: (at: string, message: string) => string;
  /** The name of a case saved from a "Try it" run, from how the run went. */
  triedAndEnded: (email: string, ended: string, at: string) => string;
  triedAndWaits: (email: string, at: string) => string;
  /** Who tried, before anyone's address was typed. */
  someone: string;
}

const WORDS: Record<WordsLanguage, TestCaseWords> = {
  en: {
    ends: { success: 'success', failure: 'failure' },
    endedButWaits: (ended, at, expected) => `It ended in ${ended} at ${at}; the case expects it to wait at ${expected}.`,
    endedOtherwise: (ended, at, expected) => `It ended in ${ended} at ${at}; the case expects ${expected}.`,
    endedElsewhere: (at, expected) => `It ended at ${at}; the case expects ${expected}.`,
    goesRound: (pages, at) => `It went through more than ${pages} pages without ending; the answers keep it going round at ${at}.`,
    waitsForOutside: (at) => `It waits at ${at} for an answer from outside (a link opened from a mail, another site); a test case cannot give it.`,
    waitsElsewhere: (at, expected) => `It waits at ${at} for an answer; the case expects it to wait at ${expected}.`,
    noAnswer: (at, further, pageSaid) => `It stopped at ${at}: the case has no ${further ? 'further ' : ''}answer for that step${pageSaid ? ` (the page said: ${pageSaid})` : ''}.`,
    leavesForAnotherSite: (at) => `${at} sends the person to another site; a test case cannot follow it.`,
    leadsNowhere: (at, outcome) => `At ${at} the person took ${outcome}, which leads nowhere.`,
    stoppedWithError: (at, message) => `It stopped with an error at ${at}: ${message}`,
    triedAndEnded: (email, ended, at) => `Tried: ${email} ends in ${ended} at "${at}"`,
    triedAndWaits: (email, at) => `Tried: ${email} waits at "${at}"`,
    someone: 'someone',
  },
  id: {
    ends: { success: 'keberhasilan', failure: 'kegagalan' },
    endedButWaits: (ended, at, expected) => `Perjalanan berakhir dengan ${ended} di ${at}; kasus ini mengharapkan perjalanan menunggu di ${expected}.`,
    endedOtherwise: (ended, at, expected) => `Perjalanan berakhir dengan ${ended} di ${at}; kasus ini mengharapkan ${expected}.`,
    endedElsewhere: (at, expected) => `Perjalanan berakhir di ${at}; kasus ini mengharapkan ${expected}.`,
    goesRound: (pages, at) => `Perjalanan melewati lebih dari ${pages} halaman tanpa berakhir; jawaban-jawabannya membuat perjalanan terus berputar di ${at}.`,
    waitsForOutside: (at) => `Perjalanan menunggu jawaban dari luar di ${at} (tautan yang dibuka dari email, situs lain); kasus uji tidak dapat memberikannya.`,
    waitsElsewhere: (at, expected) => `Perjalanan menunggu jawaban di ${at}; kasus ini mengharapkan perjalanan menunggu di ${expected}.`,
    noAnswer: (at, further, pageSaid) =>
      `Perjalanan berhenti di ${at}: kasus ini tidak memiliki jawaban ${further ? 'lain ' : ''}untuk langkah itu${pageSaid ? ` (halaman itu menyatakan: ${pageSaid})` : ''}.`,
    leavesForAnotherSite: (at) => `${at} mengarahkan orang itu ke situs lain; kasus uji tidak dapat mengikutinya.`,
    leadsNowhere: (at, outcome) => `Di ${at} orang itu mengambil hasil ${outcome}, yang tidak menuju ke mana pun.`,
    stoppedWithError: (at, message) => `Perjalanan berhenti karena kesalahan di ${at}: ${message}`,
    triedAndEnded: (email, ended, at) => `Dicoba: ${email} berakhir dengan ${ended} di "${at}"`,
    triedAndWaits: (email, at) => `Dicoba: ${email} menunggu di "${at}"`,
    someone: 'seseorang',
  },
};

/** Why test cases failed, in a language (English for one they are not said in). */
export const testCaseWords = (lang: string = 'en'): TestCaseWords => (Object.hasOwn(WORDS, lang) ? WORDS[lang as WordsLanguage] : WORDS.en);

import type { WordsLanguage } from './settings-words.js';

/**
 * One sentence in every language the designer speaks, declared together so none can be left out
 * (a step's own checks, the words of the publish dialog): the type asks for each language.
 */
export type Said = Record<WordsLanguage, string>;

/** The sentence in `lang` (English for a language it is not said in). */
export const sayIn = (said: Said, lang: string = 'en'): string => (Object.hasOwn(said, lang) ? said[lang as WordsLanguage] : said.en);

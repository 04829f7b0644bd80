import type { Request } from 'express';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, pickLanguage, type Language, type Words } from '../languages.js';

export type { Words };

/**
 * What an API says to a person, in every language the console speaks: a refusal declares its words
 * once per language (the compiler checks that none is missing) and the kit answers each request in
 * the language it asked for, English when it asked for none.
 */

/** Words of a refusal: in every language, or (for words of a library or a peer) as they came. */
export type Said = string | Words;

/** `said` in `lang` (text that came in one language only stays as it came). */
export const inLanguage = (said: Said, lang: Language): string => (typeof said === 'string' ? said : said[lang] || said[DEFAULT_LANGUAGE]);

/** The same sentence built in each language, e.g. from a table of words per language. */
export function inEveryLanguage(build: (lang: Language) => string): Words {
  return Object.fromEntries(LANGUAGE_CODES.map((lang) => [lang, build(lang)])) as Record<Language, string>;
}

const resolved = new WeakMap<Request, Language>();

/**
 * The language a request asks its answers in, resolved once per request: an explicit `?lang=` (the
 * designer's routes take one), else `Accept-Language` (the console's API client says the console's
 * language), else English — the hosted pages' negotiation.
 */
export function requestLanguage(req: Request): Language {
  let lang = resolved.get(req);
  if (!lang) {
    const asked = typeof req.query?.lang === 'string' ? req.query.lang : undefined;
    lang = pickLanguage(asked, req.headers['accept-language']);
    resolved.set(req, lang);
  }
  return lang;
}

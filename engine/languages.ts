/**
 * The languages Gerbang speaks, in one list: hosted pages, messages of every step, localised texts in
 * flows and consents, the designer's preview and the language switch all take them from here.
 * Adding a language is one entry here plus its messages.
 */
export const LANGUAGES = [
  // `locale` formats dates and numbers for that language.
  { code: 'en', name: 'English', locale: 'en-GB' },
  { code: 'id', name: 'Bahasa Indonesia', locale: 'id-ID' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

/** A sentence in every language (the compiler checks that none is missing). */
export type Words = Readonly<Record<Language, string>>;

export const LANGUAGE_CODES: readonly Language[] = LANGUAGES.map((l) => l.code);

/** The language used when nothing else decides. */
export const DEFAULT_LANGUAGE: Language = 'en';

export const LANGUAGE_NAMES = Object.fromEntries(LANGUAGES.map((l) => [l.code, l.name])) as Record<Language, string>;

/** The locale that formats dates and numbers for a language (the default language's for others). */
export function localeOf(lang: string): string {
  return (LANGUAGES.find((l) => l.code === lang) ?? LANGUAGES.find((l) => l.code === DEFAULT_LANGUAGE)!).locale;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);
}

/** Picks the language: explicit choice (cookie or query) first, then Accept-Language, then English. */
export function pickLanguage(explicit: string | undefined, acceptLanguage: string | undefined): Language {
  if (isLanguage(explicit)) return explicit;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.lang)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    if (lang === 'in' || lang === 'ms') return 'id'; // legacy code for Indonesian; Malay speakers read it too
    if (isLanguage(lang)) return lang;
  }
  return DEFAULT_LANGUAGE;
}

/** The language when Gerbang speaks it, else null (e.g. to remember the language a person used). */
export const knownLanguage = (value: unknown): Language | null => (isLanguage(value) ? value : null);

/** The language to write to someone in: theirs when known (a stored code), the default otherwise. */
export const languageOrDefault = (value: unknown): Language => knownLanguage(value) ?? DEFAULT_LANGUAGE;

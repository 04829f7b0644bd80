import type { RJSFSchema } from '@rjsf/utils';

/**
 * The value of a localised text (`localisedTextSchema`): a string (one text for every language) or an
 * object of one text per language. The form edits texts by language and stores the simplest shape.
 */
export type Language = { code: string; name: string };
export type Stored = string | Record<string, string> | undefined;

/** The languages the schema's per-language shape names, the default language (whose text shows where another has none) first. */
export function languagesOf(schema: RJSFSchema): Language[] {
  const perLanguage = (schema.anyOf ?? []).find((o) => typeof o === 'object' && o.type === 'object');
  const properties = typeof perLanguage === 'object' ? (perLanguage.properties ?? {}) : {};
  return Object.entries(properties).map(([code, p]) => ({ code, name: (typeof p === 'object' && typeof p.title === 'string' && p.title) || code }));
}

/** The texts by language of a stored value (a plain string is the default language's). */
export function textsOf(value: unknown, defaultCode: string): Record<string, string> {
  if (typeof value === 'string') return { [defaultCode]: value };
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return {};
}

/** What to store for these texts: nothing, a plain string (one text for every language), or a text per language. */
export function storedOf(texts: Record<string, string>, defaultCode: string): Stored {
  const given = Object.fromEntries(Object.entries(texts).filter(([, text]) => text !== ''));
  const codes = Object.keys(given);
  if (codes.length === 0) return undefined;
  if (codes.length === 1 && codes[0] === defaultCode) return given[defaultCode];
  return given;
}


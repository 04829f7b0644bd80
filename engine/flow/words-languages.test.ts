import { describe, expect, it } from 'vitest';
import { publishWords } from './publish-words.js';
import { testCaseWords } from './test-case-words.js';

type Words = Record<string, unknown>;

/**
 * Every text of a words table, said with sample values (a function is called with one per parameter),
 * by the table's keys: what the designer shows, in one language.
 */
function texts(words: Words, prefix = ''): Array<[string, string]> {
  return Object.entries(words).flatMap(([key, value]): Array<[string, string]> => {
    const name = `${prefix}${key}`;
    if (typeof value === 'string') return [[name, value]];
    if (typeof value === 'function') {
      const args = Array.from({ length: value.length }, (_, i) => (i === 0 ? 2 : `"v${i}"`));
      return [[name, String(value(...args))]];
    }
    if (value && typeof value === 'object') return texts(value as Words, `${name}.`);
    return [];
  });
}

describe("the designer's server-side words are said in Bahasa Indonesia", () => {
  for (const [table, of] of [
    ['publishing (change list and refusals)', publishWords],
    ['why a test case failed', testCaseWords],
  ] as const) {
    it(`has an Indonesian text for every text of ${table}, not the English one`, () => {
      const english = new Map(texts(of('en') as unknown as Words));
      const indonesian = new Map(texts(of('id') as unknown as Words));
      expect([...indonesian.keys()].sort()).toEqual([...english.keys()].sort());
      const untranslated = [...english].filter(([key, en]) => !indonesian.get(key)?.trim() || indonesian.get(key) === en);
      expect(untranslated).toEqual([]);
    });
  }

  it('falls back to English for a language it does not speak', () => {
    expect(publishWords('fr').descriptionChanged).toBe('Description changed');
    expect(testCaseWords('fr').ends.success).toBe('success');
  });
});

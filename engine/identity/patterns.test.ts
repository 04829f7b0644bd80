import { describe, expect, it } from 'vitest';
import { matchesPattern, patternProblem } from './patterns.js';
import { checkAttribute } from './attributes.js';

describe("administrators' patterns on a linear-time engine", () => {
  it('matches the whole value, as the field form promises', () => {
    expect(matchesPattern('[A-Z]{2}-\\d{4}', 'AB-1234')).toBe(true);
    expect(matchesPattern('[A-Z]{2}-\\d{4}', 'xAB-1234')).toBe(false);
    expect(matchesPattern('[A-Z]{2}-\\d{4}', 'AB-12345')).toBe(false);
    expect(matchesPattern('\\p{L}+', 'Ayu')).toBe(true);
  });

  it('answers `(a+)+` against a hostile value of the longest allowed answer, every time', () => {
    const field = { name: 'nickname', label: 'Nickname', type: 'text' as const, required: false, maxLength: 1000, pattern: '(a+)+' };
    for (let i = 0; i < 50; i++) expect(checkAttribute(field, `${'a'.repeat(999)}!`)).toEqual({ ok: false, key: 'field.pattern' });
    expect(checkAttribute(field, 'a'.repeat(1000))).toEqual({ ok: true, value: 'a'.repeat(1000) });
  });

  it('names what RE2 cannot run (back-references, look-around), and accepts the rest', () => {
    expect(patternProblem('(a)\\1')).toContain('\\1');
    expect(patternProblem('(?=a)a')).toContain('(?=');
    expect(patternProblem('[0-9]{5}')).toBeNull();
    expect(matchesPattern('(a)\\1', 'aa')).toBe(false);
  });
});

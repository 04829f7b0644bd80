import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { journeyRefusalWords } from './journey-refusal-words.js';

describe("the journey routes' refusals in every language of the designer", () => {
  it('says each refusal in Bahasa Indonesia, not in the English words', () => {
    const en = journeyRefusalWords('en');
    const id = journeyRefusalWords('id');
    const said = (w: typeof en) => [
      w.idTaken('sign-in', 'name'),
      w.noTemplate('x'),
      w.noJourney('x'),
      w.cannotDelete('Sign in', [w.isDefault, w.engineStarts(w.engineJourneys['admin-login']!), w.appSignsIn('Shop'), w.journeyLeads('Other', '"Run it"')]),
      w.graphOfAnother('a', 'b'),
      w.sealedUnreadable('Case'),
      w.noTestCase('c'),
      w.noStepType('t'),
      w.noVersion('j', 2),
      w.cannotPreview('Step', ['p']),
      w.noPage('s'),
    ];
    const english = said(en);
    said(id).forEach((text, i) => {
      expect(text.trim()).not.toBe('');
      expect(text).not.toBe(english[i]);
    });
    expect(Object.keys(id.engineJourneys).sort()).toEqual(Object.keys(en.engineJourneys).sort());
    for (const [journey, when] of Object.entries(id.engineJourneys)) expect(when).not.toBe(en.engineJourneys[journey]);
    // A language it does not speak, or a name of Object's, is English.
    expect(journeyRefusalWords('toString').noJourney('x')).toBe('There is no flow "x".');
  });

  it('leaves no refusal of the journey routes in one language only', () => {
    const oneLanguage = /new (HttpError\(\d+, '[^']+', |NotFound\(|Conflict\(|BadRequest\()\s*[`'"]|message: [`'"]/;
    for (const file of ['flows.ts']) {
      const lines = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').split('\n');
      expect(lines.filter((line) => oneLanguage.test(line)).map((line) => `${file}: ${line.trim()}`)).toEqual([]);
    }
  });
});

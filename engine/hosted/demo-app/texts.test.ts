import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACR_LEVELS, REMEMBERED_BROWSER_AMR } from '../../identity/assurance.js';
import { LANGUAGE_CODES } from '../../languages.js';
import { ALL_DEMO_APP_TEXTS, AMR_VALUES, demoAppTexts } from './texts.js';

const ENGINE = fileURLToPath(new URL('../..', import.meta.url));

/** Every amr value a step or method of the engine records, read from their sources. */
function amrValuesInSource(): Set<string> {
  const found = new Set<string>([REMEMBERED_BROWSER_AMR]);
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const [, list] of source.matchAll(/\bamr: \[([^\]]*)\]/g)) for (const [, value] of list.matchAll(/'([^']+)'/g)) found.add(value);
        for (const [, value] of source.matchAll(/\bamr: '([^']+)'/g)) found.add(value);
      }
    }
  };
  visit(join(ENGINE, 'nodes'));
  visit(join(ENGINE, 'methods'));
  return found;
}

describe("the demo app's words", () => {
  it('has every page text in every language', () => {
    const english = Object.keys(ALL_DEMO_APP_TEXTS.en.page).sort();
    for (const lang of LANGUAGE_CODES) expect(Object.keys(ALL_DEMO_APP_TEXTS[lang].page).sort(), lang).toEqual(english);
  });

  it('names every assurance level and every sign-in method the engine records, in every language', () => {
    const recorded = amrValuesInSource();
    expect(recorded.size).toBeGreaterThan(4);
    for (const value of recorded) expect(AMR_VALUES, `amr "${value}" has no words in the demo app`).toContain(value);
    for (const lang of LANGUAGE_CODES) {
      const texts = ALL_DEMO_APP_TEXTS[lang];
      for (const acr of ACR_LEVELS) expect(texts.levels[acr], `${lang} ${acr}`).toBeTruthy();
      for (const amr of AMR_VALUES) expect(texts.methods[amr], `${lang} ${amr}`).toBeTruthy();
    }
  });

  it('speaks the default language for a language it does not know', () => {
    expect(demoAppTexts('xx').page.signIn).toBe('Sign in');
    expect(demoAppTexts('id').page.signIn).toBe('Masuk');
  });
});

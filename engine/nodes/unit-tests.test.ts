import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInNodeTypes } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('unit tests of the step types', () => {
  it('every step type Gerbang ships has its unit tests here, named after it', () => {
    const titles = readdirSync(here)
      .filter((f) => f.endsWith('.test.ts'))
      .flatMap((f) => [...readFileSync(join(here, f), 'utf8').matchAll(/^describe\('([^']+)'/gm)].map((m) => m[1]));
    const named = (type: string) => titles.some((t) => new RegExp(`(^|[\\s(])${type}(?![\\w-])`).test(t));
    expect(builtInNodeTypes.map((t) => t.type).filter((type) => !named(type))).toEqual([]);
  });
});

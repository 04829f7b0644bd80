import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module specifier a source file imports or re-exports (static and dynamic). */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

describe('engine/flow depends on nothing of ours', () => {
  it('imports only its own modules and packages, never another part of Gerbang', () => {
    const files = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files).toContain('proof.ts');
    const outside = files.flatMap((file) =>
      specifiers(readFileSync(join(here, file), 'utf8'))
        .filter((s) => s.startsWith('.') && relative(here, dirname(resolve(here, s))) !== '')
        .map((s) => `${file} imports ${s}`),
    );
    expect(outside).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every module specifier a source file imports or re-exports (static and dynamic). */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** Source files (not tests) under a folder of the project, recursively. */
function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(folder, f));
}

/** The imports of `folder` that land in one of `forbidden` (project-relative folders) or name a forbidden package. */
function offending(folder: string, forbidden: string[], packages: string[] = []): string[] {
  return sources(folder).flatMap((file) =>
    specifiers(readFileSync(join(root, file), 'utf8'))
      .filter((s) => {
        if (!s.startsWith('.')) return packages.includes(s);
        const target = relative(root, resolve(root, dirname(file), s));
        return forbidden.some((f) => target === f || target.startsWith(`${f}/`));
      })
      .map((s) => `${file} imports ${s}`),
  );
}

describe('dependencies point inward', () => {
  it('engine/identity imports no steps, methods, pages, HTTP or connectors', () => {
    expect(sources('engine/identity').length).toBeGreaterThan(0);
    expect(offending('engine/identity', ['engine/nodes', 'engine/methods', 'engine/hosted', 'engine/http', 'connectors'], ['express'])).toEqual([]);
  });

  it('steps and methods reach the outside only through their services: no connectors, pages or HTTP', () => {
    expect(offending('engine/nodes', ['connectors', 'engine/hosted', 'engine/http'], ['express'])).toEqual([]);
    expect(offending('engine/methods', ['connectors', 'engine/hosted', 'engine/http'], ['express'])).toEqual([]);
  });

  it('connectors are transports: they know nothing of pages, steps or the runtime', () => {
    expect(sources('connectors').length).toBeGreaterThan(0);
    expect(offending('connectors', ['engine/hosted', 'engine/http', 'engine/nodes', 'engine/runtime', 'engine/account', 'engine/admin', 'engine/oidc'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const STORE = resolve('engine/store');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** Relative imports of a file, resolved to paths under the repository. */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*from\s+'(\.[^']+)'/g)].map((m) => resolve(dirname(file), m[1]));
}

describe('the store depends on nothing of ours (dependencies point inward)', () => {
  it('the port imports only the port', () => {
    for (const file of sources(join(STORE, 'port')).concat(join(STORE, 'port.ts'))) {
      for (const target of localImports(file)) expect(relative(join(STORE, 'port'), target), `${relative(STORE, file)} imports ${target}`).not.toMatch(/^\.\./);
    }
  });

  it('the adapters import only the port and their own folder (no runtime, no identity, no nodes)', () => {
    for (const adapter of ['sqlite', 'mongo']) {
      for (const file of sources(join(STORE, adapter))) {
        for (const target of localImports(file)) {
          const inside = relative(join(STORE, adapter), target);
          const port = relative(STORE, target);
          expect(!inside.startsWith('..') || port === 'port.js' || port.startsWith('port/'), `${adapter}/${relative(join(STORE, adapter), file)} imports ${relative(STORE, target)}`).toBe(true);
        }
      }
    }
  });
});

describe('the stored flow graph is typed', () => {
  it('is never cast to the engine flow graph when read from the store', () => {
    const offenders = sources(resolve('engine')).filter((file) => /\.graph(?: as unknown)? as FlowGraph\b|\(\w+\.graph as FlowGraph/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(resolve('.'), f))).toEqual([]);
  });
});

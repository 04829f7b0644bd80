import { describe, expect, it } from 'vitest';
import { createNodeRegistry } from './index.js';
import { httpRequestNode } from './http-request.js';

describe('node registry', () => {
  it('gives every shipped step type a glyph of its own', () => {
    const types = createNodeRegistry().list();
    const byIcon = new Map<string, string[]>();
    for (const t of types) byIcon.set(t.icon, [...(byIcon.get(t.icon) ?? []), t.type]);
    const shared = [...byIcon.entries()].filter(([, owners]) => owners.length > 1);
    expect(shared).toEqual([]);
    expect(byIcon.size).toBe(types.length);
  });

  it('refuses a step type whose glyph another type already wears, naming both', () => {
    const lookalike = { ...httpRequestNode, type: 'webhook-call', icon: httpRequestNode.icon };
    expect(() => createNodeRegistry([lookalike])).toThrow('Node type "webhook-call" has the icon "{}" of "http-request": each step type needs its own');
    expect(() => createNodeRegistry([{ ...lookalike, icon: 'WH' }])).not.toThrow();
  });
});

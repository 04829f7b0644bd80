import { describe, expect, it } from 'vitest';
import { createNodeRegistry } from './index.js';
import { subflowNode } from './subflow.js';

describe('subflow step (runs another journey)', () => {
  const registry = createNodeRegistry();

  it('names the journey it runs as a reference and ends with success or failure', () => {
    expect(subflowNode.references!({ journey: 'basic-login' })).toEqual([{ kind: 'journey', id: 'basic-login' }]);
    expect(registry.step('subflow')!.outcomes({ journey: 'basic-login' }).map((o) => [o.name, o.label])).toEqual([
      ['success', 'Completed'],
      ['failure', 'Did not complete'],
    ]);
    // It asks nothing of the run itself: what the child's steps need is checked with the child's steps in place.
    expect(registry.step('subflow')!.requires({ journey: 'basic-login' })).toEqual([]);
  });

  it('refuses settings without a journey or with something that is not a journey id', () => {
    expect(registry.validateSettings('subflow', {})).not.toEqual([]);
    expect(registry.validateSettings('subflow', { journey: '../admin' })).not.toEqual([]);
    expect(registry.validateSettings('subflow', { journey: 'basic-login', extra: 1 })).not.toEqual([]);
    expect(registry.validateSettings('subflow', { journey: 'basic-login' })).toEqual([]);
  });

  it('offers a picker of journeys in its settings form', () => {
    expect((subflowNode.settingsSchema.properties as Record<string, Record<string, unknown>>).journey['x-picker']).toBe('journey');
  });
});

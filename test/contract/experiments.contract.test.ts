import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

const AT = new Date('2026-05-01T08:00:00Z');

describe.each(storesUnderTest)('experiments contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('keeps the first branch a subject gets, even when first visits race, and counts them once', async () => {
    const answers = await Promise.all(['a', 'b', 'a', 'b', 'b', 'a'].map((candidate) => store.experiments.assign('signup/split', 'email:ana', candidate, AT)));
    expect(new Set(answers).size).toBe(1);
    expect(await store.experiments.assign('signup/split', 'email:ana', answers[0] === 'a' ? 'b' : 'a', AT)).toBe(answers[0]);
    // Another experiment is another assignment.
    expect(await store.experiments.assign('other/split', 'email:ana', 'z', AT)).toBe('z');
    expect((await store.experiments.results('signup/split')).map((r) => [r.branch, r.assigned])).toEqual([[answers[0], 1]]);
  });

  it('adds to the counters of a branch atomically', async () => {
    await Promise.all(Array.from({ length: 20 }, () => store.experiments.count('signup/split', 'b', { entered: 1 })));
    await store.experiments.count('signup/split', 'b', { success: 1, successMs: 30_000 });
    await store.experiments.count('signup/split', 'b', { success: 1, successMs: 10_000 });
    await store.experiments.count('signup/split', 'a', { failure: 1 });
    expect(await store.experiments.results('signup/split')).toEqual([
      { branch: 'a', assigned: 0, entered: 0, success: 0, failure: 1, successMs: 0 },
      { branch: 'b', assigned: 0, entered: 20, success: 2, failure: 0, successMs: 40_000 },
    ]);
  });
});

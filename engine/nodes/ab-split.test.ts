import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { abSplitNode, experimentOf } from './ab-split.js';

describe('ab-split step (A/B split)', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  const settings = { branches: [{ outcome: 'ask-phone', weight: 70 }, { outcome: 'skip-phone', weight: 30 }] };
  const experiment = experimentOf('unit-test-flow', 'split');

  it('splits by weight: 2,000 people land within tolerance of 70 / 30, each counted once in the store', async () => {
    const taken = { 'ask-phone': 0, 'skip-phone': 0 } as Record<string, number>;
    for (let i = 0; i < 2000; i++) {
      const result = await world.step(abSplitNode, { nodeId: 'split', settings, state: { email: `person${i}@example.com` } }).auto();
      taken[(result as { outcome: string }).outcome]++;
    }
    // Binomial(2000, 0.7): standard deviation 20.5; 4.5 of them either side.
    expect(taken['ask-phone']).toBeGreaterThan(1400 - 92);
    expect(taken['ask-phone']).toBeLessThan(1400 + 92);
    const results = await world.store.experiments.results(experiment);
    expect(results.map((r) => [r.branch, r.assigned, r.entered])).toEqual([
      ['ask-phone', taken['ask-phone'], taken['ask-phone']],
      ['skip-phone', taken['skip-phone'], taken['skip-phone']],
    ]);
  });

  it('keeps a person in their branch on every later visit, by their email however it is typed or once signed in', async () => {
    const first = (await world.step(abSplitNode, { nodeId: 'split', settings, state: { email: 'ana@example.com' } }).auto()) as { outcome: string };
    const user = await world.user('ana@example.com');
    for (let i = 0; i < 20; i++) {
      expect(await world.step(abSplitNode, { nodeId: 'split', settings, state: { email: ' ANA@example.com ' } }).auto()).toMatchObject({ outcome: first.outcome });
      expect(await world.step(abSplitNode, { nodeId: 'split', settings, state: { userId: user.id } }).auto()).toMatchObject({ outcome: first.outcome });
    }
    const results = await world.store.experiments.results(experiment);
    expect(results.find((r) => r.branch === first.outcome)).toMatchObject({ assigned: 1, entered: 41 });
  });

  it('is a problem on the canvas when the shares do not add up to 100 or two branches share a name', () => {
    expect(abSplitNode.check!({ branches: [{ outcome: 'a', weight: 50 }, { outcome: 'b', weight: 40 }] }).map((p) => p.en)).toEqual(["the branches' shares add up to 90 %, not 100 %"]);
    expect(abSplitNode.check!({ branches: [{ outcome: 'a', weight: 50 }, { outcome: 'a', weight: 50 }] }).map((p) => p.en)).toEqual(['two branches are named "a"']);
    expect(abSplitNode.check!(settings)).toEqual([]);
  });

  it('counts how a run that went through a branch ended', async () => {
    const step = world.step(abSplitNode, { nodeId: 'split', settings, state: { email: 'budi@example.com' } });
    const { outcome } = (await step.auto()) as { outcome: string; patch: { data: Record<string, Record<string, unknown>> } };
    await abSplitNode.runEnded!(world.services, { flowId: 'unit-test-flow', nodeId: 'split', settings, state: { ...step.state, data: { split: { branch: outcome } } }, end: 'success', ms: 42_000 });
    expect((await world.store.experiments.results(experiment)).find((r) => r.branch === outcome)).toMatchObject({ entered: 1, success: 1, failure: 0, successMs: 42_000 });
  });
});

import { describe, expect, it } from 'vitest';
import { experimentResult, normalCdf, twoProportionTest } from './ab-stats.js';

describe('A/B significance', () => {
  it('computes the two-proportion z-test of a known example (200/1000 against 250/1000: z = 2.68, p = 0.0074)', () => {
    const test = twoProportionTest({ success: 200, total: 1000 }, { success: 250, total: 1000 })!;
    expect(test.z).toBeCloseTo(2.6774, 3);
    expect(test.p).toBeCloseTo(0.00742, 4);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });

  it('recommends the better branch only when the difference is significant', () => {
    const counts = (b: number, s: number) => ({ branch: b === 0 ? 'a' : 'b', assigned: 1000, entered: 1000, success: s, failure: 0, successMs: s * 30_000 });
    const clear = experimentResult(['a', 'b'], [counts(0, 200), counts(1, 250)]);
    expect(clear.winner).toBe('b');
    expect(clear.branches[1]).toMatchObject({ successRate: 0.25, dropped: 750, meanMsToSuccess: 30_000 });
    expect(clear.branches[1].vsControl!.p).toBeCloseTo(0.00742, 4);
    expect(experimentResult(['a', 'b'], [counts(0, 200), counts(1, 215)]).winner).toBeNull();
    // A branch nobody reached yet is listed with zeros.
    expect(experimentResult(['a', 'b', 'c'], [counts(0, 200)]).branches.map((b) => b.entered)).toEqual([1000, 0, 0]);
  });
});

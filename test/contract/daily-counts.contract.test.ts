import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DailyCount, Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

const count = (day: string, metric: string, key: string, n: number): DailyCount => ({ day, metric, key, count: n });

describe.each(storesUnderTest)('daily counts contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('adds to each day\'s counter and reads a range of days in order', async () => {
    await store.dailyCounts.add([count('2026-03-01', 'signin', '', 2), count('2026-03-01', 'signup', 'password', 1)]);
    await store.dailyCounts.add([count('2026-03-01', 'signin', '', 3), count('2026-03-02', 'consent.granted', 'newsletter', 1), count('2026-03-04', 'signin', '', 1)]);
    await store.dailyCounts.add([]);

    expect(await store.dailyCounts.range('2026-03-01', '2026-03-02')).toEqual([
      count('2026-03-01', 'signin', '', 5),
      count('2026-03-01', 'signup', 'password', 1),
      count('2026-03-02', 'consent.granted', 'newsletter', 1),
    ]);
    expect(await store.dailyCounts.range('2026-03-03', '2026-03-04')).toEqual([count('2026-03-04', 'signin', '', 1)]);
    expect(await store.dailyCounts.range('2025-01-01', '2025-12-31')).toEqual([]);
  });

  it('never loses a count when writers race on the same counters', async () => {
    await Promise.all(Array.from({ length: 20 }, () => store.dailyCounts.add([count('2026-03-01', 'signin', '', 1), count('2026-03-01', 'signin.failed', 'password', 2)])));
    expect(await store.dailyCounts.range('2026-03-01', '2026-03-01')).toEqual([count('2026-03-01', 'signin', '', 20), count('2026-03-01', 'signin.failed', 'password', 40)]);
  });

  it('answers a year of counters from the counters alone', async () => {
    const year: DailyCount[] = [];
    for (let d = new Date('2025-01-01T00:00:00Z'); d.getUTCFullYear() === 2025; d.setUTCDate(d.getUTCDate() + 1)) {
      const day = d.toISOString().slice(0, 10);
      year.push(count(day, 'signin', '', 100), count(day, 'signin.mfa', '', 40), count(day, 'signup', 'password', 7), count(day, 'consent.granted', 'newsletter', 3));
    }
    await store.dailyCounts.add(year);
    const read = await store.dailyCounts.range('2025-01-01', '2025-12-31');
    expect(read).toHaveLength(365 * 4);
    expect(read.filter((c) => c.metric === 'signin').reduce((sum, c) => sum + c.count, 0)).toBe(36_500);
    expect(read[0].day).toBe('2025-01-01');
    expect(read.at(-1)!.day).toBe('2025-12-31');
  });
});

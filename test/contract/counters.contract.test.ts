import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(storesUnderTest)('counters contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('counts up per key and starts again once the counter has expired', async () => {
    expect(await store.counters.increment('a', at(60_000), T0)).toBe(1);
    expect(await store.counters.increment('a', at(60_000), at(1))).toBe(2);
    expect(await store.counters.increment('b', at(60_000), at(1))).toBe(1);
    // Expired: the count starts again at 1 with the new expiry.
    expect(await store.counters.increment('a', at(120_000), at(60_000))).toBe(1);
    expect(await store.counters.increment('a', at(180_000), at(60_001))).toBe(2);
  });

  it('gives each of 25 concurrent increments its own value, on a new key and on an existing one', async () => {
    const fresh = await Promise.all(Array.from({ length: 25 }, () => store.counters.increment('new', at(60_000), T0)));
    expect(fresh.sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const more = await Promise.all(Array.from({ length: 25 }, () => store.counters.increment('new', at(60_000), at(1))));
    expect(more.sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 26));
  });

  it('reads a counter without changing it, and an expired or missing one as 0', async () => {
    await store.counters.increment('seen', at(60_000), T0, 2);
    expect(await store.counters.current('seen', at(1))).toBe(2);
    expect(await store.counters.current('seen', at(1))).toBe(2);
    expect(await store.counters.current('seen', at(60_000))).toBe(0);
    expect(await store.counters.current('never', T0)).toBe(0);
  });

  it('deletes expired counters', async () => {
    await store.counters.increment('old', at(1000), T0);
    await store.counters.increment('young', at(10_000), T0);
    expect(await store.counters.deleteExpired(at(5000))).toBe(1);
    expect(await store.counters.increment('young', at(10_000), at(5000))).toBe(2);
  });

  it('takes back a reservation with a negative step, never below zero, and resets a counter', async () => {
    expect(await store.counters.increment('r', at(60_000), T0)).toBe(1);
    expect(await store.counters.increment('r', at(60_000), T0)).toBe(2);
    expect(await store.counters.increment('r', at(60_000), T0, -1)).toBe(1);
    expect(await store.counters.increment('r', at(60_000), T0, -5)).toBe(0);
    expect(await store.counters.increment('fresh', at(60_000), T0, -1)).toBe(0);
    await store.counters.increment('r', at(60_000), T0);
    await store.counters.reset('r');
    expect(await store.counters.increment('r', at(60_000), at(1))).toBe(1);
    await store.counters.reset('never-counted');
  });

  it('lists the live counters of a prefix at or above a value, the latest expiry first', async () => {
    await store.counters.increment('signin:pair:a@example.com|10.0.0.1', at(60_000), T0, 6);
    await store.counters.increment('signin:pair:b@example.com|10.0.0.2', at(120_000), T0, 2);
    await store.counters.increment('signin:pair:c@example.com|10.0.0.3', at(90_000), T0, 5);
    await store.counters.increment('signin:pair:old@example.com|10.0.0.4', at(10), T0, 9);
    await store.counters.increment('signin:address:10.0.0.1', at(60_000), T0, 40);
    await store.counters.increment('signin:pair.x', at(60_000), T0, 9);
    const live = await store.counters.listActive('signin:pair:', 5, at(20), 10);
    expect(live).toEqual([
      { key: 'signin:pair:c@example.com|10.0.0.3', count: 5, expiresAt: at(90_000) },
      { key: 'signin:pair:a@example.com|10.0.0.1', count: 6, expiresAt: at(60_000) },
    ]);
    expect(await store.counters.listActive('signin:pair:', 1, at(20), 1)).toHaveLength(1);
  });
});

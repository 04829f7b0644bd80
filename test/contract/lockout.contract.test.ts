import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { attemptPassword, type LockoutPolicy } from '../../engine/methods/password/lockout.js';
import { storesUnderTest } from '../support/stores.js';

const POLICY: LockoutPolicy = { maxAttempts: 5, lockMinutes: 15 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(storesUnderTest)('lockout rule over the store ($name)', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  /** A password check that takes a while, like argon2, and counts how often the real hash was checked. */
  function checker(right: boolean, counts: { verified: number; dummy: number }) {
    return {
      verify: async () => (counts.verified++, await sleep(30), right),
      spendTime: async () => (counts.dummy++, await sleep(30)),
    };
  }

  it('verifies at most the limit of 30 wrong passwords and the right one sent at once, and ends locked', async () => {
    const user = await store.users.create({ email: 'race@example.com' });
    const now = new Date();
    const counts = { verified: 0, dummy: 0 };
    const attempts = Array.from({ length: 31 }, (_, i) => attemptPassword(store.users, user.id, POLICY, now, checker(i === 30, counts)));
    const results = await Promise.all(attempts);
    expect(counts.verified).toBeLessThanOrEqual(POLICY.maxAttempts);
    expect(counts.verified + counts.dummy).toBe(31); // every answer took a hash's time
    expect(results.filter((r) => r.result === 'locked').length).toBeGreaterThanOrEqual(31 - POLICY.maxAttempts);
    const after = await store.users.findById(user.id);
    expect(after!.lockedUntil!.getTime()).toBeGreaterThan(now.getTime());
    // While locked, even the right password is not checked.
    const locked = await attemptPassword(store.users, user.id, POLICY, new Date(now.getTime() + 60_000), checker(true, counts));
    expect(locked).toEqual({ result: 'locked', minutes: 14 });
  });

  it('locks on the last allowed wrong password, and lets the right one in before that', async () => {
    const user = await store.users.create({ email: 'seq@example.com' });
    const t = (min: number) => new Date(Date.UTC(2026, 0, 1, 0, min));
    const counts = { verified: 0, dummy: 0 };
    for (let i = 0; i < 4; i++) expect(await attemptPassword(store.users, user.id, POLICY, t(0), checker(false, counts))).toEqual({ result: 'wrong', lockedMinutes: 0 });
    expect(await attemptPassword(store.users, user.id, POLICY, t(0), checker(true, counts))).toEqual({ result: 'ok' });
    // The right password started the count again: five more wrong ones lock.
    for (let i = 0; i < 4; i++) await attemptPassword(store.users, user.id, POLICY, t(1), checker(false, counts));
    expect(await attemptPassword(store.users, user.id, POLICY, t(1), checker(false, counts))).toEqual({ result: 'wrong', lockedMinutes: 15 });
    expect(await attemptPassword(store.users, user.id, POLICY, t(10), checker(true, counts))).toEqual({ result: 'locked', minutes: 6 });
    // After the lock the right password works again.
    expect(await attemptPassword(store.users, user.id, POLICY, t(17), checker(true, counts))).toEqual({ result: 'ok' });
  });
});

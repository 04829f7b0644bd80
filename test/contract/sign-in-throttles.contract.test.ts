import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { attemptPassword, clearWrongPasswords, type LockoutPolicy } from '../../engine/methods/password/lockout.js';
import { DEFAULT_THROTTLE_POLICY, SignInThrottles } from '../../engine/protection/sign-in-throttles.js';
import { storesUnderTest } from '../support/stores.js';

const POLICY: LockoutPolicy = { maxAttempts: 5, lockMinutes: 15 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const T0 = Date.UTC(2026, 0, 1, 0, 0);
const t = (minutes: number, seconds = 0) => new Date(T0 + minutes * 60_000 + seconds * 1000);

describe.each(storesUnderTest)('sign-in throttles over the store ($name)', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let throttles: SignInThrottles;
  let notices: string[];
  beforeEach(async () => {
    ({ store, cleanup } = await adapter.open());
    notices = [];
    throttles = new SignInThrottles(store.counters, DEFAULT_THROTTLE_POLICY, async (account) => void notices.push(account));
  });
  afterEach(async () => cleanup());

  /** A password check that takes a while, like argon2, and counts how often the real hash was checked. */
  function checker(right: boolean, counts = { verified: 0, dummy: 0 }) {
    return {
      verify: async () => (counts.verified++, await sleep(20), right),
      spendTime: async () => (counts.dummy++, await sleep(20)),
    };
  }
  const attempt = (email: string, address: string, at: Date, right: boolean, counts?: { verified: number; dummy: number }) =>
    attemptPassword(throttles, email, address, POLICY, at, checker(right, counts));

  it('verifies at most the limit of 24 wrong passwords and the right one sent at once from one address', async () => {
    const counts = { verified: 0, dummy: 0 };
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => attempt('race@example.com', '10.0.0.1', t(0), i === 24, counts)));
    expect(counts.verified).toBeLessThanOrEqual(POLICY.maxAttempts);
    expect(counts.verified + counts.dummy).toBe(25); // every answer took a hash's time
    expect(results.filter((r) => r.result === 'blocked').length).toBeGreaterThanOrEqual(25 - POLICY.maxAttempts);
    // That address stays blocked for this account, even with the right password...
    expect(await attempt('race@example.com', '10.0.0.1', t(1), true)).toMatchObject({ result: 'blocked', scope: 'pair' });
    // ...while the owner, from another address, signs in.
    expect(await attempt('race@example.com', '10.0.0.2', t(1), true)).toEqual({ result: 'ok' });
  });

  it('blocks the pair on the last allowed wrong password for the block time, whatever the case and spacing of the email', async () => {
    for (let i = 0; i < 4; i++) expect(await attempt('seq@example.com', '10.0.0.1', t(0), false)).toEqual({ result: 'wrong', blockedMinutes: 0 });
    expect(await attempt(' SEQ@Example.com ', '10.0.0.1', t(0), true)).toEqual({ result: 'ok' });
    // The right password started the count again: five more wrong ones (any spelling of the email) block.
    for (let i = 0; i < 4; i++) await attempt(i % 2 ? 'Seq@example.com' : ' seq@EXAMPLE.com', '10.0.0.1', t(1), false);
    expect(await attempt('seq@example.com', '10.0.0.1', t(10), false)).toEqual({ result: 'wrong', blockedMinutes: 15 });
    // Blocked for the whole block time from the last failure, not from the first one.
    expect(await attempt('SEQ@example.com', '10.0.0.1', t(24), true)).toMatchObject({ result: 'blocked', scope: 'pair' });
    expect(await attempt('seq@example.com', '10.0.0.1', t(26), true)).toEqual({ result: 'ok' });
  });

  it('slows an account failing from many addresses instead of locking it, and tells the owner once', async () => {
    const email = 'target@example.com';
    // Four failures from each of five addresses: no pair is blocked, the account reaches its limit.
    for (let a = 1; a <= 5; a++) for (let i = 0; i < 4; i++) expect((await attempt(email, `10.0.1.${a}`, t(0), false)).result).toBe('wrong');
    expect(notices).toEqual([]);
    // Past the limit: one attempt per growing delay on the account, for everybody.
    expect(await attempt(email, '10.0.1.9', t(1), false)).toEqual({ result: 'wrong', blockedMinutes: 0 });
    await sleep(50);
    expect(notices).toEqual([email]);
    const refused = await attempt(email, '10.0.1.8', t(1), true);
    expect(refused).toMatchObject({ result: 'blocked', scope: 'account' });
    // The owner, a little later from another address, signs in: the account was never locked.
    expect(await attempt(email, '10.0.2.1', t(1, 30), true)).toEqual({ result: 'ok' });
    // More failures make the delay grow; the notice is not sent again.
    for (let s = 0; s < 10; s++) await attempt(email, `10.0.3.${s}`, t(2, s * 60), false);
    const waited = await attempt(email, '10.0.4.1', t(2, 9 * 60), true);
    expect(waited).toMatchObject({ result: 'blocked', scope: 'account' });
    expect(waited.result === 'blocked' && waited.seconds).toBeGreaterThan(1);
    await sleep(50);
    expect(notices).toEqual([email]);
    // A newly set password ends the slow-down.
    await clearWrongPasswords(throttles, email, '10.0.4.1');
    expect(await attempt(email, '10.0.4.1', t(11, 1), true)).toEqual({ result: 'ok' });
  });

  it('throttles an address failing on many accounts, while successes from a busy address never count', async () => {
    const limit = DEFAULT_THROTTLE_POLICY.addressFailures;
    // A busy shared address: many customers sign in, none is slowed.
    for (let i = 0; i < 3 * limit; i++) expect(await attempt(`customer${i}@example.com`, '10.9.9.9', t(0), true)).toEqual({ result: 'ok' });
    // Credential stuffing from another address: one failure per account.
    const results = [];
    for (let i = 0; i < limit + 5; i++) results.push(await attempt(`victim${i}@example.com`, '10.6.6.6', t(1), false));
    expect(results.slice(0, limit).every((r) => r.result === 'wrong')).toBe(true);
    expect(results.slice(limit).every((r) => r.result === 'blocked' && r.scope === 'address')).toBe(true);
    // The same accounts still sign in from elsewhere, and the busy address is not affected.
    expect(await attempt('victim0@example.com', '10.7.7.7', t(2), true)).toEqual({ result: 'ok' });
    expect(await attempt('customer0@example.com', '10.9.9.9', t(2), true)).toEqual({ result: 'ok' });
    // The window ends: the address may try again.
    expect(await attempt('victim0@example.com', '10.6.6.6', t(1 + DEFAULT_THROTTLE_POLICY.windowMinutes, 1), true)).toEqual({ result: 'ok' });
  });
});

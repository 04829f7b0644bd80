import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OneTimeCode, Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
let n = 0;
const code = (over: Partial<OneTimeCode> = {}): OneTimeCode => ({
  id: `code-${++n}`,
  subject: 'run1:verify',
  address: 'ayu@example.com',
  hash: 'hash-of-123456',
  attempts: 0,
  maxAttempts: 3,
  createdAt: T0,
  expiresAt: later(600_000),
  ...over,
});
const opts = (over: Partial<{ now: Date; since: Date; maxSends: number; replace: boolean }> = {}) => ({
  now: T0,
  since: later(-3_600_000),
  maxSends: 5,
  replace: false,
  ...over,
});

describe.each(storesUnderTest)('one-time codes contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('accepts the right code once and refuses it afterwards', async () => {
    expect(await store.codes.issue(code(), opts())).toBe('issued');
    expect(await store.codes.verify('run1:verify', 'hash-of-123456', later(1000))).toBe('ok');
    expect(await store.codes.verify('run1:verify', 'hash-of-123456', later(2000))).toBe('not-found');
  });

  it('lets only one of two racing verifications of the same code succeed', async () => {
    await store.codes.issue(code(), opts());
    const results = await Promise.all([
      store.codes.verify('run1:verify', 'hash-of-123456', later(1000)),
      store.codes.verify('run1:verify', 'hash-of-123456', later(1000)),
    ]);
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
  });

  it('refuses an expired code even when it is right', async () => {
    await store.codes.issue(code(), opts());
    expect(await store.codes.verify('run1:verify', 'hash-of-123456', later(600_000))).toBe('expired');
    expect(await store.codes.verify('run1:verify', 'hash-of-123456', later(1000))).toBe('not-found');
  });

  it('voids the code after the allowed number of wrong attempts', async () => {
    await store.codes.issue(code(), opts());
    expect(await store.codes.verify('run1:verify', 'wrong', later(1))).toBe('wrong');
    expect(await store.codes.verify('run1:verify', 'wrong', later(2))).toBe('wrong');
    expect(await store.codes.verify('run1:verify', 'wrong', later(3))).toBe('exhausted');
    expect(await store.codes.verify('run1:verify', 'hash-of-123456', later(4))).toBe('not-found');
  });

  it('issues a code once per subject on reload, and retires it when a new one is asked for', async () => {
    await store.codes.issue(code(), opts());
    expect(await store.codes.issue(code({ hash: 'second' }), opts())).toBe('exists');
    // Even once used or expired, a reload does not issue another: only an explicit request does.
    await store.codes.issue(code({ subject: 'used' }), opts());
    await store.codes.verify('used', 'hash-of-123456', later(1));
    expect(await store.codes.issue(code({ subject: 'used' }), opts())).toBe('exists');
    expect(await store.codes.issue(code({ hash: 'third' }), opts({ replace: true }))).toBe('issued');
    expect(await store.codes.verify('run1:verify', 'hash-of-123456', later(1))).toBe('wrong');
    expect(await store.codes.verify('run1:verify', 'third', later(2))).toBe('ok');
  });

  it('limits how many codes one address receives per window', async () => {
    for (let i = 0; i < 3; i++) expect(await store.codes.issue(code({ subject: `s${i}` }), opts({ maxSends: 3 }))).toBe('issued');
    expect(await store.codes.issue(code({ subject: 's9' }), opts({ maxSends: 3 }))).toBe('rate-limited');
    expect(await store.codes.issue(code({ subject: 's9', address: 'other@example.com' }), opts({ maxSends: 3, replace: true }))).toBe('issued');
    // Once the window has passed, the address may receive codes again.
    expect(await store.codes.issue(code({ subject: 's9', createdAt: later(7_200_000) }), opts({ maxSends: 3, now: later(7_200_000), since: later(3_600_000), replace: true }))).toBe('issued');
  });

  it('deletes codes expired before the given time', async () => {
    await store.codes.issue(code({ subject: 'a' }), opts());
    await store.codes.issue(code({ subject: 'b', expiresAt: later(10_000_000) }), opts());
    expect(await store.codes.deleteExpired(later(700_000))).toBe(1);
    expect(await store.codes.verify('a', 'hash-of-123456', later(1))).toBe('not-found');
    expect(await store.codes.verify('b', 'hash-of-123456', later(1))).toBe('ok');
  });
});

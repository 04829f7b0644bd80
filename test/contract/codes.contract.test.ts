import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OneTimeCode, Store } from '../../engine/store/port.js';
import { OneTimeCodes, type CodePolicy } from '../../engine/methods/codes/one-time-codes.js';
import { storesUnderTest } from '../support/stores.js';

const T0 = new Date('2026-01-01T00:10:00Z');
const POLICY: CodePolicy = { ttlMinutes: 10, maxAttempts: 3, maxSendsPerHour: 5 };
let n = 0;
const code = (over: Partial<OneTimeCode> = {}): OneTimeCode => ({
  id: `code-${++n}`,
  subject: 'run1:verify',
  address: 'ayu@example.com',
  hash: 'h',
  attempts: 0,
  maxAttempts: 3,
  createdAt: T0,
  expiresAt: new Date(T0.getTime() + 600_000),
  ...over,
});

describe.each(storesUnderTest)('one-time codes contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let clock: Date;
  let codes: OneTimeCodes;
  const later = (ms: number) => (clock = new Date(T0.getTime() + ms));
  beforeEach(async () => {
    ({ store, cleanup } = await adapter.open());
    clock = T0;
    codes = new OneTimeCodes(store.codes, store.counters, 'code-secret', () => clock);
  });
  afterEach(async () => cleanup());

  describe('store primitives', () => {
    it('inserts a first code only once per subject unless replacing, and consumes it by one compare-and-set', async () => {
      expect(await store.codes.insert(code(), false)).toBe('inserted');
      expect(await store.codes.insert(code(), false)).toBe('exists');
      const live = await store.codes.findLive('run1:verify');
      expect(live?.hash).toBe('h');
      expect(await store.codes.countAttempt(live!.id)).toBe(1);
      const consumed = await Promise.all([1, 2, 3, 4].map(() => store.codes.consume(live!.id)));
      expect(consumed.filter(Boolean)).toHaveLength(1);
      expect(await store.codes.findLive('run1:verify')).toBeNull();
      expect(await store.codes.countAttempt(live!.id)).toBeNull();
      // Used: a reload still issues nothing; an explicit request replaces it.
      expect(await store.codes.insert(code({ hash: 'again' }), false)).toBe('exists');
      expect(await store.codes.insert(code({ hash: 'new' }), true)).toBe('inserted');
      expect((await store.codes.findLive('run1:verify'))?.hash).toBe('new');
    });

    it('keeps one live code per subject when several replace it at once', async () => {
      await Promise.all(['a', 'b', 'c', 'd'].map((hash) => store.codes.insert(code({ hash }), true)));
      const live = await store.codes.findLive('run1:verify');
      expect(['a', 'b', 'c', 'd']).toContain(live?.hash);
      await store.codes.retire(live!.id);
      expect(await store.codes.findLive('run1:verify')).toBeNull();
    });

    it('counts racing attempts without losing one', async () => {
      await store.codes.insert(code(), false);
      const live = await store.codes.findLive('run1:verify');
      const counts = await Promise.all(Array.from({ length: 12 }, () => store.codes.countAttempt(live!.id)));
      expect(counts.sort((a, b) => a! - b!)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    });

    it('deletes expired codes, and every code sent to an address', async () => {
      await store.codes.insert(code({ subject: 'a' }), false);
      await store.codes.insert(code({ subject: 'b', expiresAt: new Date(T0.getTime() + 10_000_000) }), false);
      await store.codes.insert(code({ subject: 'c', address: 'other@example.com' }), false);
      expect(await store.codes.deleteExpired(new Date(T0.getTime() + 700_000))).toBe(2);
      expect(await store.codes.exists('b')).toBe(true);
      expect(await store.codes.deleteByAddress('ayu@example.com')).toBe(1);
      expect(await store.codes.exists('b')).toBe(false);
    });
  });

  describe('the code policy over this store', () => {
    it('accepts the right code once and refuses it afterwards', async () => {
      const { result, code: sent } = await codes.issue('s', 'ayu@example.com', 'digits', POLICY, false);
      expect(result).toBe('issued');
      later(1000);
      expect(await codes.verify('s', sent!.replace(/(\d{3})/, '$1 '))).toBe('ok');
      expect(await codes.verify('s', sent!)).toBe('not-found');
    });

    it('lets only one of five racing verifications of the same code succeed', async () => {
      const { code: sent } = await codes.issue('s', 'ayu@example.com', 'digits', POLICY, false);
      const results = await Promise.all(Array.from({ length: 5 }, () => codes.verify('s', sent!)));
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    });

    it('refuses an expired code even when it is right', async () => {
      const { code: sent } = await codes.issue('s', 'ayu@example.com', 'digits', POLICY, false);
      later(600_000);
      expect(await codes.verify('s', sent!)).toBe('expired');
      expect(await codes.verify('s', sent!)).toBe('not-found');
    });

    it('voids the code after the allowed number of tries, even when the guesses race', async () => {
      const { code: sent } = await codes.issue('s', 'ayu@example.com', 'digits', POLICY, false);
      const wrong = sent === '000000' ? '111111' : '000000';
      expect(await codes.verify('s', wrong)).toBe('wrong');
      expect(await codes.verify('s', wrong)).toBe('wrong');
      expect(await codes.verify('s', wrong)).toBe('exhausted');
      expect(await codes.verify('s', sent!)).toBe('not-found');

      // 30 guesses at once, the right one among them: at most three are compared, and the right
      // one only succeeds when it is one of those three.
      const { code: second } = await codes.issue('s', 'ayu@example.com', 'digits', POLICY, true);
      const guesses = Array.from({ length: 30 }, (_, i) => (i === 29 ? second! : String(100000 + i)));
      const results = await Promise.all(guesses.map((g) => codes.verify('s', g)));
      expect(results.filter((r) => r === 'wrong' || r === 'ok').length).toBeLessThanOrEqual(3);
      expect(results.filter((r) => r === 'ok').length).toBeLessThanOrEqual(1);
      expect(await codes.verify('s', second!)).toBe('not-found');
    });

    it('issues a code once per subject on reload, and retires it when a new one is asked for', async () => {
      const first = await codes.issue('s', 'ayu@example.com', 'digits', POLICY, false);
      expect((await codes.issue('s', 'ayu@example.com', 'digits', POLICY, false)).result).toBe('exists');
      const second = await codes.issue('s', 'ayu@example.com', 'digits', POLICY, true);
      expect(second.result).toBe('issued');
      if (first.code !== second.code) expect(await codes.verify('s', first.code!)).toBe('wrong');
      expect(await codes.verify('s', second.code!)).toBe('ok');
      // Once used, a reload still does not issue another.
      expect((await codes.issue('s', 'ayu@example.com', 'digits', POLICY, false)).result).toBe('exists');
    });

    it('limits how many codes one address receives per hour, also when twenty sends race', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => codes.issue(`race-${i}`, 'ayu@example.com', 'digits', POLICY, true).then((r) => r.result)),
      );
      expect(results.filter((r) => r === 'issued')).toHaveLength(5);
      expect(results.filter((r) => r === 'rate-limited')).toHaveLength(15);
      // Another address is not affected; the stored codes match what was sent.
      expect((await codes.issue('x', 'other@example.com', 'digits', POLICY, true)).result).toBe('issued');
      expect((await Promise.all(Array.from({ length: 20 }, (_, i) => store.codes.exists(`race-${i}`)))).filter(Boolean)).toHaveLength(5);
      // In the next hour the address may receive codes again.
      later(3_600_000);
      expect((await codes.issue('next', 'ayu@example.com', 'digits', POLICY, true)).result).toBe('issued');
    });

    it('sweeps codes an hour after they expired (until then they still show in the send history)', async () => {
      await codes.issue('s', 'ayu@example.com', 'digits', POLICY, false);
      later(30 * 60_000);
      expect(await codes.sweep()).toBe(0);
      later(3 * 3_600_000);
      expect(await codes.sweep()).toBe(1);
      expect(await store.codes.exists('s')).toBe(false);
      // The send counter of that hour is over too and goes with the store's counters sweep.
      expect(await store.counters.deleteExpired(clock)).toBe(1);
    });
  });
});

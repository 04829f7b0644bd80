import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { consumeRecoveryCode } from '../../engine/methods/recovery-codes/factor.js';
import { claimTimeStep } from '../../engine/methods/totp/factor.js';
import { storesUnderTest } from '../support/stores.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const AT = new Date('2026-01-01T00:00:00Z');

describe.each(storesUnderTest)('one-time secrets consumed by compare-and-set ($name)', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  async function recoverySet() {
    const user = await store.users.create({ email: 'r@example.com' });
    const codes = Array.from({ length: 10 }, (_, i) => ({ hash: `hash-${i}`, usedAt: null }));
    const credential = await store.credentials.add(user.id, { type: 'recovery-codes', data: { name: 'Recovery codes', codes } });
    const usedCodes = async () =>
      ((await store.credentials.listByUser(user.id, 'recovery-codes'))[0].data.codes as Array<{ usedAt: string | null }>).flatMap((c, i) => (c.usedAt ? [i] : []));
    return { credential, usedCodes };
  }

  it('consumes one recovery code presented by five requests at once exactly once', async () => {
    const { credential, usedCodes } = await recoverySet();
    const results = await Promise.all(Array.from({ length: 5 }, () => consumeRecoveryCode(store.credentials, credential, 3, AT)));
    expect(results.filter((r) => r !== null)).toEqual([9]);
    expect(await usedCodes()).toEqual([3]);
    expect(await consumeRecoveryCode(store.credentials, credential, 3, AT)).toBeNull();
  });

  it('consumes each of two different recovery codes used at once, once', async () => {
    const { credential, usedCodes } = await recoverySet();
    const results = await Promise.all([consumeRecoveryCode(store.credentials, credential, 1, AT), consumeRecoveryCode(store.credentials, credential, 7, AT)]);
    expect(results.sort()).toEqual([8, 9]);
    expect(await usedCodes()).toEqual([1, 7]);
    expect(await consumeRecoveryCode(store.credentials, credential, 1, AT)).toBeNull();
    expect(await consumeRecoveryCode(store.credentials, credential, 7, AT)).toBeNull();
  });

  it('accepts an authenticator time step on one of four requests presenting it at once (no replay)', async () => {
    const user = await store.users.create({ email: 't@example.com' });
    const credential = await store.credentials.add(user.id, { type: 'totp', data: { secret: 'sealed', lastTimeStep: 99 } });
    // The presented code belongs to step 100: valid while the last used step is before it.
    const check = async (_c: unknown, last: number | undefined) => (await sleep(20), last === undefined || last < 100 ? 100 : null);
    const results = await Promise.all(Array.from({ length: 4 }, () => claimTimeStep(store.credentials, credential, check)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.credentials.listByUser(user.id, 'totp'))[0].data.lastTimeStep).toBe(100);
    expect(await claimTimeStep(store.credentials, credential, check)).toBe(false);
  });
});

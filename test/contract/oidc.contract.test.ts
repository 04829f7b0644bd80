import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OidcRepo, Store } from '../../engine/store/port.js';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { loadSigningKeys, rotateSigningKeys } from '../../engine/oidc/keys.js';
import { SecretBox } from '../../engine/identity/secret-box.js';
import { storesUnderTest } from '../support/stores.js';

describe.each(storesUnderTest)('provider artifacts and signing keys on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('creates an artifact only when none exists (an expired one does not count)', async () => {
    expect(await store.oidc.create('Thing', 'a', { n: 1 }, null)).toBe(true);
    expect(await store.oidc.create('Thing', 'a', { n: 2 }, null)).toBe(false);
    expect(await store.oidc.find('Thing', 'a')).toEqual({ n: 1 });
    await store.oidc.upsert('Thing', 'old', { n: 1 }, new Date(Date.now() - 1000));
    expect(await store.oidc.create('Thing', 'old', { n: 2 }, null)).toBe(true);
    expect(await store.oidc.find('Thing', 'old')).toEqual({ n: 2 });
  });

  it('consumes a one-time artifact for exactly one of several racing requests', async () => {
    await store.oidc.upsert('RefreshToken', 'h', { kind: 'RefreshToken', grantId: 'g' }, new Date(Date.now() + 60_000));
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.oidc.consume('RefreshToken', 'h', new Date())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.oidc.find('RefreshToken', 'h')).toMatchObject({ consumed: expect.any(Number), grantId: 'g' });
    expect(await store.oidc.consume('RefreshToken', 'h', new Date())).toBe(false);
  });

  /**
   * The store failing part-way through a write of several records: the record in second place cannot
   * be written (its payload throws as the adapter serialises it), after the first one was.
   */
  const failingOnWrite = (payload: Record<string, unknown>) =>
    Object.defineProperty({ ...payload }, 'sealed', {
      enumerable: true,
      get() {
        throw new Error('injected failure: the store could not write this record');
      },
    });
  const secondWriteFails = (repo: OidcRepo): OidcRepo =>
    new Proxy(repo, {
      get: (target, name) =>
        name === 'upsertAll'
          ? (model: string, records: Array<{ id: string; payload: Record<string, unknown> }>) =>
              target.upsertAll(model, records.map((r, i) => (i === 1 ? { ...r, payload: failingOnWrite(r.payload) } : r)))
          : Reflect.get(target, name, target),
    });

  it('writes records that belong together all at once, or none of them when one cannot be written', async () => {
    await store.oidc.upsertAll('Pair', [
      { id: 'left', payload: { sealed: ['l1'] } },
      { id: 'right', payload: { sealed: ['r1'] } },
    ]);
    expect([await store.oidc.find('Pair', 'left'), await store.oidc.find('Pair', 'right')]).toEqual([{ sealed: ['l1'] }, { sealed: ['r1'] }]);

    await expect(
      secondWriteFails(store.oidc).upsertAll('Pair', [
        { id: 'left', payload: { sealed: ['l2'] } },
        { id: 'right', payload: { sealed: ['r2'] } },
      ]),
    ).rejects.toThrow('injected failure');
    expect([await store.oidc.find('Pair', 'left'), await store.oidc.find('Pair', 'right')]).toEqual([{ sealed: ['l1'] }, { sealed: ['r1'] }]);
  });

  const secrets = new SecretBox('one shared encryption key');
  /** What a set holds, as `alg kid` per key: the same text on every instance that agrees on the keys. */
  const described = (keys: Awaited<ReturnType<typeof loadSigningKeys>>) => keys.map((k) => `${k.alg} ${k.kid}`).join(', ');

  it('gives instances starting at once on an empty store one and the same RSA key and EC P-256 key', async () => {
    const started = await Promise.all([1, 2, 3, 4].map(() => loadSigningKeys(store.oidc, secrets)));
    expect(new Set(started.map(described)).size).toBe(1);
    expect(started[0].map((k) => [k.alg, k.kty, k.crv])).toEqual([['RS256', 'RSA', undefined], ['ES256', 'EC', 'P-256']]);
    expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(described(started[0]));
  });

  it('adds one EC key to a set of RSA keys only (an earlier version), however many instances start at once, keeping the RSA key', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const jwk = await exportJWK(privateKey);
    const rsaKid = await calculateJwkThumbprint(jwk);
    await store.oidc.upsert('Gerbang:SigningKeys', 'jwks', { sealed: [secrets.seal(JSON.stringify({ ...jwk, kid: rsaKid, alg: 'RS256', use: 'sig' }))] }, null);

    const started = await Promise.all([1, 2, 3, 4].map(() => loadSigningKeys(store.oidc, secrets)));
    expect(new Set(started.map(described)).size).toBe(1);
    expect(started[0].map((k) => k.alg)).toEqual(['RS256', 'ES256']);
    expect(started[0][0].kid).toBe(rsaKid);
  });

  it('rotates both kinds: a new key of each signs, the earlier ones stay published', async () => {
    const [rsa, ec] = await loadSigningKeys(store.oidc, secrets);
    const rotated = await rotateSigningKeys(store.oidc, secrets);
    expect(rotated.map((k) => k.alg)).toEqual(['RS256', 'RS256', 'ES256', 'ES256']);
    expect([rotated[1].kid, rotated[3].kid]).toEqual([rsa.kid, ec.kid]);
    expect([rotated[0].kid, rotated[2].kid]).not.toContain(rsa.kid);
    expect([rotated[0].kid, rotated[2].kid]).not.toContain(ec.kid);
    expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(described(rotated));
  });

  it('leaves neither kind rotated when the store fails between writing the RSA and the EC keys', async () => {
    const before = described(await loadSigningKeys(store.oidc, secrets));
    await expect(rotateSigningKeys(secondWriteFails(store.oidc), secrets)).rejects.toThrow('injected failure');
    expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(before);
    // The next rotation, on a store that works again, rotates both.
    const rotated = await rotateSigningKeys(store.oidc, secrets);
    expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(described(rotated));
    expect(rotated.map((k) => k.kid)).toEqual(expect.arrayContaining(before.split(', ').map((k) => k.split(' ')[1])));
  });
});

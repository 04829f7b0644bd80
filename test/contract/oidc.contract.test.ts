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
  type Replacement = { id: string; expected: Record<string, unknown>; payload: Record<string, unknown> };
  const secondWriteFails = (repo: OidcRepo): OidcRepo =>
    new Proxy(repo, {
      get: (target, name) =>
        name === 'replaceAll'
          ? (model: string, records: Replacement[]) => target.replaceAll(model, records.map((r, i) => (i === 1 ? { ...r, payload: failingOnWrite(r.payload) } : r)))
          : Reflect.get(target, name, target),
    });
  const pair = async () => [await store.oidc.find('Pair', 'left'), await store.oidc.find('Pair', 'right')];

  it('replaces records that belong together all at once, only while each holds what was read', async () => {
    for (const [id, sealed] of [['left', ['l1']], ['right', ['r1']]] as const) expect(await store.oidc.create('Pair', id, { sealed }, null)).toBe(true);
    const [left, right] = (await pair()) as Array<Record<string, unknown>>;
    const replacement = (l: string, r: string): Replacement[] => [
      { id: 'left', expected: left, payload: { sealed: [l] } },
      { id: 'right', expected: right, payload: { sealed: [r] } },
    ];
    // Two writers that read the same records: one of them writes both, the other nothing.
    const results = await Promise.all([store.oidc.replaceAll('Pair', replacement('l2', 'r2')), store.oidc.replaceAll('Pair', replacement('l3', 'r3'))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [l, r] = results[0] ? ['l2', 'r2'] : ['l3', 'r3'];
    expect(await pair()).toEqual([{ sealed: [l] }, { sealed: [r] }]);
    // One record written meanwhile is enough to refuse the whole write.
    expect(await store.oidc.replaceAll('Pair', [{ id: 'left', expected: { sealed: [l] }, payload: { sealed: ['l4'] } }, { id: 'right', expected: right, payload: { sealed: ['r4'] } }])).toBe(false);
    expect(await pair()).toEqual([{ sealed: [l] }, { sealed: [r] }]);
  });

  it('writes none of the records when one of them cannot be written', async () => {
    for (const [id, sealed] of [['left', ['l1']], ['right', ['r1']]] as const) await store.oidc.create('Pair', id, { sealed }, null);
    await expect(
      secondWriteFails(store.oidc).replaceAll('Pair', [
        { id: 'left', expected: { sealed: ['l1'] }, payload: { sealed: ['l2'] } },
        { id: 'right', expected: { sealed: ['r1'] }, payload: { sealed: ['r2'] } },
      ]),
    ).rejects.toThrow('injected failure');
    expect(await pair()).toEqual([{ sealed: ['l1'] }, { sealed: ['r1'] }]);
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

  /** The store failing the write of the record `id` (the key set, or the copy an earlier version reads). */
  const writeOfFails = (repo: OidcRepo, id: string): OidcRepo =>
    new Proxy(repo, {
      get: (target, name) =>
        name === 'replaceAll'
          ? (model: string, records: Replacement[]) => target.replaceAll(model, records.map((r) => (r.id === id ? { ...r, payload: failingOnWrite(r.payload) } : r)))
          : name === 'upsert'
            ? (model: string, recordId: string, payload: Record<string, unknown>, expiresAt: Date | null) => target.upsert(model, recordId, recordId === id ? failingOnWrite(payload) : payload, expiresAt)
            : Reflect.get(target, name, target),
    });

  it('leaves neither kind rotated when the store fails writing the key set', async () => {
    const before = described(await loadSigningKeys(store.oidc, secrets));
    await expect(rotateSigningKeys(writeOfFails(store.oidc, 'jwks'), secrets)).rejects.toThrow('injected failure');
    expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(before);
    // The next rotation, on a store that works again, rotates both.
    const rotated = await rotateSigningKeys(store.oidc, secrets);
    expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(described(rotated));
    expect(rotated.map((k) => k.kid)).toEqual(expect.arrayContaining(before.split(', ').map((k) => k.split(' ')[1])));
  });

  /** The keys an instance of the earlier version reads: RSA from the set record, EC from the record of their own. */
  const earlierVersionReads = async () => {
    const open = (record: Record<string, unknown> | null) => ((record?.sealed as string[]) ?? []).map((s) => JSON.parse(secrets.open(s)) as { alg: string; kid: string });
    return [...open(await store.oidc.find('Gerbang:SigningKeys', 'jwks')), ...open(await store.oidc.find('Gerbang:SigningKeys', 'jwks-es256'))]
      .map((k) => `${k.alg} ${k.kid}`)
      .join(', ');
  };

  it('rotates both kinds in one write of one record; instances of the earlier version still read the rotated keys', async () => {
    await loadSigningKeys(store.oidc, secrets);
    const writes: string[] = [];
    const watched = new Proxy(store.oidc, {
      get: (target, name) =>
        name === 'replaceAll'
          ? (model: string, records: Replacement[]) => (writes.push(`set ${records.map((r) => r.id).join(' ')}`), target.replaceAll(model, records))
          : name === 'upsert'
            ? (model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null) => (writes.push(`copy ${id}`), target.upsert(model, id, payload, expiresAt))
            : Reflect.get(target, name, target),
    });
    const rotated = await rotateSigningKeys(watched, secrets);
    expect(writes).toEqual(['set jwks', 'copy jwks-es256']);
    expect(await earlierVersionReads()).toBe(described(rotated));
    // The copy failing does not undo the rotation: this version reads the set only.
    const again = await rotateSigningKeys(writeOfFails(store.oidc, 'jwks-es256'), secrets);
    expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(described(again));
  });

  /** Writes the two records as the earlier version kept them: RSA keys in `jwks`, EC keys in `jwks-es256`. */
  const earlierVersionWrites = async (rsa: unknown[], ec: unknown[]) => {
    await store.oidc.upsert('Gerbang:SigningKeys', 'jwks', { sealed: rsa.map((k) => secrets.seal(JSON.stringify(k))) }, null);
    await store.oidc.upsert('Gerbang:SigningKeys', 'jwks-es256', { sealed: ec.map((k) => secrets.seal(JSON.stringify(k))) }, null);
  };
  const keyOf = async (alg: 'RS256' | 'ES256') => {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
    const jwk = await exportJWK(privateKey);
    return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' };
  };

  it('takes over the two records of an earlier version as they are, whoever of several instances starting at once does it', async () => {
    const [rsa, ec] = [await keyOf('RS256'), await keyOf('ES256')];
    await earlierVersionWrites([rsa], [ec]);
    const started = await Promise.all([1, 2, 3, 4].map(() => loadSigningKeys(store.oidc, secrets)));
    expect(new Set(started.map(described)).size).toBe(1);
    expect(described(started[0])).toBe(`RS256 ${rsa.kid}, ES256 ${ec.kid}`);
    // A rotation after that is one write, and rotates both kinds.
    const rotated = await rotateSigningKeys(store.oidc, secrets);
    expect(rotated.map((k) => k.kid).slice(1)).toEqual([rsa.kid, expect.any(String), ec.kid]);
  });

  it('sees a rotation an instance of the earlier version made during a rolling upgrade', async () => {
    await loadSigningKeys(store.oidc, secrets);
    const [rsa, ec] = [await keyOf('RS256'), await keyOf('ES256')];
    await earlierVersionWrites([rsa], [ec]); // its rotation rewrites both records, leaving the EC keys out of the set
    expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(`RS256 ${rsa.kid}, ES256 ${ec.kid}`);
  });

  it('keeps the new keys of two rotations made at once on two instances: both stay published, after the key they started from', async () => {
    const [rsa, ec] = await loadSigningKeys(store.oidc, secrets);
    // Each instance's first write waits until the other has read the keys too: they race for sure.
    let arrived = 0;
    let bothRead!: () => void;
    const bothHaveRead = new Promise<void>((resolve) => (bothRead = resolve));
    const racing = new Proxy(store.oidc, {
      get: (target, name) =>
        name === 'replaceAll'
          ? async (model: string, records: Replacement[]) => {
              if (++arrived <= 2) {
                if (arrived === 2) bothRead();
                await bothHaveRead;
              }
              return target.replaceAll(model, records);
            }
          : Reflect.get(target, name, target),
    });
    const [first, second] = await Promise.all([rotateSigningKeys(racing, secrets), rotateSigningKeys(racing, secrets)]);
    expect(arrived).toBe(3); // the two first writes, and the loser's second on what the winner wrote
    const stored = await loadSigningKeys(store.oidc, secrets);
    const kids = (alg: string) => stored.filter((k) => k.alg === alg).map((k) => k.kid);
    for (const [alg, original] of [['RS256', rsa], ['ES256', ec]] as const) {
      const signing = [first, second].map((set) => set.find((k) => k.alg === alg)!.kid);
      expect(new Set(signing).size).toBe(2);
      expect(new Set(kids(alg))).toEqual(new Set([...signing, original.kid]));
      expect(kids(alg)[2]).toBe(original.kid);
    }
  });
});

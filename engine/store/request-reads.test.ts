import { describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite/index.js';
import { readOncePerRequest, withRequestReads } from './request-reads.js';
import { copyOf } from './copy.js';

describe('reads once per request', () => {
  it('answers the same user from one query within a request, as a copy, and reads again after a change', async () => {
    const raw = openSqliteStore(':memory:');
    const store = withRequestReads(raw);
    const reads: string[] = [];
    raw.observeOperations!((o) => o.kind === 'read' && o.text.startsWith('SELECT * FROM users') && reads.push(o.text));
    const user = await store.users.create({ email: 'sekali@example.com', attributes: { given_name: 'Sekali' } });
    await readOncePerRequest(async () => {
      const first = await store.users.findById(user.id);
      first!.attributes.given_name = 'changed by a caller';
      const second = await store.users.findById(user.id);
      expect(second!.attributes.given_name).toBe('Sekali');
      expect(reads).toHaveLength(1);
      const updated = await store.users.updateAttributes(user.id, { given_name: 'Dua' });
      updated!.attributes.given_name = 'changed by the caller';
      // The change answered the user it wrote: that is the request's read of it from now on.
      const after = await store.users.findById(user.id);
      expect(after!.attributes.given_name).toBe('Dua');
      expect(after!.createdAt).toEqual(user.createdAt);
      expect(reads).toHaveLength(1);
    });
    // Outside a request nothing is kept.
    const before = reads.length;
    await store.users.findById(user.id);
    await store.users.findById(user.id);
    expect(reads.length).toBe(before + 2);
    await raw.close();
  });
});

describe('a copy of a record', () => {
  it('is deep and shares nothing with the record, dates and nested values included', () => {
    const record = { id: 'u1', at: new Date(5), attributes: { address: { city: 'Bandung' }, tags: ['a', { b: 1 }] }, none: null };
    const copy = copyOf(record);
    expect(copy).toEqual(record);
    copy.at.setTime(9);
    copy.attributes.address.city = 'Jakarta';
    (copy.attributes.tags[1] as { b: number }).b = 2;
    expect(record).toEqual({ id: 'u1', at: new Date(5), attributes: { address: { city: 'Bandung' }, tags: ['a', { b: 1 }] }, none: null });
  });
});

describe('provider records read once per request', () => {
  it('answers a refresh token read twice in one request from one query, and sees it consumed after the request consumed it', async () => {
    const raw = openSqliteStore(':memory:');
    const store = withRequestReads(raw);
    const reads: string[] = [];
    raw.observeOperations!((o) => o.kind === 'read' && o.text.includes('FROM oidc_artifacts') && reads.push(o.text));
    await store.oidc.upsert('RefreshToken', 'token-hash', { accountId: 'u1', uid: 'session-uid' }, new Date(Date.now() + 60_000));
    await readOncePerRequest(async () => {
      expect(await store.oidc.find('RefreshToken', 'token-hash')).toMatchObject({ accountId: 'u1' });
      expect(await store.oidc.find('RefreshToken', 'token-hash')).toMatchObject({ accountId: 'u1' });
      expect(reads).toHaveLength(1);
      // Another model under the same id is another record.
      expect(await store.oidc.find('AccessToken', 'token-hash')).toBeNull();
      expect(await store.oidc.consume('RefreshToken', 'token-hash', new Date())).toBe(true);
      expect(await store.oidc.find('RefreshToken', 'token-hash')).toHaveProperty('consumed');
    });
    await raw.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, type Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

describe.each(storesUnderTest)('users and credentials contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('creates a user with their first credential and finds them by normalised email', async () => {
    const user = await store.users.create({ email: ' Ayu@Example.COM ', attributes: { given_name: 'Ayu' } }, { type: 'password', data: { hash: 'h' } });
    expect(user.email).toBe('ayu@example.com');
    expect((await store.users.findByEmail('AYU@example.com'))?.id).toBe(user.id);
    expect((await store.users.findById(user.id))?.attributes).toEqual({ given_name: 'Ayu' });
    const creds = await store.credentials.listByUser(user.id, 'password');
    expect(creds.map((c) => c.data)).toEqual([{ hash: 'h' }]);
  });

  it('maps a duplicate email to DuplicateError and writes nothing of the second user', async () => {
    await store.users.create({ email: 'dup@example.com' });
    await expect(store.users.create({ email: 'DUP@example.com' }, { type: 'password', data: { hash: 'x' } })).rejects.toBeInstanceOf(DuplicateError);
    const user = await store.users.findByEmail('dup@example.com');
    expect(await store.credentials.listByUser(user!.id)).toEqual([]);
  });

  it('merges profile attributes and keeps roles apart from them', async () => {
    const user = await store.users.create({ email: 'p@example.com', attributes: { given_name: 'A' } });
    const updated = await store.users.updateAttributes(user.id, { family_name: 'B' });
    expect(updated?.attributes).toEqual({ given_name: 'A', family_name: 'B' });
    await store.users.setRoles(user.id, ['admin', 'admin']);
    expect((await store.users.findById(user.id))?.roles).toEqual(['admin']);
    expect(await store.users.countWithRole('admin')).toBe(1);
    expect(await store.users.updateAttributes('missing', { a: 1 })).toBeNull();
  });

  it('locks an account on the configured failure and clears the counter on success', async () => {
    const user = await store.users.create({ email: 'lock@example.com' });
    const now = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < 2; i++) await store.users.recordLoginFailure(user.id, now, 3, 60_000);
    expect((await store.users.findById(user.id))?.failedLogins).toBe(2);
    const locked = await store.users.recordLoginFailure(user.id, now, 3, 60_000);
    expect(locked?.lockedUntil?.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    await store.users.recordLoginSuccess(user.id);
    const cleared = await store.users.findById(user.id);
    expect(cleared?.failedLogins).toBe(0);
    expect(cleared?.lockedUntil).toBeNull();
  });

  it('counts concurrent failures without losing one', async () => {
    const user = await store.users.create({ email: 'race@example.com' });
    await Promise.all(Array.from({ length: 4 }, () => store.users.recordLoginFailure(user.id, new Date(), 10, 1000)));
    expect((await store.users.findById(user.id))?.failedLogins).toBe(4);
  });
});

describe.each(storesUnderTest)('email verification and change contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('marks the email verified only while it is still the email of the account', async () => {
    const user = await store.users.create({ email: 'v@example.com' });
    expect(await store.users.markEmailVerified(user.id, 'old@example.com')).toBe(false);
    expect((await store.users.findById(user.id))?.emailVerified).toBe(false);
    expect(await store.users.markEmailVerified(user.id, 'V@example.com')).toBe(true);
    expect((await store.users.findById(user.id))?.emailVerified).toBe(true);
  });

  it('changes the email to a verified new one and refuses one another account has', async () => {
    const user = await store.users.create({ email: 'c@example.com' });
    await store.users.create({ email: 'taken@example.com' });
    await expect(store.users.changeEmail(user.id, 'Taken@example.com')).rejects.toBeInstanceOf(DuplicateError);
    expect((await store.users.findById(user.id))?.email).toBe('c@example.com');
    const changed = await store.users.changeEmail(user.id, ' New@Example.com ');
    expect(changed).toMatchObject({ email: 'new@example.com', emailVerified: true });
    expect((await store.users.findByEmail('new@example.com'))?.id).toBe(user.id);
  });

  it('replaces every password credential by the new one in one step', async () => {
    const user = await store.users.create({ email: 'r@example.com' }, { type: 'password', data: { hash: 'old' } });
    await store.credentials.add(user.id, { type: 'totp', data: { secret: 's' } });
    await store.credentials.replaceAll(user.id, { type: 'password', data: { hash: 'new' } });
    expect((await store.credentials.listByUser(user.id, 'password')).map((c) => c.data)).toEqual([{ hash: 'new' }]);
    expect(await store.credentials.listByUser(user.id, 'totp')).toHaveLength(1);
  });
});

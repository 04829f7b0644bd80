import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, type Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

describe.each(storesUnderTest)('linked identities contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('creates a user together with their first identity, and links one provider account once', async () => {
    const user = await store.users.create({ email: 'g@example.com' }, undefined, { provider: 'google', subject: 'g-1', email: 'g@example.com', emailVerified: true });
    expect(await store.identities.find('google', 'g-1')).toMatchObject({ userId: user.id, email: 'g@example.com', emailVerified: true });
    await expect(store.users.create({ email: 'other@example.com' }, undefined, { provider: 'google', subject: 'g-1', email: null, emailVerified: true })).rejects.toBeInstanceOf(DuplicateError);
    expect(await store.users.findByEmail('other@example.com')).toBeNull();

    await store.identities.link({ provider: 'idp', subject: 's-9', userId: user.id, email: null, emailVerified: true, linkedAt: new Date() });
    await expect(store.identities.link({ provider: 'idp', subject: 's-9', userId: user.id, email: null, emailVerified: true, linkedAt: new Date() })).rejects.toBeInstanceOf(DuplicateError);
    expect((await store.identities.listByUser(user.id)).map((i) => i.provider)).toEqual(['google', 'idp']);
    expect(await store.identities.unlink(user.id, 'idp', 's-9')).toBe(true);
    expect(await store.identities.unlink('someone-else', 'google', 'g-1')).toBe(false);
  });

  it('does not leave an identity behind when the email is taken', async () => {
    await store.users.create({ email: 'taken@example.com' });
    await expect(store.users.create({ email: 'taken@example.com' }, undefined, { provider: 'google', subject: 'g-2', email: null, emailVerified: true })).rejects.toBeInstanceOf(DuplicateError);
    expect(await store.identities.find('google', 'g-2')).toBeNull();
  });

  it('removes only the identities linked on an unverified email, and only of that user', async () => {
    const owner = await store.users.create({ email: 'owner@example.com' }, undefined, { provider: 'acme', subject: 'a-1', email: 'owner@example.com', emailVerified: false });
    await store.identities.link({ provider: 'idp', subject: 'i-1', userId: owner.id, email: 'owner@example.com', emailVerified: true, linkedAt: new Date() });
    const other = await store.users.create({ email: 'other@example.com' }, undefined, { provider: 'acme', subject: 'a-2', email: 'other@example.com', emailVerified: false });
    const removed = await store.identities.removeUnverified(owner.id);
    expect(removed).toEqual([expect.objectContaining({ provider: 'acme', subject: 'a-1', userId: owner.id, emailVerified: false })]);
    expect((await store.identities.listByUser(owner.id)).map((i) => [i.provider, i.emailVerified])).toEqual([['idp', true]]);
    expect(await store.identities.find('acme', 'a-2')).toMatchObject({ userId: other.id, emailVerified: false });
    expect(await store.identities.removeUnverified(owner.id)).toEqual([]);
  });
});

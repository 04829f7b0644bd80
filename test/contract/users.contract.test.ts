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

  it('finds several users by id in one read, leaving out ids without a user', async () => {
    const ayu = await store.users.create({ email: 'ayu@example.com', attributes: { given_name: 'Ayu' } });
    const budi = await store.users.create({ email: 'budi@example.com', roles: ['admin'] });
    await store.users.create({ email: 'citra@example.com' });
    const found = await store.users.findByIds([budi.id, 'no-such-user', ayu.id, budi.id]);
    expect(found.map((u) => u.email).sort()).toEqual(['ayu@example.com', 'budi@example.com']);
    expect(found.find((u) => u.id === ayu.id)?.attributes).toEqual({ given_name: 'Ayu' });
    expect(found.find((u) => u.id === budi.id)?.roles).toEqual(['admin']);
    expect(await store.users.findByIds([])).toEqual([]);
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
    await store.users.create({ email: 'a@example.com', roles: ['admin', 'support'] });
    await store.users.create({ email: 'z@example.com', roles: ['support-ish'] });
    expect((await store.users.listWithRole('admin', 10)).map((u) => u.email)).toEqual(['a@example.com', 'p@example.com']);
    expect((await store.users.listWithRole('support', 10)).map((u) => u.email)).toEqual(['a@example.com']);
    expect(await store.users.updateAttributes('missing', { a: 1 })).toBeNull();
  });

  it('sets each given attribute whole (objects replaced, not merged; null kept), leaves the others, and answers the user as stored', async () => {
    const user = await store.users.create({ email: 'merge@example.com', attributes: { given_name: 'A', address: { city: 'Bandung', zip: '40111' }, age: 30 } });
    const updated = await store.users.updateAttributes(user.id, { address: { city: 'Jakarta' }, age: null, newsletter: true, 'nick name': 'Ace', 'say "hi"': 'halo' });
    const expected = { given_name: 'A', address: { city: 'Jakarta' }, age: null, newsletter: true, 'nick name': 'Ace', 'say "hi"': 'halo' };
    expect(updated?.attributes).toEqual(expected);
    expect((await store.users.findById(user.id))?.attributes).toEqual(expected);
    expect(updated?.updatedAt.getTime()).toBeGreaterThanOrEqual(user.updatedAt.getTime());
  });

  it('searches users by id, email or name, case-insensitively and literally, a page at a time in email order', async () => {
    const sari = await store.users.create({ email: 'sari@batik.example', attributes: { given_name: 'Sari', family_name: 'Wulandari' } });
    await store.users.create({ email: 'budi@example.com', attributes: { given_name: 'Budi', family_name: 'Santoso' } });
    await store.users.create({ email: 'wulan_100%@example.com', attributes: { given_name: 'Wulan' } });
    await store.users.create({ email: 'andi@example.com' });
    const emails = (users: Array<{ email: string }>) => users.map((u) => u.email);
    expect(emails(await store.users.search({ text: 'WULAN', limit: 10 }))).toEqual(['sari@batik.example', 'wulan_100%@example.com']);
    expect(emails(await store.users.search({ text: 'batik', limit: 10 }))).toEqual(['sari@batik.example']);
    expect(emails(await store.users.search({ text: sari.id, limit: 10 }))).toEqual(['sari@batik.example']);
    // Wildcards and pattern characters typed are matched as themselves.
    expect(emails(await store.users.search({ text: '_100%', limit: 10 }))).toEqual(['wulan_100%@example.com']);
    expect(emails(await store.users.search({ text: '%', limit: 10 }))).toEqual(['wulan_100%@example.com']);
    expect(emails(await store.users.search({ text: '.*', limit: 10 }))).toEqual([]);
    // Pages follow each other without gaps or repeats.
    const first = await store.users.search({ limit: 2 });
    expect(emails(first)).toEqual(['andi@example.com', 'budi@example.com']);
    expect(emails(await store.users.search({ limit: 2, after: first[1].email }))).toEqual(['sari@batik.example', 'wulan_100%@example.com']);
    expect(await store.users.search({ limit: 2, after: 'wulan_100%@example.com' })).toEqual([]);
  });

  it('reserves sign-in attempts one by one, holds them while locked and starts again after the lock', async () => {
    const user = await store.users.create({ email: 'lock@example.com' });
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    expect(await store.users.reserveLoginAttempt(user.id, t(0))).toEqual({ attempts: 1, lockedUntil: null });
    expect(await store.users.reserveLoginAttempt(user.id, t(1))).toEqual({ attempts: 2, lockedUntil: null });
    await store.users.lockLogin(user.id, t(60));
    // While locked nothing is counted and the lock is answered.
    expect(await store.users.reserveLoginAttempt(user.id, t(2))).toEqual({ attempts: 2, lockedUntil: t(60) });
    // A shorter lock never shortens the running one.
    await store.users.lockLogin(user.id, t(30));
    expect((await store.users.findById(user.id))?.lockedUntil).toEqual(t(60));
    // Once the lock is over the count starts again.
    expect(await store.users.reserveLoginAttempt(user.id, t(61))).toEqual({ attempts: 1, lockedUntil: null });
    await store.users.recordLoginSuccess(user.id, t(62));
    expect(await store.users.findById(user.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(await store.users.reserveLoginAttempt('missing', t(0))).toBeNull();
  });

  it('keeps a lock set by racing attempts when a success is recorded meanwhile', async () => {
    const user = await store.users.create({ email: 'keep@example.com' });
    const now = new Date('2026-01-01T00:00:00Z');
    await store.users.lockLogin(user.id, new Date(now.getTime() + 60_000));
    await store.users.recordLoginSuccess(user.id, now);
    expect((await store.users.findById(user.id))?.lockedUntil).toEqual(new Date(now.getTime() + 60_000));
    // A new password set through another proof ends the lock.
    await store.users.unlockLogin(user.id);
    expect(await store.users.findById(user.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('gives each of 30 concurrent reservations its own attempt number', async () => {
    const user = await store.users.create({ email: 'race@example.com' });
    const now = new Date();
    const reserved = await Promise.all(Array.from({ length: 30 }, () => store.users.reserveLoginAttempt(user.id, now)));
    expect(reserved.map((r) => r!.attempts).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await store.users.findById(user.id))?.failedLogins).toBe(30);
  });
});

describe.each(storesUnderTest)('email verification and change contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('remembers the language a person signed up in, changes it, and knows none for a person created without one', async () => {
    const sari = await store.users.create({ email: 'sari@example.com', language: 'id' }, { type: 'password', data: { hash: 'h' } });
    const anna = await store.users.create({ email: 'anna@example.com' });
    expect(sari.language).toBe('id');
    expect((await store.users.findByEmail('sari@example.com'))?.language).toBe('id');
    expect((await store.users.findById(anna.id))?.language).toBeNull();
    await store.users.setLanguage(sari.id, 'en');
    await store.users.setLanguage(anna.id, 'id');
    const [after] = await store.users.findByIds([sari.id]);
    expect(after.language).toBe('en');
    expect((await store.users.findById(anna.id))?.language).toBe('id');
  });

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

  it('writes credential data by compare-and-set: of racing writers on one revision exactly one wins', async () => {
    const user = await store.users.create({ email: 'cas@example.com' });
    const credential = await store.credentials.add(user.id, { type: 'recovery-codes', data: { used: [] } });
    expect(credential.revision).toBe(0);
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((who) => store.credentials.compareAndSetData(credential.id, 0, { used: [who] })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const [stored] = await store.credentials.listByUser(user.id, 'recovery-codes');
    expect(stored.revision).toBe(1);
    expect(stored.data.used).toHaveLength(1);
    // The loser retries on the new revision; a write through updateData moves the revision too.
    expect(await store.credentials.compareAndSetData(credential.id, 1, { used: ['a', 'b'] })).toBe(true);
    await store.credentials.updateData(credential.id, { used: [] });
    expect(await store.credentials.compareAndSetData(credential.id, 2, { used: ['x'] })).toBe(false);
    expect((await store.credentials.listByUser(user.id, 'recovery-codes'))[0].revision).toBe(3);
  });

  it('replaces every password credential by the new one in one step', async () => {
    const user = await store.users.create({ email: 'r@example.com' }, { type: 'password', data: { hash: 'old' } });
    await store.credentials.add(user.id, { type: 'totp', data: { secret: 's' } });
    await store.credentials.replaceAll(user.id, { type: 'password', data: { hash: 'new' } });
    expect((await store.credentials.listByUser(user.id, 'password')).map((c) => c.data)).toEqual([{ hash: 'new' }]);
    expect(await store.credentials.listByUser(user.id, 'totp')).toHaveLength(1);
  });
});

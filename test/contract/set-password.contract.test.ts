import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PasswordChange, Store } from '../../engine/store/port.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { wrongPasswordCounters } from '../../engine/methods/password/lockout.js';
import { storesUnderTest } from '../support/stores.js';
import { fullDiskAtPasswordChange } from '../support/full-disk.js';
import { tempDataDir } from '../support/gerbang.js';
import { startMongoWireServer } from '../support/mongo-wire-server.js';

const SUBJECT = (userId: string) => `set-password:${userId}`;
const HOUR = 3600_000;
const ADDRESS = '192.0.2.1';

/**
 * A person about to get a new password: an old password, an unverified email, two signed-in sessions
 * (say a laptop and a phone), an app's refresh token, a sign-in lock, wrong tries counted by the
 * throttles, and a link (its live code) in case they use one.
 */
async function person(store: Store, email = `dewi.${randomUUID()}@example.com`) {
  const user = await store.users.create({ email }, { type: 'password', data: { hash: 'old-hash' } });
  const now = new Date();
  const sessions = [randomUUID(), randomUUID()];
  for (const id of sessions)
    await store.sessions.create({ id, userId: user.id, amr: ['pwd'], proofs: [], createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + HOUR), userAgent: null, ip: null });
  await store.oidc.upsert('RefreshToken', `rt-${user.id}`, { accountId: user.id, clientId: 'shop', kind: 'RefreshToken' }, new Date(now.getTime() + HOUR));
  await store.users.reserveLoginAttempt(user.id, now);
  await store.users.lockLogin(user.id, new Date(now.getTime() + HOUR));
  const counters = wrongPasswordCounters(email, ADDRESS);
  for (const key of counters) await store.counters.increment(key, new Date(now.getTime() + HOUR), now, 3);
  const codeId = randomUUID();
  await store.codes.insert({ id: codeId, subject: SUBJECT(user.id), address: email, hash: 'hmac', attempts: 1, maxAttempts: 5, createdAt: now, expiresAt: new Date(now.getTime() + HOUR) }, true);
  const change = (hash: string, how: Partial<Pick<PasswordChange, 'link' | 'keepSession'>> = {}): PasswordChange => ({
    userId: user.id,
    hash,
    link: null,
    keepSession: null,
    forgetCounters: counters,
    audit: { at: new Date(), type: 'password.changed', userId: user.id, actor: user.id, ip: ADDRESS, details: {} },
    ...how,
  });
  const byLink = (hash: string) => change(hash, { link: { codeId, verifyEmail: email } });
  return { user, sessions, counters, change, byLink };
}

/** What a person (or support) would notice of the account: its password, email, sessions, app tokens, lock, throttles, link and audit trail. */
async function accountOf(store: Store, userId: string, counters: string[]) {
  const user = (await store.users.findById(userId))!;
  const now = new Date();
  return {
    passwords: (await store.credentials.listByUser(userId, 'password')).map((c) => c.data.hash),
    emailVerified: user.emailVerified,
    sessions: (await store.sessions.listByUser(userId)).length,
    appToken: (await store.oidc.find('RefreshToken', `rt-${userId}`)) !== null,
    locked: user.lockedUntil !== null || user.failedLogins > 0,
    wrongTries: (await Promise.all(counters.map((key) => store.counters.current(key, now)))).reduce((a, b) => a + b, 0),
    linkLive: (await store.codes.findLive(SUBJECT(userId))) !== null,
    audited: (await store.audit.list({ userId, limit: 10 })).filter((e) => e.type === 'password.changed').length,
  };
}

const BEFORE = { passwords: ['old-hash'], emailVerified: false, sessions: 2, appToken: true, locked: true, wrongTries: 6, linkLive: true, audited: 0 };
const AFTER = (hash: string) => ({ ...BEFORE, passwords: [hash], sessions: 0, appToken: false, locked: false, wrongTries: 0, audited: 1 });
const AFTER_LINK = (hash: string) => ({ ...AFTER(hash), emailVerified: true, linkLive: false });

describe.each(storesUnderTest)('a new password is one store operation ($name)', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('from a journey: replaces the password, ends every session and app token, forgets the wrong tries and the lock, audited', async () => {
    const { user, sessions, counters, change } = await person(store);
    expect(await accountOf(store, user.id, counters)).toEqual(BEFORE);
    const changed = await store.credentials.setPassword(change('new-hash'));
    expect(changed?.endedSessions.sort()).toEqual([...sessions].sort());
    expect(changed?.audit).toMatchObject({ type: 'password.changed', userId: user.id, ip: ADDRESS });
    expect((await store.audit.list({ userId: user.id, limit: 10 })).map((e) => e.id)).toContain(changed?.audit.id);
    // No link was used: the email stays as it was, the link untouched.
    expect(await accountOf(store, user.id, counters)).toEqual(AFTER('new-hash'));
  });

  it('from the account page: the session making the change stays signed in, every other one ends', async () => {
    const { user, sessions, counters, change } = await person(store);
    const changed = await store.credentials.setPassword(change('new-hash', { keepSession: sessions[0] }));
    expect(changed?.endedSessions).toEqual([sessions[1]]);
    expect((await store.sessions.listByUser(user.id)).map((s) => s.id)).toEqual([sessions[0]]);
    expect(await accountOf(store, user.id, counters)).toEqual({ ...AFTER('new-hash'), sessions: 1 });
  });

  it('through a link: uses the link up with everything else and verifies the email; a second use writes nothing', async () => {
    const { user, counters, byLink } = await person(store);
    expect(await store.credentials.setPassword(byLink('new-hash'))).not.toBeNull();
    expect(await accountOf(store, user.id, counters)).toEqual(AFTER_LINK('new-hash'));
    expect(await store.credentials.setPassword(byLink('another-hash'))).toBeNull();
    expect(await accountOf(store, user.id, counters)).toEqual(AFTER_LINK('new-hash'));
  });

  it('lets one of two requests racing with the same link win, the other writing nothing', async () => {
    const { user, counters, byLink } = await person(store);
    const results = await Promise.all([store.credentials.setPassword(byLink('hash-a')), store.credentials.setPassword(byLink('hash-b'))]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await accountOf(store, user.id, counters)).toEqual(AFTER_LINK(results[0] ? 'hash-a' : 'hash-b'));
  });
});

describe('a new password: a failure midway writes nothing (the old password works, the sessions go on)', () => {
  it('on SQLite (the disk fails as the audit event is written, the last write), from a journey and through a link', async () => {
    const data = tempDataDir();
    const file = join(data.dir, 'gerbang.sqlite');
    const store = openSqliteStore(file);
    let disk: ReturnType<typeof fullDiskAtPasswordChange> | null = null;
    try {
      const { user, counters, change, byLink } = await person(store);
      disk = fullDiskAtPasswordChange(store, file);
      await expect(store.credentials.setPassword(change('new-hash'))).rejects.toThrow('database or disk is full');
      await expect(store.credentials.setPassword(byLink('new-hash'))).rejects.toThrow('database or disk is full');
      store.commitPending?.();
      expect(await accountOf(store, user.id, counters)).toEqual(BEFORE);

      disk.free();
      expect(await store.credentials.setPassword(byLink('new-hash'))).not.toBeNull();
      expect(await accountOf(store, user.id, counters)).toEqual(AFTER_LINK('new-hash'));
    } finally {
      disk?.free();
      await store.close();
      data.cleanup();
    }
  });

  it('on MongoDB, a replica set (the disk fills as the wrong tries are forgotten, after the password is written): the transaction is aborted', async () => {
    let failing = false;
    const server = await startMongoWireServer({
      ttlSweepIntervalMs: 0,
      failCommand: (e) => (failing && e.name === 'delete' && e.command.delete === 'counters' ? { code: 14031, codeName: 'OutOfDiskSpace', errmsg: 'Not enough disk space' } : undefined),
    });
    const store = await openMongoStore(server.uriFor('gerbang_set_password'));
    try {
      const { user, counters, change, byLink } = await person(store);
      failing = true;
      await expect(store.credentials.setPassword(change('new-hash'))).rejects.toThrow('Not enough disk space');
      await expect(store.credentials.setPassword(byLink('new-hash'))).rejects.toThrow('Not enough disk space');
      failing = false;
      expect(await accountOf(store, user.id, counters)).toEqual(BEFORE);

      expect(await store.credentials.setPassword(byLink('new-hash'))).not.toBeNull();
      expect(await accountOf(store, user.id, counters)).toEqual(AFTER_LINK('new-hash'));
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('on a standalone MongoDB (no transactions) the link is used up and the sessions end first: a failure midway never leaves a new password beside the old sessions', async () => {
    let failing: string | null = null;
    const server = await startMongoWireServer({
      ttlSweepIntervalMs: 0,
      replicaSet: false,
      failCommand: (e) => (failing && e.name === 'delete' && e.command.delete === failing ? { code: 14031, codeName: 'OutOfDiskSpace', errmsg: 'Not enough disk space' } : undefined),
    });
    const store = await openMongoStore(server.uriFor('gerbang_set_password_standalone'));
    try {
      const { user, counters, change, byLink } = await person(store);
      // The sessions cannot be ended: the password is not touched (the link is spent, never usable twice).
      failing = 'sessions';
      await expect(store.credentials.setPassword(byLink('new-hash'))).rejects.toThrow('Not enough disk space');
      expect(await accountOf(store, user.id, counters)).toEqual({ ...BEFORE, linkLive: false });
      expect(await store.credentials.setPassword(byLink('other-hash'))).toBeNull();

      // Failing later (the wrong tries): the sessions and tokens already ended before the password changed.
      failing = 'counters';
      await expect(store.credentials.setPassword(change('new-hash'))).rejects.toThrow('Not enough disk space');
      expect(await accountOf(store, user.id, counters)).toEqual({ ...BEFORE, passwords: ['new-hash'], sessions: 0, appToken: false, locked: false, linkLive: false });
      // Trying again finishes the change.
      failing = null;
      expect(await store.credentials.setPassword(change('newer-hash'))).not.toBeNull();
      expect(await accountOf(store, user.id, counters)).toEqual({ ...AFTER('newer-hash'), linkLive: false });
    } finally {
      await store.close();
      await server.close();
    }
  });
});

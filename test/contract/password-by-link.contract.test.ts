import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PasswordSetByLink, Store } from '../../engine/store/port.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { storesUnderTest } from '../support/stores.js';
import { tempDataDir } from '../support/gerbang.js';
import { startMongoWireServer } from '../support/mongo-wire-server.js';

const SUBJECT = (userId: string) => `set-password:${userId}`;
const HOUR = 3600_000;

/** A person who was sent a link: an old password, an unverified email, a session, a sign-in lock, the link's live code. */
async function personWithLink(store: Store, email = `dewi.${randomUUID()}@example.com`) {
  const user = await store.users.create({ email }, { type: 'password', data: { hash: 'old-hash' } });
  const now = new Date();
  await store.sessions.create({ id: randomUUID(), userId: user.id, amr: ['pwd'], proofs: [], createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + HOUR), userAgent: null, ip: null });
  await store.users.reserveLoginAttempt(user.id, now);
  await store.users.lockLogin(user.id, new Date(now.getTime() + HOUR));
  const codeId = randomUUID();
  await store.codes.insert({ id: codeId, subject: SUBJECT(user.id), address: email, hash: 'hmac', attempts: 1, maxAttempts: 5, createdAt: now, expiresAt: new Date(now.getTime() + HOUR) }, true);
  const change = (hash: string): PasswordSetByLink => ({
    userId: user.id,
    codeId,
    hash,
    verifyEmail: email,
    audit: { at: new Date(), type: 'password.changed', userId: user.id, actor: user.id, ip: '192.0.2.1', details: { via: 'link' } },
  });
  return { user, codeId, change };
}

/** What a person (or support) would notice of the account: its password, email, sessions, lock, link and audit trail. */
async function accountOf(store: Store, userId: string) {
  const user = (await store.users.findById(userId))!;
  return {
    passwords: (await store.credentials.listByUser(userId, 'password')).map((c) => c.data.hash),
    emailVerified: user.emailVerified,
    sessions: (await store.sessions.listByUser(userId)).length,
    locked: user.lockedUntil !== null || user.failedLogins > 0,
    linkLive: (await store.codes.findLive(SUBJECT(userId))) !== null,
    audited: (await store.audit.list({ userId, limit: 10 })).filter((e) => e.type === 'password.changed').length,
  };
}

const BEFORE = { passwords: ['old-hash'], emailVerified: false, sessions: 1, locked: true, linkLive: true, audited: 0 };
const AFTER = (hash: string) => ({ passwords: [hash], emailVerified: true, sessions: 0, locked: false, linkLive: false, audited: 1 });

describe.each(storesUnderTest)('a password chosen through a link is one store operation ($name)', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('uses the link up and writes everything it changes: the password, the email verified, sessions ended, lock cleared, audited', async () => {
    const { user, change } = await personWithLink(store);
    expect(await accountOf(store, user.id)).toEqual(BEFORE);
    expect(await store.credentials.setPasswordByLink(change('new-hash'))).toBe(true);
    expect(await accountOf(store, user.id)).toEqual(AFTER('new-hash'));
    // The link is spent: a second use writes nothing.
    expect(await store.credentials.setPasswordByLink(change('another-hash'))).toBe(false);
    expect(await accountOf(store, user.id)).toEqual(AFTER('new-hash'));
  });

  it('lets one of two requests racing with the same link win, the other writing nothing', async () => {
    const { user, change } = await personWithLink(store);
    const results = await Promise.all([store.credentials.setPasswordByLink(change('hash-a')), store.credentials.setPasswordByLink(change('hash-b'))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await accountOf(store, user.id)).toEqual(AFTER(results[0] ? 'hash-a' : 'hash-b'));
  });
});

describe('a password chosen through a link: a failure midway writes nothing and the link stays usable', () => {
  it('on SQLite (the disk fails as the audit event is written, the last write)', async () => {
    const data = tempDataDir();
    const file = join(data.dir, 'gerbang.sqlite');
    const store = openSqliteStore(file);
    const other = new Database(file);
    try {
      const { user, change } = await personWithLink(store);
      store.commitPending?.();
      other.exec("CREATE TRIGGER disk_full BEFORE INSERT ON audit_events WHEN NEW.type = 'password.changed' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
      await expect(store.credentials.setPasswordByLink(change('new-hash'))).rejects.toThrow('database or disk is full');
      store.commitPending?.();
      expect(await accountOf(store, user.id)).toEqual(BEFORE);

      other.exec('DROP TRIGGER disk_full');
      expect(await store.credentials.setPasswordByLink(change('new-hash'))).toBe(true);
      expect(await accountOf(store, user.id)).toEqual(AFTER('new-hash'));
    } finally {
      other.close();
      await store.close();
      data.cleanup();
    }
  });

  it('on MongoDB, a replica set (the disk fills as the sessions are deleted, midway): the transaction is aborted', async () => {
    let failing = false;
    const server = await startMongoWireServer({
      ttlSweepIntervalMs: 0,
      failCommand: (e) => (failing && e.name === 'delete' && e.command.delete === 'sessions' ? { code: 14031, codeName: 'OutOfDiskSpace', errmsg: 'Not enough disk space' } : undefined),
    });
    const store = await openMongoStore(server.uriFor('gerbang_password_link'));
    try {
      const { user, change } = await personWithLink(store);
      failing = true;
      await expect(store.credentials.setPasswordByLink(change('new-hash'))).rejects.toThrow('Not enough disk space');
      failing = false;
      expect(await accountOf(store, user.id)).toEqual(BEFORE);

      expect(await store.credentials.setPasswordByLink(change('new-hash'))).toBe(true);
      expect(await accountOf(store, user.id)).toEqual(AFTER('new-hash'));
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('on a standalone MongoDB (no transactions) the link is used up first, so a failure midway leaves it spent, never usable twice', async () => {
    let failing = false;
    const server = await startMongoWireServer({
      ttlSweepIntervalMs: 0,
      replicaSet: false,
      failCommand: (e) => (failing && e.name === 'delete' && e.command.delete === 'sessions' ? { code: 14031, codeName: 'OutOfDiskSpace', errmsg: 'Not enough disk space' } : undefined),
    });
    const store = await openMongoStore(server.uriFor('gerbang_password_link_standalone'));
    try {
      const { user, change } = await personWithLink(store);
      failing = true;
      await expect(store.credentials.setPasswordByLink(change('new-hash'))).rejects.toThrow('Not enough disk space');
      failing = false;
      // Written in order up to the failure: the link spent, the new password, the email, the lock cleared.
      expect(await accountOf(store, user.id)).toEqual({ passwords: ['new-hash'], emailVerified: true, sessions: 1, locked: false, linkLive: false, audited: 0 });
      expect(await store.credentials.setPasswordByLink(change('other-hash'))).toBe(false);
    } finally {
      await store.close();
      await server.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { DuplicateError } from '../../engine/store/port.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { loadSigningKeys, rotateSigningKeys } from '../../engine/oidc/keys.js';
import { SecretBox } from '../../engine/identity/secret-box.js';
import { startMongoWireServer, type MongoWireServer } from '../support/mongo-wire-server.js';

/**
 * Writes that belong together are one transaction with majority write concern on a replica set (the
 * wire test server by default), and keep their crash-safe write order on a standalone.
 */
describe('mongo store: writes that belong together', () => {
  let replicaSet: MongoWireServer;
  let standalone: MongoWireServer;
  const seen: Array<{ server: 'replica set' | 'standalone'; name: string; command: Record<string, unknown> }> = [];

  beforeAll(async () => {
    replicaSet = await startMongoWireServer({ ttlSweepIntervalMs: 0, onCommand: (e) => seen.push({ server: 'replica set', ...e }) });
    standalone = await startMongoWireServer({ ttlSweepIntervalMs: 0, replicaSet: false, onCommand: (e) => seen.push({ server: 'standalone', ...e }) });
  });
  afterAll(async () => {
    await replicaSet?.close();
    await standalone?.close();
  });

  const count = async (uri: string, collection: string) => {
    const client = await mongoose.mongo.MongoClient.connect(uri);
    try {
      return await client.db().collection(collection).countDocuments();
    } finally {
      await client.close();
    }
  };

  it('on a replica set, a new account and its first credential are committed in one transaction, with majority write concern', async () => {
    const store = await openMongoStore(replicaSet.uriFor('gerbang_rs_create'));
    try {
      seen.length = 0;
      const user = await store.users.create({ email: 'rina@example.com' }, { type: 'password', data: { hash: 'argon2id-hash' } });
      const inserts = seen.filter((c) => c.server === 'replica set' && c.name === 'insert');
      expect(inserts.map((c) => c.command.insert).sort()).toEqual(['credentials', 'users']);
      for (const insert of inserts) expect(insert.command).toMatchObject({ autocommit: false });
      const commit = seen.find((c) => c.name === 'commitTransaction');
      expect(commit?.command).toMatchObject({ writeConcern: { w: 'majority' } });
      expect((await store.credentials.listByUser(user.id)).map((c) => c.type)).toEqual(['password']);

      // A second account on the same email is refused, and leaves no credential behind.
      await expect(store.users.create({ email: 'RINA@example.com' }, { type: 'password', data: { hash: 'other' } })).rejects.toBeInstanceOf(DuplicateError);
      expect(await count(replicaSet.uriFor('gerbang_rs_create'), 'credentials')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('on a replica set, publishing a version and moving the active pointer are one transaction', async () => {
    const store = await openMongoStore(replicaSet.uriFor('gerbang_rs_publish'));
    try {
      const graph = { id: 'journey', name: 'Journey', version: 1, start: 'done', nodes: [{ id: 'done', type: 'success', settings: {}, position: { x: 0, y: 0 } }], edges: [] };
      await store.flows.saveDraft({ id: 'journey', name: 'Journey', graph, updatedBy: 'test' }, 0, new Date());
      seen.length = 0;
      expect(await store.flows.publish({ flowId: 'journey', version: 1, graph, publishedAt: new Date(), publishedBy: 'test' })).toBe(true);
      expect(seen.filter((c) => c.name === 'update').every((c) => c.command.autocommit === false)).toBe(true);
      expect(seen.some((c) => c.name === 'commitTransaction')).toBe(true);
      expect((await store.flows.getActive('journey'))?.version).toBe(1);
      // The same number again is refused with nothing written.
      expect(await store.flows.publish({ flowId: 'journey', version: 1, graph, publishedAt: new Date(), publishedBy: 'test' })).toBe(false);
    } finally {
      await store.close();
    }
  });

  /** The documents each `update` command of `server` wrote, in order. */
  const updated = (server: 'replica set' | 'standalone') =>
    seen.filter((c) => c.server === server && c.name === 'update').map((c) => (c.command.updates as Array<{ q: { _id: string } }>)[0].q._id);
  const described = (keys: Array<{ alg?: string; kid?: string }>) => keys.map((k) => `${k.alg} ${k.kid}`).join(', ');

  it('on a replica set, a signing-key rotation writes both kinds in one document, in a transaction', async () => {
    const store = await openMongoStore(replicaSet.uriFor('gerbang_rs_keys'));
    try {
      const secrets = new SecretBox('one shared encryption key');
      await loadSigningKeys(store.oidc, secrets);
      seen.length = 0;
      await rotateSigningKeys(store.oidc, secrets);
      // The set, then the copy of its EC keys that instances of the earlier version read.
      expect(updated('replica set')).toEqual(['Gerbang:SigningKeys:jwks', 'Gerbang:SigningKeys:jwks-es256']);
      const [set] = seen.filter((c) => c.name === 'update');
      expect(set.command).toMatchObject({ autocommit: false });
      expect(seen.find((c) => c.name === 'commitTransaction')?.command).toMatchObject({ writeConcern: { w: 'majority' } });
    } finally {
      await store.close();
    }
  });

  it('on a standalone (no transactions), a signing-key rotation interrupted by a failed write rotates neither kind, or both', async () => {
    let failing: string | null = null;
    const server = await startMongoWireServer({
      ttlSweepIntervalMs: 0,
      replicaSet: false,
      onCommand: (e) => seen.push({ server: 'standalone', ...e }),
      failCommand: (e) =>
        e.name === 'update' && (e.command.updates as Array<{ q: { _id: string } }>)[0].q._id === failing
          ? { code: 14031, codeName: 'OutOfDiskSpace', errmsg: 'Not enough disk space' }
          : undefined,
    });
    const store = await openMongoStore(server.uriFor('gerbang_standalone_keys'));
    try {
      const secrets = new SecretBox('one shared encryption key');
      const before = described(await loadSigningKeys(store.oidc, secrets));
      // The disk fills up as the key set is written: nothing of the rotation is kept.
      failing = 'Gerbang:SigningKeys:jwks';
      seen.length = 0;
      await expect(rotateSigningKeys(store.oidc, secrets)).rejects.toThrow('Not enough disk space');
      expect(seen.some((c) => c.server === 'standalone' && (c.name === 'commitTransaction' || 'txnNumber' in c.command))).toBe(false);
      expect(described(await loadSigningKeys(store.oidc, secrets))).toBe(before);
      // It fills up after the key set was written (at the copy for the earlier version): both kinds are rotated.
      failing = 'Gerbang:SigningKeys:jwks-es256';
      seen.length = 0;
      const rotated = await rotateSigningKeys(store.oidc, secrets);
      expect(updated('standalone')).toEqual(['Gerbang:SigningKeys:jwks', 'Gerbang:SigningKeys:jwks-es256']);
      const after = await loadSigningKeys(store.oidc, secrets);
      expect(described(after)).toBe(described(rotated));
      expect(after.map((k) => k.alg)).toEqual(['RS256', 'RS256', 'ES256', 'ES256']);
      expect([after[1], after[3]].map((k) => `${k.alg} ${k.kid}`).join(', ')).toBe(before);
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('on a standalone, the same writes go without transactions, in their crash-safe order', async () => {
    const store = await openMongoStore(standalone.uriFor('gerbang_standalone'));
    try {
      seen.length = 0;
      const user = await store.users.create({ email: 'budi@example.com' }, { type: 'password', data: { hash: 'argon2id-hash' } });
      expect(seen.some((c) => c.name === 'commitTransaction' || 'txnNumber' in c.command)).toBe(false);
      expect(seen.filter((c) => c.name === 'insert').map((c) => c.command.insert)).toEqual(['credentials', 'users']);
      expect((await store.credentials.listByUser(user.id)).length).toBe(1);
      await expect(store.users.create({ email: 'budi@example.com' }, { type: 'password', data: { hash: 'other' } })).rejects.toBeInstanceOf(DuplicateError);
      expect(await count(standalone.uriFor('gerbang_standalone'), 'credentials')).toBe(1);
    } finally {
      await store.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { mongoTargets } from '../support/mongo.js';

describe.each(mongoTargets)('MongoDB indexes created at start-up ($name)', (target) => {
  it('has a unique email, unique flow versions, and TTL expiry for runs and sessions', async () => {
    const db = await target.fresh();
    const store = await openMongoStore(db.uri);
    const client = await mongoose.mongo.MongoClient.connect(db.uri);
    try {
      const indexes = async (name: string) => client.db().collection(name).listIndexes().toArray();
      expect(await indexes('users')).toContainEqual(expect.objectContaining({ key: { email: 1 }, unique: true }));
      expect(await indexes('flow_versions')).toContainEqual(expect.objectContaining({ key: { flowId: 1, version: 1 }, unique: true }));
      expect(await indexes('runs')).toContainEqual(expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }));
      expect(await indexes('sessions')).toContainEqual(expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }));
    } finally {
      await client.close();
      await store.close();
      await db.drop();
    }
  });
});

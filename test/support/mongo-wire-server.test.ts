import net from 'node:net';
import mongoose, { Schema, Types, type Connection, type Model } from 'mongoose';
import { MongoBulkWriteError, MongoClient, MongoServerError, Decimal128 } from 'mongodb';
import { serialize } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMongoWireServer, type MongoWireServer } from './mongo-wire-server.js';
import { MessageFramer, parseMessage } from './mongo-wire/wire.js';

interface User {
  email: string;
  name?: string;
  age?: number;
  tags?: string[];
}

interface Flow {
  name: string;
  revision: number;
}

interface Session {
  token: string;
  expiresAt: Date;
}

const userSchema = new Schema<User>({
  email: { type: String, required: true, unique: true },
  name: String,
  age: Number,
  tags: [String],
});
const flowSchema = new Schema<Flow>({ name: String, revision: { type: Number, default: 1 } });
const sessionSchema = new Schema<Session>({ token: String, expiresAt: { type: Date, expires: 0 } });

let server: MongoWireServer;
const commands: Array<{ db: string; name: string }> = [];
let conn: Connection;
let dbCounter = 0;

/** A fresh database per test keeps tests independent on the shared server. */
async function freshModels(): Promise<{ db: Connection; Users: Model<User>; Flows: Model<Flow>; Sessions: Model<Session> }> {
  const db = conn.useDb(`gerbang_t${++dbCounter}`, { useCache: false });
  const Users = db.model<User>('User', userSchema);
  const Flows = db.model<Flow>('Flow', flowSchema);
  const Sessions = db.model<Session>('Session', sessionSchema);
  await Promise.all([Users.init(), Flows.init(), Sessions.init()]);
  return { db, Users, Flows, Sessions };
}

async function expectDuplicateKey(promise: Promise<unknown>): Promise<MongoServerError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MongoServerError);
  expect((err as MongoServerError).code).toBe(11000);
  return err as MongoServerError;
}

beforeAll(async () => {
  server = await startMongoWireServer({ ttlSweepIntervalMs: 0, onCommand: (e) => commands.push({ db: e.db, name: e.name }) });
  conn = await mongoose.createConnection(server.uri).asPromise();
});

afterAll(async () => {
  await conn?.close();
  await server?.close();
});

describe('handshake and server commands', () => {
  it('answers hello as the primary of a single-node replica set (MongoDB 7.0) and rejects unknown commands with CommandNotFound', async () => {
    expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/gerbang_test$/);
    const client = await MongoClient.connect(server.uri);
    try {
      const hello = await client.db('admin').command({ hello: 1 });
      expect(hello).toMatchObject({ isWritablePrimary: true, maxWireVersion: 21, minWireVersion: 0, logicalSessionTimeoutMinutes: 30 });
      const member = server.uri.replace(/^mongodb:\/\/([^/]+)\/.*$/, '$1');
      expect(hello).toMatchObject({ setName: 'rs0', hosts: [member], primary: member, me: member, secondary: false });
      expect(hello.localTime).toBeInstanceOf(Date);
      expect(await client.db('admin').command({ ping: 1 })).toEqual({ ok: 1 });
      const err = await client.db().command({ frobnicate: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MongoServerError);
      expect((err as MongoServerError).code).toBe(59);
      expect((err as MongoServerError).codeName).toBe('CommandNotFound');
    } finally {
      await client.close();
    }
    // The driver's first handshake is a legacy OP_QUERY isMaster on admin.$cmd.
    expect(commands.some((c) => c.db === 'admin' && (c.name === 'ismaster' || c.name === 'isMaster'))).toBe(true);
  });
});

describe('mongoose over the wire server', () => {
  it('creates the schema indexes, including unique and TTL specs', async () => {
    const { Users, Sessions } = await freshModels();
    await Users.syncIndexes();
    const userIndexes = await Users.listIndexes();
    expect(userIndexes.map((i) => i.name)).toEqual(['_id_', 'email_1']);
    expect(userIndexes[1]).toMatchObject({ key: { email: 1 }, unique: true });
    const sessionIndexes = await Sessions.listIndexes();
    expect(sessionIndexes[1]).toMatchObject({ key: { expiresAt: 1 }, expireAfterSeconds: 0 });
    expect(await Users.diffIndexes()).toEqual({ toDrop: [], toCreate: [] });
  });

  it('inserts, finds, updates and deletes documents', async () => {
    const { Users } = await freshModels();
    const ann = await Users.create({ email: 'ann@example.com', name: 'Ann', age: 31, tags: ['admin'] });
    await Users.create([
      { email: 'bob@example.com', name: 'Bob', age: 25 },
      { email: 'cy@example.com', name: 'Cy', age: 40, tags: ['admin', 'ops'] },
    ]);

    const found = await Users.findById(ann._id).lean();
    expect(found).toMatchObject({ email: 'ann@example.com', name: 'Ann', age: 31, tags: ['admin'] });
    expect(found?._id).toBeInstanceOf(Types.ObjectId);
    expect((await Users.find({ tags: 'admin' }).sort({ age: -1 }).lean()).map((u) => u.name)).toEqual(['Cy', 'Ann']);
    expect((await Users.findOne({ age: { $lt: 30 } }).lean())?.name).toBe('Bob');
    expect(await Users.findOne({ email: 'nobody@example.com' })).toBeNull();

    const res = await Users.updateOne({ email: 'bob@example.com' }, { $set: { name: 'Robert' }, $inc: { age: 1 } });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await Users.findOne({ email: 'bob@example.com' }).lean()).toMatchObject({ name: 'Robert', age: 26 });
    const noop = await Users.updateOne({ email: 'bob@example.com' }, { $set: { name: 'Robert' } });
    expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 });

    const updated = await Users.findOneAndUpdate({ email: 'cy@example.com' }, { $push: { tags: 'dev' } }, { new: true }).lean();
    expect(updated?.tags).toEqual(['admin', 'ops', 'dev']);
    const before = await Users.findOneAndUpdate({ email: 'cy@example.com' }, { $set: { age: 41 } }, { returnDocument: 'before' }).lean();
    expect(before?.age).toBe(40);

    const upserted = await Users.findOneAndUpdate(
      { email: 'dee@example.com' },
      { $set: { name: 'Dee' }, $setOnInsert: { age: 22 } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    expect(upserted).toMatchObject({ email: 'dee@example.com', name: 'Dee', age: 22 });
    const upsertAgain = await Users.updateOne({ email: 'dee@example.com' }, { $set: { name: 'Dee2' }, $setOnInsert: { age: 99 } }, { upsert: true });
    expect(upsertAgain).toMatchObject({ matchedCount: 1, upsertedCount: 0 });
    expect((await Users.findOne({ email: 'dee@example.com' }).lean())?.age).toBe(22);
    const upsertNew = await Users.updateOne({ email: 'eve@example.com' }, { $set: { name: 'Eve' } }, { upsert: true });
    expect(upsertNew.upsertedCount).toBe(1);
    expect(upsertNew.upsertedId).toBeInstanceOf(Types.ObjectId);

    expect(await Users.countDocuments()).toBe(5);
    expect(await Users.countDocuments({ age: { $gte: 30 } })).toBe(2);
    expect(await Users.estimatedDocumentCount()).toBe(5);
    expect((await Users.deleteOne({ email: 'eve@example.com' })).deletedCount).toBe(1);
    expect((await Users.deleteMany({ tags: 'admin' })).deletedCount).toBe(2);
    expect((await Users.distinct('email')).sort()).toEqual(['bob@example.com', 'dee@example.com']);
    expect(await Users.exists({ email: 'ann@example.com' })).toBeNull();
  });

  it('sorts, skips, limits and projects', async () => {
    const { Users } = await freshModels();
    await Users.insertMany(Array.from({ length: 10 }, (_, i) => ({ email: `u${i}@example.com`, age: (i * 7) % 10 })));
    const page = await Users.find({}, { email: 1, age: 1, _id: 0 }).sort({ age: 1 }).skip(2).limit(3).lean();
    expect(page).toEqual([
      { email: 'u6@example.com', age: 2 },
      { email: 'u9@example.com', age: 3 },
      { email: 'u2@example.com', age: 4 },
    ]);
    const excluded = await Users.findOne({ email: 'u1@example.com' }).select('-age -__v').lean();
    // mongod stores _id first, whatever the field order the client sent.
    expect(Object.keys(excluded ?? {})).toEqual(['_id', 'email', 'tags']);
  });

  it('aggregates through mingo, including $group and $lookup', async () => {
    const { Users, Flows } = await freshModels();
    await Users.insertMany([
      { email: 'a@example.com', age: 20, tags: ['x'] },
      { email: 'b@example.com', age: 30, tags: ['x', 'y'] },
      { email: 'c@example.com', age: 40, tags: ['y'] },
    ]);
    await Flows.create({ name: 'a@example.com', revision: 3 });
    const byTag = await Users.aggregate<{ _id: string; n: number; avgAge: number }>([
      { $unwind: '$tags' },
      { $group: { _id: '$tags', n: { $sum: 1 }, avgAge: { $avg: '$age' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(byTag).toEqual([
      { _id: 'x', n: 2, avgAge: 25 },
      { _id: 'y', n: 2, avgAge: 35 },
    ]);
    const joined = await Users.aggregate<{ email: string; flows: Flow[] }>([
      { $match: { email: 'a@example.com' } },
      { $lookup: { from: 'flows', localField: 'email', foreignField: 'name', as: 'flows' } },
    ]);
    expect(joined[0]?.flows.map((f) => f.revision)).toEqual([3]);
  });

  it('serves cursors larger than the first batch through getMore', async () => {
    const { Users } = await freshModels();
    await Users.insertMany(Array.from({ length: 250 }, (_, i) => ({ email: `user${String(i).padStart(3, '0')}@example.com`, age: i })));
    const getMoresBefore = commands.filter((c) => c.name === 'getMore').length;

    const seen: number[] = [];
    for await (const user of Users.find().sort({ age: 1 }).cursor()) seen.push(user.age ?? -1);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
    const afterDefault = commands.filter((c) => c.name === 'getMore').length;
    expect(afterDefault - getMoresBefore).toBe(1); // 101 in firstBatch, the remaining 149 in one getMore

    let count = 0;
    for await (const user of Users.find({ age: { $gte: 50 } }).batchSize(50).cursor()) {
      expect(user.age).toBeGreaterThanOrEqual(50);
      count += 1;
    }
    expect(count).toBe(200);
    expect(commands.filter((c) => c.name === 'getMore').length - afterDefault).toBe(3);
  });

  it('raises E11000 (code 11000) for unique violations on create, update, upsert and findOneAndUpdate', async () => {
    const { Users, db } = await freshModels();
    await Users.create({ email: 'taken@example.com' });
    await Users.create({ email: 'other@example.com' });

    const onCreate = await expectDuplicateKey(Users.create({ email: 'taken@example.com' }));
    expect(onCreate.message).toBe(
      `E11000 duplicate key error collection: ${db.name}.users index: email_1 dup key: { email: "taken@example.com" }`,
    );
    expect(onCreate.keyValue).toEqual({ email: 'taken@example.com' });
    await expectDuplicateKey(Users.updateOne({ email: 'other@example.com' }, { $set: { email: 'taken@example.com' } }));
    await expectDuplicateKey(Users.updateOne({ email: 'new@example.com' }, { $set: { email: 'taken@example.com' } }, { upsert: true }));
    const onFam = await expectDuplicateKey(
      Users.findOneAndUpdate({ email: 'other@example.com' }, { $set: { email: 'taken@example.com' } }, { returnDocument: 'after' }),
    );
    expect(onFam.keyPattern).toEqual({ email: 1 });
    // Nothing was written by the failed operations.
    expect((await Users.find().sort({ email: 1 }).lean()).map((u) => u.email)).toEqual(['other@example.com', 'taken@example.com']);
    // The mongoose document API surfaces the same error.
    const doc = await Users.findOne({ email: 'other@example.com' });
    doc!.email = 'taken@example.com';
    await expectDuplicateKey(doc!.save());
  });

  it('lets exactly one of two racing revision-guarded findOneAndUpdate calls win', async () => {
    const { Flows } = await freshModels();
    const flow = await Flows.create({ name: 'login', revision: 1 });
    const attempt = (name: string) =>
      Flows.findOneAndUpdate(
        { _id: flow._id, revision: 1 },
        { $set: { name }, $inc: { revision: 1 } },
        { returnDocument: 'after' },
      ).lean();
    const results = await Promise.all([attempt('first'), attempt('second'), attempt('third')]);
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.revision).toBe(2);
    const stored = await Flows.findById(flow._id).lean();
    expect(stored).toMatchObject({ revision: 2, name: winners[0]?.name });
  });

  it('round-trips Dates, ObjectIds, Decimal128 and binary data, and queries by date', async () => {
    const { db } = await freshModels();
    const Things = db.model(
      'Thing',
      new Schema({ at: Date, ref: Schema.Types.ObjectId, price: Schema.Types.Decimal128, blob: Buffer, big: Number }),
    );
    const at = new Date('2024-02-29T12:34:56.789Z');
    const ref = new Types.ObjectId();
    await Things.create({ at, ref, price: Decimal128.fromString('19.99'), blob: Buffer.from([0, 1, 2, 255]), big: 2 ** 40 });
    await Things.create({ at: new Date('2020-01-01T00:00:00Z') });
    const back = await Things.findOne({ at: { $gt: new Date('2024-01-01T00:00:00Z') } }).lean();
    expect(back?.at).toBeInstanceOf(Date);
    expect(back?.at?.toISOString()).toBe(at.toISOString());
    expect(back?.ref?.toHexString()).toBe(ref.toHexString());
    expect(back?.price?.toString()).toBe('19.99');
    expect(Buffer.from(back?.blob?.buffer ?? []).equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(back?.big).toBe(2 ** 40);
    expect(await Things.countDocuments({ ref })).toBe(1);
  });

  it('deletes expired documents on a TTL sweep', async () => {
    const { Sessions } = await freshModels();
    const now = Date.now();
    await Sessions.create([
      { token: 'expired', expiresAt: new Date(now - 1000) },
      { token: 'live', expiresAt: new Date(now + 60_000) },
      { token: 'no-date' } as Session,
    ]);
    expect(server.sweepTtl(new Date(now))).toBe(1);
    expect((await Sessions.find().sort({ token: 1 }).lean()).map((s) => s.token)).toEqual(['live', 'no-date']);
    expect(server.sweepTtl(new Date(now + 120_000))).toBe(1);
    expect((await Sessions.find().lean()).map((s) => s.token)).toEqual(['no-date']);
  });

  it('supports pipeline updates, arrayFilters, positional updates and replacements', async () => {
    const { db } = await freshModels();
    const Carts = db.model('Cart', new Schema({ owner: String, total: Number, items: [{ sku: String, qty: Number }] }));
    const cart = await Carts.create({ owner: 'ann', total: 0, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 5 }] });
    await Carts.updateOne({ _id: cart._id }, [{ $set: { total: { $sum: '$items.qty' } } }], { updatePipeline: true });
    expect((await Carts.findById(cart._id).lean())?.total).toBe(6);
    await Carts.updateOne({ _id: cart._id }, { $inc: { 'items.$[big].qty': 10 } }, { arrayFilters: [{ 'big.qty': { $gt: 2 } }] });
    await Carts.updateOne({ _id: cart._id, 'items.sku': 'a' }, { $set: { 'items.$.qty': 2 } });
    expect((await Carts.findById(cart._id).lean())?.items.map((i) => i.qty)).toEqual([2, 15]);
    await Carts.replaceOne({ _id: cart._id }, { owner: 'bob', total: 1, items: [] });
    expect(await Carts.findById(cart._id).lean()).toMatchObject({ _id: cart._id, owner: 'bob', total: 1, items: [] });
    const removed = await Carts.findOneAndDelete({ owner: 'bob' }).lean();
    expect(removed?.owner).toBe('bob');
    expect(await Carts.countDocuments()).toBe(0);
  });

  it('keeps two databases isolated, including their unique indexes', async () => {
    const connA = await mongoose.createConnection(server.uriFor('gerbang_iso_a')).asPromise();
    const connB = await mongoose.createConnection(server.uriFor('gerbang_iso_b')).asPromise();
    try {
      const UsersA = connA.model<User>('User', userSchema);
      const UsersB = connB.model<User>('User', userSchema);
      await Promise.all([UsersA.init(), UsersB.init()]);
      await UsersA.create({ email: 'same@example.com', name: 'in A' });
      await UsersB.create({ email: 'same@example.com', name: 'in B' });
      expect(await UsersA.countDocuments()).toBe(1);
      expect((await UsersB.findOne().lean())?.name).toBe('in B');
      expect((await connB.listCollections()).map((c) => c.name)).toEqual(['users']);
      await connA.dropDatabase();
      expect(await UsersA.countDocuments()).toBe(0);
      expect(await UsersB.countDocuments()).toBe(1);
    } finally {
      await connA.close();
      await connB.close();
    }
  });
});

describe('unique index semantics', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await MongoClient.connect(server.uriFor('gerbang_raw'));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists indexes and reports partial failure of an unordered insertMany', async () => {
    const things = client.db().collection('things');
    await things.createIndex({ sku: 1 }, { unique: true });
    await things.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3600, name: 'ttl' });
    const indexes = await things.listIndexes().toArray();
    expect(indexes).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { sku: 1 }, name: 'sku_1', unique: true },
      { v: 2, key: { createdAt: 1 }, name: 'ttl', expireAfterSeconds: 3600 },
    ]);

    const err = await things
      .insertMany([{ sku: 1 }, { sku: 1 }, { sku: 2 }, { sku: 2 }, { sku: 3 }], { ordered: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bulk = err as MongoBulkWriteError;
    expect(bulk.insertedCount).toBe(3);
    const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
    expect(writeErrors.map((e) => [e.index, e.code])).toEqual([
      [1, 11000],
      [3, 11000],
    ]);
    expect(await things.countDocuments()).toBe(3);

    const ordered = await things.insertMany([{ sku: 4 }, { sku: 1 }, { sku: 5 }]).catch((e: unknown) => e);
    expect((ordered as MongoBulkWriteError).insertedCount).toBe(1);
    expect(await things.countDocuments({ sku: 5 })).toBe(0);
  });

  it('treats missing fields as null unless the index is sparse or partial', async () => {
    const db = client.db();
    await db.collection('plain').createIndex({ email: 1 }, { unique: true });
    await db.collection('plain').insertOne({ name: 'no email' });
    const err = await db.collection('plain').insertOne({ name: 'also none' }).catch((e: unknown) => e);
    expect((err as MongoServerError).code).toBe(11000);
    expect((err as MongoServerError).message).toContain('dup key: { email: null }');

    await db.collection('sparse').createIndex({ email: 1 }, { unique: true, sparse: true });
    await db.collection('sparse').insertMany([{ name: 'a' }, { name: 'b' }, { email: 'x@example.com' }]);
    await expect(db.collection('sparse').insertOne({ email: 'x@example.com' })).rejects.toMatchObject({ code: 11000 });

    await db.collection('partial').createIndex(
      { email: 1 },
      { unique: true, partialFilterExpression: { verified: true } },
    );
    await db.collection('partial').insertMany([
      { email: 'p@example.com', verified: false },
      { email: 'p@example.com', verified: false },
      { email: 'p@example.com', verified: true },
    ]);
    await expect(db.collection('partial').insertOne({ email: 'p@example.com', verified: true })).rejects.toMatchObject({ code: 11000 });
  });

  it('enforces compound and multikey unique indexes', async () => {
    const coll = client.db().collection('compound');
    await coll.createIndex({ tenant: 1, email: 1 }, { unique: true });
    await coll.insertMany([
      { tenant: 't1', email: 'a@example.com' },
      { tenant: 't2', email: 'a@example.com' },
    ]);
    const err = (await coll.insertOne({ tenant: 't1', email: 'a@example.com' }).catch((e: unknown) => e)) as MongoServerError;
    expect(err.code).toBe(11000);
    expect(err.message).toContain('index: tenant_1_email_1 dup key: { tenant: "t1", email: "a@example.com" }');

    const tags = client.db().collection('tags');
    await tags.createIndex({ tags: 1 }, { unique: true });
    await tags.insertOne({ tags: ['a', 'b', 'b'] }); // duplicates within one document are fine
    await expect(tags.insertOne({ tags: ['c', 'a'] })).rejects.toMatchObject({ code: 11000 });
    // Numeric values compare across BSON number types, like mongod.
    const nums = client.db().collection('nums');
    await nums.createIndex({ n: 1 }, { unique: true });
    await nums.insertOne({ n: 1 });
    await expect(nums.insertOne({ n: 1.0 })).rejects.toMatchObject({ code: 11000 });
  });

  it('refuses to build a unique index over existing duplicates', async () => {
    const coll = client.db().collection('dupes');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(coll.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    await expect(coll.insertOne({ _id: (await coll.findOne())!._id })).rejects.toMatchObject({ code: 11000 });
  });

  it('creates, lists and drops collections and indexes; kills abandoned cursors', async () => {
    const db = client.db('gerbang_admin_ops');
    await db.createCollection('audit');
    await expect(db.createCollection('audit')).rejects.toMatchObject({ code: 48, codeName: 'NamespaceExists' });
    await db.collection('events').insertMany(Array.from({ length: 300 }, (_, i) => ({ i, kind: i % 3 === 0 ? 'login' : 'logout' })));
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual(['audit', 'events']);
    expect((await db.listCollections({ name: 'events' }).toArray()).map((c) => c.name)).toEqual(['events']);

    const events = db.collection('events');
    expect((await events.distinct('kind')).sort()).toEqual(['login', 'logout']);
    const name = await events.createIndex({ kind: 1, i: -1 });
    expect(name).toBe('kind_1_i_-1');
    await events.dropIndex(name);
    await expect(events.dropIndex(name)).rejects.toMatchObject({ code: 27, codeName: 'IndexNotFound' });
    await expect(db.collection('missing').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });

    const cursor = events.find({}, { batchSize: 10 });
    expect((await cursor.next())?.i).toBe(0);
    await cursor.close(); // sends killCursors for the still-open server cursor
    expect(commands.some((c) => c.db === 'gerbang_admin_ops' && c.name === 'killCursors')).toBe(true);
    expect(await events.countDocuments({ kind: 'login' })).toBe(100);

    const big = 'x'.repeat(3 * 1024 * 1024); // spans many TCP chunks in both directions
    const blobs = db.collection<{ _id: string; big: string }>('blobs');
    await blobs.insertOne({ _id: 'big', big });
    expect((await blobs.findOne({ _id: 'big' }))?.big).toHaveLength(big.length);

    expect(await events.drop()).toBe(true);
    expect((await db.listCollections().toArray()).map((c) => c.name).sort()).toEqual(['audit', 'blobs']);
    await db.dropDatabase();
    expect(await db.listCollections().toArray()).toEqual([]);
  });

  it('seeds upserts from the equality fields of the filter', async () => {
    const coll = client.db().collection<{ _id: string; a?: { b: number }; z?: number; k?: number }>('upserts');
    await coll.updateOne({ _id: 'x', 'a.b': 2, z: { $gt: 0 } }, { $set: { k: 1 } }, { upsert: true });
    expect(await coll.findOne({ _id: 'x' })).toEqual({ _id: 'x', a: { b: 2 }, k: 1 });
  });

  it('as a standalone (replicaSet: false), rejects transactions like a standalone mongod', async () => {
    const standalone = await startMongoWireServer({ ttlSweepIntervalMs: 0, replicaSet: false });
    const plain = await MongoClient.connect(standalone.uri);
    try {
      expect((await plain.db('admin').command({ hello: 1 })).setName).toBeUndefined();
      const coll = plain.db().collection<{ _id: string }>('txn');
      const session = plain.startSession();
      try {
        const err = await session
          .withTransaction(async () => {
            await coll.insertOne({ _id: 'in-txn' }, { session });
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MongoServerError);
        expect((err as MongoServerError).message).toMatch(/does not support retryable writes|only allowed on a replica set/);
      } finally {
        await session.endSession();
      }
      expect(await coll.countDocuments()).toBe(0);
    } finally {
      await plain.close();
      await standalone.close();
    }
  });

  it('applies unacknowledged (w:0, moreToCome) writes without replying', async () => {
    const coll = client.db().collection('fire_and_forget');
    const res = await coll.insertOne({ a: 1 }, { writeConcern: { w: 0 } });
    expect(res.acknowledged).toBe(false);
    await expect.poll(() => coll.countDocuments({ a: 1 })).toBe(1);
  });
});

describe('transactions (single-node replica set)', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await MongoClient.connect(server.uriFor('gerbang_txn'));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('commits the writes of a transaction together: nobody sees them before the commit, everybody after', async () => {
    const accounts = client.db().collection<{ _id: string; owner?: string }>('accounts');
    const credentials = client.db().collection<{ _id: string; account: string }>('credentials');
    const session = client.startSession();
    try {
      session.startTransaction({ writeConcern: { w: 'majority' }, readConcern: { level: 'snapshot' } });
      await credentials.insertOne({ _id: 'c1', account: 'a1' }, { session });
      await accounts.insertOne({ _id: 'a1', owner: 'rina' }, { session });
      // The transaction reads its own writes; a reader outside it sees nothing yet.
      expect(await accounts.findOne({ _id: 'a1' }, { session })).toEqual({ _id: 'a1', owner: 'rina' });
      expect(await accounts.findOne({ _id: 'a1' })).toBeNull();
      expect(await credentials.countDocuments({})).toBe(0);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await accounts.findOne({ _id: 'a1' })).toEqual({ _id: 'a1', owner: 'rina' });
    expect(await credentials.findOne({ _id: 'c1' })).toEqual({ _id: 'c1', account: 'a1' });
  });

  it('an aborted transaction, or one whose write failed, leaves nothing behind', async () => {
    const coll = client.db().collection<{ _id: string; email: string }>('people');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ _id: 'taken', email: 'taken@example.com' });
    const session = client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ _id: 'p1', email: 'p1@example.com' }, { session });
      await session.abortTransaction();
      const err = await session
        .withTransaction(async () => {
          await coll.insertOne({ _id: 'p2', email: 'p2@example.com' }, { session });
          await coll.insertOne({ _id: 'p3', email: 'taken@example.com' }, { session });
        })
        .catch((e: unknown) => e);
      expect((err as MongoServerError).code).toBe(11000);
    } finally {
      await session.endSession();
    }
    expect((await coll.find({}).toArray()).map((d) => d._id)).toEqual(['taken']);
  });

  it('two transactions writing the same document: the second commit is a write conflict, and withTransaction runs it again', async () => {
    const counters = client.db().collection<{ _id: string; n: number }>('counters');
    await counters.insertOne({ _id: 'c', n: 0 });
    const first = client.startSession();
    const second = client.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } }, { session: first });
      await counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } }, { session: second });
      await first.commitTransaction();
      const err = await second.commitTransaction().catch((e: unknown) => e);
      expect((err as MongoServerError).code).toBe(112);
      expect((err as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      // Run again as withTransaction does after a transient error: both increments count.
      await second.withTransaction(async () => {
        await counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } }, { session: second });
      });
    } finally {
      await first.endSession();
      await second.endSession();
    }
    expect(await counters.findOne({ _id: 'c' })).toEqual({ _id: 'c', n: 2 });
  });

  it('mongoose connection.transaction commits with majority write concern', async () => {
    const { db, Users, Flows } = await freshModels();
    await db.transaction(
      async (session) => {
        await Users.create([{ email: 'txn@example.com' }], { session });
        await Flows.create([{ name: 'txn flow' }], { session });
      },
      { writeConcern: { w: 'majority' } },
    );
    expect(await Users.countDocuments({ email: 'txn@example.com' })).toBe(1);
    expect(await Flows.countDocuments({ name: 'txn flow' })).toBe(1);
  });
});

describe('robustness', () => {
  it('frames messages split across chunks and several messages in one chunk', () => {
    const body = Buffer.from(serialize({ ping: 1, $db: 'admin' }));
    const message = Buffer.concat([Buffer.alloc(21), body]);
    message.writeInt32LE(message.length, 0);
    message.writeInt32LE(7, 4);
    message.writeInt32LE(2013, 12);

    const framer = new MessageFramer();
    const bytewise = [...message].flatMap((byte) => framer.push(Buffer.from([byte])));
    expect(bytewise).toHaveLength(1);
    expect(parseMessage(bytewise[0]!)).toMatchObject({ kind: 'msg', requestId: 7, command: { ping: 1, $db: 'admin' }, moreToCome: false });
    const both = framer.push(Buffer.concat([message, message, message.subarray(0, 10)]));
    expect(both).toHaveLength(2);
    expect(framer.push(message.subarray(10))).toHaveLength(1);
  });

  function sendRaw(port: number, payload: Buffer): Promise<'closed'> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(payload));
      socket.on('data', () => reject(new Error('server replied to garbage')));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve('closed'));
    });
  }

  function opMsgWithBody(body: Buffer): Buffer {
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + body.length, 0);
    header.writeInt32LE(1, 4);
    header.writeInt32LE(2013, 12);
    return Buffer.concat([header, body]);
  }

  it('drops connections that send garbage and keeps serving others', async () => {
    const own = await startMongoWireServer({ ttlSweepIntervalMs: 0 });
    try {
      await expect(sendRaw(own.port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).resolves.toBe('closed');
      const unknownOpcode = Buffer.alloc(20);
      unknownOpcode.writeInt32LE(20, 0);
      unknownOpcode.writeInt32LE(9999, 12);
      await expect(sendRaw(own.port, unknownOpcode)).resolves.toBe('closed');
      await expect(sendRaw(own.port, opMsgWithBody(Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3])))).resolves.toBe('closed');
      await expect(sendRaw(own.port, opMsgWithBody(Buffer.from([9, 0, 0, 0, 0])))).resolves.toBe('closed');

      const client = await MongoClient.connect(own.uri);
      try {
        expect(await client.db().command({ ping: 1 })).toEqual({ ok: 1 });
      } finally {
        await client.close();
      }
    } finally {
      await own.close();
    }
  });

  it('runs the TTL monitor on its own interval and can be reset', async () => {
    const own = await startMongoWireServer({ ttlSweepIntervalMs: 20 });
    const client = await MongoClient.connect(own.uriFor('gerbang_ttl'));
    try {
      const sessions = client.db().collection('sessions');
      await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      await sessions.insertMany([{ expiresAt: new Date(Date.now() - 1) }, { expiresAt: new Date(Date.now() + 3_600_000) }]);
      await expect.poll(() => sessions.countDocuments(), { timeout: 2000 }).toBe(1);
      own.reset();
      expect(await client.db().listCollections().toArray()).toEqual([]);
    } finally {
      await client.close();
      await own.close();
    }
  });

  it('destroys open client sockets on close', async () => {
    const own = await startMongoWireServer({ ttlSweepIntervalMs: 0 });
    const socket = net.connect(own.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', () => resolve('closed')));
    await own.close();
    await expect(closed).resolves.toBe('closed');
  });
});

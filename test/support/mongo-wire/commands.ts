/**
 * Command handlers with mongod-shaped replies. `CommandRunner.run` never throws: failures
 * become `{ ok: 0, errmsg, code, codeName }`, write-batch failures become `writeErrors`.
 */
import { calculateObjectSize, Long } from 'bson';
import { ErrorCodes, MongoCommandError } from './errors.js';
import {
  applyProjection,
  compileFilter,
  computeUpdate,
  runAggregate,
  selectDocuments,
  upsertSeed,
  type QueryContext,
} from './query.js';
import { validateCollectionName, validateDbName, type Collection, type IndexSpec, type Storage, type StorageView } from './storage.js';
import { TransactionTable } from './transactions.js';
import { deepClone, distinctValues, isPlainObject, keyString, sameDocument, toNumber, type BsonDoc } from './values.js';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE_BYTES } from './wire.js';

export const MAX_WIRE_VERSION = 21; // MongoDB 7.0
export const SERVER_VERSION = '7.0.0';
const MAX_WRITE_BATCH_SIZE = 100_000;
const DEFAULT_FIRST_BATCH_SIZE = 101;
/** Room left for the reply envelope around a batch of documents. */
const MAX_BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 16 * 1024;

interface OpenCursor {
  ns: string;
  docs: BsonDoc[];
}

/** Server-wide open cursors (as in mongod, a getMore may come on any connection). */
class CursorRegistry {
  private nextId = 1;
  private readonly cursors = new Map<number, OpenCursor>();

  open(ns: string, docs: BsonDoc[]): number {
    const id = this.nextId++;
    this.cursors.set(id, { ns, docs });
    return id;
  }

  get(id: number): OpenCursor | undefined {
    return this.cursors.get(id);
  }

  kill(id: number): boolean {
    return this.cursors.delete(id);
  }

  clear(): void {
    this.cursors.clear();
  }
}

interface Invocation {
  db: string;
  /** The live storage, or the view of the transaction the command belongs to. */
  storage: StorageView;
  cmd: BsonDoc;
  /** The command name as sent (first field of the command document). */
  name: string;
  connectionId: number;
}

type Handler = (inv: Invocation) => BsonDoc;

// ---- argument parsing -------------------------------------------------------------------

function typeMismatch(field: string, expected: string, value: unknown): MongoCommandError {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new MongoCommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${actual}', expected type '${expected}'`);
}

function docArg(source: BsonDoc, field: string): BsonDoc | undefined {
  const value = source[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw typeMismatch(field, 'object', value);
  return value;
}

function arrayArg(source: BsonDoc, field: string): unknown[] | undefined {
  const value = source[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeMismatch(field, 'array', value);
  return value;
}

function docArrayArg(source: BsonDoc, field: string): BsonDoc[] | undefined {
  const values = arrayArg(source, field);
  if (!values) return undefined;
  return values.map((v, i) => {
    if (!isPlainObject(v)) throw typeMismatch(`${field}.${i}`, 'object', v);
    return v;
  });
}

function numArg(source: BsonDoc, field: string): number | undefined {
  const value = source[field];
  if (value === undefined || value === null) return undefined;
  const n = toNumber(value);
  if (n === undefined) throw typeMismatch(field, 'long', value);
  return n;
}

function boolArg(source: BsonDoc, field: string): boolean {
  const value = source[field];
  return value === true || (typeof value === 'number' && value !== 0);
}

/** The collection named by the command's first field. */
function collectionArg(inv: Invocation): string {
  const value = inv.cmd[inv.name];
  if (typeof value !== 'string') throw new MongoCommandError('InvalidNamespace', `collection name has invalid type ${typeof value}`);
  validateCollectionName(inv.db, value);
  return value;
}

function cursorBatchSize(cmd: BsonDoc): number | undefined {
  const cursor = docArg(cmd, 'cursor');
  return cursor ? numArg(cursor, 'batchSize') : undefined;
}

// ---- the runner ------------------------------------------------------------------------

/** How the server presents itself: a standalone mongod, or the primary of a single-node replica set. */
export interface Topology {
  /** The replica set name; absent for a standalone (no transactions, no retryable writes). */
  setName?: string;
  /** `host:port` as clients address it (the set's only member). */
  address: () => string;
}

/** Commands that may run inside a multi-document transaction. */
const IN_TRANSACTION = new Set(['find', 'getMore', 'killCursors', 'insert', 'update', 'delete', 'findAndModify', 'findandmodify', 'aggregate', 'count', 'distinct', 'commitTransaction', 'abortTransaction']);

export class CommandRunner {
  private readonly cursors = new CursorRegistry();
  private readonly handlers: Map<string, Handler>;
  private readonly transactions: TransactionTable;

  constructor(
    private readonly storage: Storage,
    private readonly topology: Topology = { address: () => 'localhost:27017' },
  ) {
    this.transactions = new TransactionTable(storage);
    const table: Record<string, Handler> = {
      hello: (inv) => this.hello(inv, false),
      isMaster: (inv) => this.hello(inv, true),
      ismaster: (inv) => this.hello(inv, true),
      ping: () => ({ ok: 1 }),
      buildInfo: () => this.buildInfo(),
      buildinfo: () => this.buildInfo(),
      getParameter: (inv) => this.getParameter(inv),
      getLog: (inv) => this.getLog(inv),
      endSessions: (inv) => this.endSessions(inv),
      killAllSessions: () => ({ ok: 1 }),
      connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
      serverStatus: (inv) => this.serverStatus(inv),
      listDatabases: (inv) => this.listDatabases(inv),
      create: (inv) => this.create(inv),
      drop: (inv) => this.drop(inv),
      dropDatabase: (inv) => this.dropDatabase(inv),
      listCollections: (inv) => this.listCollections(inv),
      createIndexes: (inv) => this.createIndexes(inv),
      listIndexes: (inv) => this.listIndexes(inv),
      dropIndexes: (inv) => this.dropIndexes(inv),
      insert: (inv) => this.insert(inv),
      find: (inv) => this.find(inv),
      getMore: (inv) => this.getMore(inv),
      killCursors: (inv) => this.killCursors(inv),
      update: (inv) => this.update(inv),
      delete: (inv) => this.delete(inv),
      findAndModify: (inv) => this.findAndModify(inv),
      findandmodify: (inv) => this.findAndModify(inv),
      aggregate: (inv) => this.aggregate(inv),
      count: (inv) => this.count(inv),
      distinct: (inv) => this.distinct(inv),
    };
    this.handlers = new Map(Object.entries(table));
  }

  /** Runs one command against database `db`; always returns a reply document. */
  run(db: string, cmd: BsonDoc, connectionId: number): BsonDoc {
    const name = Object.keys(cmd)[0] ?? '';
    let inTransaction: string | null = null;
    try {
      const transactional = 'txnNumber' in cmd || name === 'commitTransaction' || name === 'abortTransaction';
      if (transactional && !this.topology.setName) {
        // A standalone (no setName in hello) cannot run transactions or retryable writes.
        throw new MongoCommandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
      }
      let storage: StorageView = this.storage;
      if (transactional && cmd.autocommit === false) {
        const lsid = sessionKey(cmd.lsid);
        const txnNumber = toNumber(cmd.txnNumber);
        if (!lsid || txnNumber === undefined) throw new MongoCommandError('InvalidOptions', 'a transaction needs lsid and txnNumber');
        if (!IN_TRANSACTION.has(name)) throw new MongoCommandError('OperationNotSupportedInTransaction', `Cannot run '${name}' in a multi-document transaction.`);
        const routed = this.transactions.route(lsid, txnNumber, name, cmd.startTransaction === true);
        if (routed.reply) return routed.reply;
        storage = routed.view!;
        inTransaction = lsid;
      }
      // Otherwise a retryable write (txnNumber without autocommit): applied once, like any write.
      const handler = this.handlers.get(name);
      if (!handler) throw new MongoCommandError('CommandNotFound', `no such command: '${name}'`);
      validateDbName(db);
      const reply = handler({ db, storage, cmd, name, connectionId });
      // A write error inside a transaction aborts it, as in mongod.
      if (inTransaction && Array.isArray(reply.writeErrors) && reply.writeErrors.length) this.transactions.abort(inTransaction);
      return reply;
    } catch (err) {
      if (inTransaction) this.transactions.abort(inTransaction);
      if (err instanceof MongoCommandError) return err.toReply();
      const message = err instanceof Error ? err.message : String(err);
      return { ok: 0, errmsg: `test server internal error: ${message}`, code: ErrorCodes.InternalError, codeName: 'InternalError' };
    }
  }

  private endSessions(inv: Invocation): BsonDoc {
    for (const lsid of arrayArg(inv.cmd, 'endSessions') ?? []) {
      const key = sessionKey(lsid);
      if (key) this.transactions.end(key);
    }
    return { ok: 1 };
  }

  clearCursors(): void {
    this.cursors.clear();
    this.transactions.clear();
  }

  private queryContext(inv: Invocation, source: BsonDoc = inv.cmd): QueryContext {
    return {
      collation: docArg(source, 'collation') ?? docArg(inv.cmd, 'collation'),
      variables: docArg(inv.cmd, 'let'),
      resolveCollection: (name) => inv.storage.collection(inv.db, name)?.documents().map(deepClone) ?? [],
    };
  }

  /** Builds `{ cursor: { firstBatch, id, ns } }`, parking the rest of the results for getMore. */
  private cursorReply(ns: string, docs: BsonDoc[], batchSize: number | undefined, singleBatch = false): BsonDoc {
    const { batch, rest } = takeBatch(docs, batchSize ?? DEFAULT_FIRST_BATCH_SIZE);
    const id = rest.length > 0 && !singleBatch ? this.cursors.open(ns, rest) : 0;
    return { cursor: { firstBatch: batch, id: Long.fromNumber(id), ns }, ok: 1 };
  }

  // ---- handshake and diagnostics ---------------------------------------------------------

  private hello(inv: Invocation, legacy: boolean): BsonDoc {
    const member = this.topology.address();
    const replicaSet = this.topology.setName
      ? { setName: this.topology.setName, setVersion: 1, hosts: [member], primary: member, me: member, secondary: false }
      : {}; // no setName / hosts: the driver sees a standalone, so it never starts transactions
    return {
      [legacy ? 'ismaster' : 'isWritablePrimary']: true,
      ...replicaSet,
      ...(inv.cmd.helloOk === true ? { helloOk: true } : {}),
      maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
      maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
      maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId: inv.connectionId,
      minWireVersion: 0,
      maxWireVersion: MAX_WIRE_VERSION,
      readOnly: false,
      ok: 1,
    };
  }

  private buildInfo(): BsonDoc {
    return {
      version: SERVER_VERSION,
      gitVersion: 'gerbang-test-wire-server',
      versionArray: SERVER_VERSION.split('.').map(Number).concat(0),
      bits: 64,
      debug: false,
      maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
      storageEngines: ['inMemory'],
      modules: [],
      ok: 1,
    };
  }

  private getParameter(inv: Invocation): BsonDoc {
    const known: BsonDoc = {
      featureCompatibilityVersion: { version: SERVER_VERSION.split('.').slice(0, 2).join('.') },
      authenticationMechanisms: [],
    };
    if (inv.cmd.getParameter === '*') return { ...known, ok: 1 };
    const reply: BsonDoc = {};
    for (const key of Object.keys(inv.cmd)) if (key in known) reply[key] = known[key];
    return { ...reply, ok: 1 };
  }

  private getLog(inv: Invocation): BsonDoc {
    if (inv.cmd.getLog === '*') return { names: ['global', 'startupWarnings'], ok: 1 };
    return { totalLinesWritten: 0, log: [], ok: 1 };
  }

  private serverStatus(inv: Invocation): BsonDoc {
    return {
      host: 'localhost',
      version: SERVER_VERSION,
      process: 'mongod',
      pid: Long.fromNumber(process.pid),
      uptime: process.uptime(),
      localTime: new Date(),
      connections: { current: inv.connectionId },
      ok: 1,
    };
  }

  private listDatabases(inv: Invocation): BsonDoc {
    const names = inv.storage.databases();
    const databases = boolArg(inv.cmd, 'nameOnly')
      ? names.map((name) => ({ name }))
      : names.map((name) => ({ name, sizeOnDisk: 0, empty: false }));
    return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
  }

  // ---- collections and indexes -----------------------------------------------------------

  private create(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const options: BsonDoc = {};
    for (const [key, value] of Object.entries(inv.cmd)) {
      if (key === inv.name || key.startsWith('$') || key === 'lsid' || key === 'writeConcern' || key === 'comment') continue;
      options[key] = deepClone(value);
    }
    if ('viewOn' in options || 'timeseries' in options) {
      throw new MongoCommandError('CommandNotSupported', 'views and time-series collections are not supported by the test server');
    }
    inv.storage.createCollection(inv.db, name, options);
    return { ok: 1 };
  }

  private drop(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const coll = inv.storage.dropCollection(inv.db, name);
    // MongoDB 7.0 no longer fails when the namespace does not exist.
    return coll ? { nIndexesWas: coll.indexSpecs().length, ns: coll.ns, ok: 1 } : { ok: 1 };
  }

  private dropDatabase(inv: Invocation): BsonDoc {
    inv.storage.dropDatabase(inv.db);
    return { dropped: inv.db, ok: 1 };
  }

  private listCollections(inv: Invocation): BsonDoc {
    const filter = docArg(inv.cmd, 'filter') ?? {};
    const entries: BsonDoc[] = inv.storage.collections(inv.db).map((c) => ({
      name: c.name,
      type: 'collection',
      options: deepClone(c.options),
      info: { readOnly: false, uuid: c.uuid },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    }));
    const matched = selectDocuments(entries, filter, {}, this.queryContext(inv));
    const out = boolArg(inv.cmd, 'nameOnly') ? matched.map((e) => ({ name: e.name, type: e.type })) : matched;
    return this.cursorReply(`${inv.db}.$cmd.listCollections`, out, cursorBatchSize(inv.cmd));
  }

  private createIndexes(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const specs = docArrayArg(inv.cmd, 'indexes');
    if (!specs || specs.length === 0) throw new MongoCommandError('BadValue', 'Must specify at least one index to create');
    const existed = inv.storage.collection(inv.db, name) !== undefined;
    const coll = inv.storage.ensureCollection(inv.db, name);
    const before = coll.indexSpecs().length;
    let created = 0;
    for (const raw of specs) if (coll.createIndex(toIndexSpec(raw))) created += 1;
    const reply: BsonDoc = {
      numIndexesBefore: before,
      numIndexesAfter: coll.indexSpecs().length,
      createdCollectionAutomatically: !existed,
    };
    if (created === 0) reply.note = 'all indexes already exist';
    return { ...reply, ok: 1 };
  }

  private listIndexes(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const coll = this.requireCollection(inv.db, name);
    return this.cursorReply(coll.ns, coll.indexSpecs(), cursorBatchSize(inv.cmd));
  }

  private dropIndexes(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const coll = this.requireCollection(inv.db, name);
    const index = inv.cmd.index;
    let nIndexesWas: number;
    if (index === '*') nIndexesWas = coll.dropAllIndexes();
    else if (typeof index === 'string' || isPlainObject(index)) nIndexesWas = coll.dropIndex(index);
    else if (Array.isArray(index) && index.every((i): i is string => typeof i === 'string')) {
      nIndexesWas = coll.indexSpecs().length;
      for (const indexName of index) coll.dropIndex(indexName);
    } else throw typeMismatch('index', 'string or object', index);
    return { nIndexesWas, ok: 1 };
  }

  private requireCollection(db: string, name: string): Collection {
    const coll = this.storage.collection(db, name);
    if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
    return coll;
  }

  // ---- reads ------------------------------------------------------------------------------

  private find(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const { cmd } = inv;
    const filter = docArg(cmd, 'filter') ?? {};
    const projection = docArg(cmd, 'projection');
    let limit = numArg(cmd, 'limit') ?? 0;
    let singleBatch = boolArg(cmd, 'singleBatch');
    if (limit < 0) {
      // Legacy negative limit: return at most |limit| documents and close the cursor.
      limit = -limit;
      singleBatch = true;
    }
    const ctx = this.queryContext(inv);
    const coll = inv.storage.collection(inv.db, name);
    const docs = selectDocuments(coll?.documents() ?? [], filter, { sort: docArg(cmd, 'sort'), skip: numArg(cmd, 'skip'), limit }, ctx);
    const projected = docs.map((d) => applyProjection(d, filter, projection, ctx));
    return this.cursorReply(`${inv.db}.${name}`, projected, numArg(cmd, 'batchSize'), singleBatch);
  }

  private getMore(inv: Invocation): BsonDoc {
    const id = numArg(inv.cmd, 'getMore');
    const cursor = id === undefined ? undefined : this.cursors.get(id);
    if (id === undefined || !cursor) throw new MongoCommandError('CursorNotFound', `cursor id ${String(id)} not found`);
    const { batch, rest } = takeBatch(cursor.docs, numArg(inv.cmd, 'batchSize') || Number.MAX_SAFE_INTEGER);
    cursor.docs = rest;
    if (rest.length === 0) this.cursors.kill(id);
    return { cursor: { nextBatch: batch, id: Long.fromNumber(rest.length ? id : 0), ns: cursor.ns }, ok: 1 };
  }

  private killCursors(inv: Invocation): BsonDoc {
    const ids = arrayArg(inv.cmd, 'cursors') ?? [];
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = toNumber(raw);
      if (id === undefined) continue;
      (this.cursors.kill(id) ? killed : notFound).push(Long.fromNumber(id));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  private aggregate(inv: Invocation): BsonDoc {
    const { cmd } = inv;
    const target = cmd.aggregate;
    const pipeline = docArrayArg(cmd, 'pipeline');
    if (!pipeline) throw new MongoCommandError('FailedToParse', "Required field 'pipeline' is missing");
    if (cmd.explain !== undefined) throw new MongoCommandError('CommandNotSupported', 'explain is not supported by the test server');
    if (!docArg(cmd, 'cursor')) {
      throw new MongoCommandError('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
    }
    let source: BsonDoc[] = [];
    let ns = `${inv.db}.$cmd.aggregate`;
    if (typeof target === 'string') {
      validateCollectionName(inv.db, target);
      source = inv.storage.collection(inv.db, target)?.documents() ?? [];
      ns = `${inv.db}.${target}`;
    } else if (toNumber(target) !== 1) {
      throw typeMismatch('aggregate', 'string or 1', target);
    }
    const results = runAggregate(source, pipeline, this.queryContext(inv));
    return this.cursorReply(ns, results, cursorBatchSize(cmd));
  }

  private count(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const { cmd } = inv;
    const coll = inv.storage.collection(inv.db, name);
    const limit = Math.abs(numArg(cmd, 'limit') ?? 0);
    const docs = selectDocuments(coll?.documents() ?? [], docArg(cmd, 'query') ?? {}, { skip: numArg(cmd, 'skip'), limit }, this.queryContext(inv));
    return { n: docs.length, ok: 1 };
  }

  private distinct(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const key = inv.cmd.key;
    if (typeof key !== 'string') throw typeMismatch('key', 'string', key);
    const coll = inv.storage.collection(inv.db, name);
    const docs = selectDocuments(coll?.documents() ?? [], docArg(inv.cmd, 'query') ?? {}, {}, this.queryContext(inv));
    const values = new Map<string, unknown>();
    for (const doc of docs) {
      for (const value of distinctValues(doc, key)) if (!values.has(keyString(value))) values.set(keyString(value), value);
    }
    return { values: [...values.values()], ok: 1 };
  }

  // ---- writes -----------------------------------------------------------------------------

  private insert(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const documents = arrayArg(inv.cmd, 'documents') ?? [];
    const ordered = inv.cmd.ordered !== false;
    const coll = inv.storage.ensureCollection(inv.db, name);
    let n = 0;
    const writeErrors: BsonDoc[] = [];
    for (let i = 0; i < documents.length; i++) {
      try {
        const doc = documents[i];
        if (!isPlainObject(doc)) throw typeMismatch(`documents.${i}`, 'object', doc);
        coll.insert(doc);
        n += 1;
      } catch (err) {
        if (!(err instanceof MongoCommandError)) throw err;
        writeErrors.push(err.toWriteError(i));
        if (ordered) break;
      }
    }
    return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
  }

  private update(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const statements = arrayArg(inv.cmd, 'updates') ?? [];
    const ordered = inv.cmd.ordered !== false;
    let n = 0;
    let nModified = 0;
    const upserted: BsonDoc[] = [];
    const writeErrors: BsonDoc[] = [];
    for (let i = 0; i < statements.length; i++) {
      try {
        const stmt = statements[i];
        if (!isPlainObject(stmt)) throw typeMismatch(`updates.${i}`, 'object', stmt);
        const u = stmt.u;
        const update = Array.isArray(u) ? docArrayArg(stmt, 'u')! : docArg(stmt, 'u');
        if (!update) throw new MongoCommandError('FailedToParse', "BSON field 'update.updates.u' is missing but a required field");
        const multi = boolArg(stmt, 'multi');
        if (multi && !Array.isArray(update) && !Object.keys(update).some((k) => k.startsWith('$')) && Object.keys(update).length) {
          throw new MongoCommandError('FailedToParse', 'multi update is not supported for replacement-style update');
        }
        const outcome = this.applyUpdate(inv, name, {
          query: docArg(stmt, 'q') ?? {},
          update,
          multi,
          upsert: boolArg(stmt, 'upsert'),
          arrayFilters: docArrayArg(stmt, 'arrayFilters'),
          sort: docArg(stmt, 'sort'),
          ctx: this.queryContext(inv, stmt),
        });
        if (outcome.upserted) {
          n += 1;
          upserted.push({ index: i, _id: outcome.upserted._id });
        } else {
          n += outcome.matched;
          nModified += outcome.modified;
        }
      } catch (err) {
        if (!(err instanceof MongoCommandError)) throw err;
        writeErrors.push(err.toWriteError(i));
        if (ordered) break;
      }
    }
    const reply: BsonDoc = { n, nModified };
    if (upserted.length) reply.upserted = upserted;
    if (writeErrors.length) reply.writeErrors = writeErrors;
    return { ...reply, ok: 1 };
  }

  private delete(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const statements = arrayArg(inv.cmd, 'deletes') ?? [];
    const ordered = inv.cmd.ordered !== false;
    let n = 0;
    const writeErrors: BsonDoc[] = [];
    for (let i = 0; i < statements.length; i++) {
      try {
        const stmt = statements[i];
        if (!isPlainObject(stmt)) throw typeMismatch(`deletes.${i}`, 'object', stmt);
        const limit = numArg(stmt, 'limit') ?? 0;
        if (limit !== 0 && limit !== 1) {
          throw new MongoCommandError('FailedToParse', `The limit field in delete objects must be 0 or 1. Got ${limit}`);
        }
        const coll = inv.storage.collection(inv.db, name);
        const matches = selectDocuments(coll?.documents() ?? [], docArg(stmt, 'q') ?? {}, { limit }, this.queryContext(inv, stmt));
        for (const doc of matches) if (coll?.remove(doc)) n += 1;
      } catch (err) {
        if (!(err instanceof MongoCommandError)) throw err;
        writeErrors.push(err.toWriteError(i));
        if (ordered) break;
      }
    }
    return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
  }

  private findAndModify(inv: Invocation): BsonDoc {
    const name = collectionArg(inv);
    const { cmd } = inv;
    const query = docArg(cmd, 'query') ?? {};
    const sort = docArg(cmd, 'sort');
    const fields = docArg(cmd, 'fields');
    const remove = boolArg(cmd, 'remove');
    const upsert = boolArg(cmd, 'upsert');
    const returnNew = boolArg(cmd, 'new');
    const rawUpdate = cmd.update;
    const ctx = this.queryContext(inv);
    if (remove && rawUpdate !== undefined) throw new MongoCommandError('FailedToParse', 'Cannot specify both an update and remove=true');
    if (remove && upsert) throw new MongoCommandError('FailedToParse', 'Cannot specify both upsert=true and remove=true');
    if (remove && returnNew) {
      throw new MongoCommandError('FailedToParse', "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document");
    }
    const project = (doc: BsonDoc): BsonDoc => applyProjection(doc, query, fields, ctx);

    if (remove) {
      const coll = inv.storage.collection(inv.db, name);
      const [match] = selectDocuments(coll?.documents() ?? [], query, { sort, limit: 1 }, ctx);
      if (!coll || !match) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
      coll.remove(match);
      return { lastErrorObject: { n: 1 }, value: project(match), ok: 1 };
    }

    const update = Array.isArray(rawUpdate) ? docArrayArg(cmd, 'update')! : docArg(cmd, 'update');
    if (!update) throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified');
    const outcome = this.applyUpdate(inv, name, {
      query,
      update,
      multi: false,
      upsert,
      arrayFilters: docArrayArg(cmd, 'arrayFilters'),
      sort,
      ctx,
    });
    if (outcome.upserted) {
      return {
        lastErrorObject: { n: 1, updatedExisting: false, upserted: outcome.upserted._id },
        value: returnNew ? project(outcome.upserted) : null,
        ok: 1,
      };
    }
    if (outcome.first) {
      return {
        lastErrorObject: { n: 1, updatedExisting: true },
        value: project(returnNew ? outcome.first.after : outcome.first.before),
        ok: 1,
      };
    }
    return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  }

  /**
   * Shared by update and findAndModify. Each matched document is updated atomically: the
   * post-image is computed and unique-checked before it replaces the stored document.
   */
  private applyUpdate(
    inv: Invocation,
    name: string,
    spec: {
      query: BsonDoc;
      update: BsonDoc | BsonDoc[];
      multi: boolean;
      upsert: boolean;
      arrayFilters: BsonDoc[] | undefined;
      sort: BsonDoc | undefined;
      ctx: QueryContext;
    },
  ): { matched: number; modified: number; upserted?: BsonDoc; first?: { before: BsonDoc; after: BsonDoc } } {
    const { query, update, arrayFilters, ctx } = spec;
    const coll = inv.storage.collection(inv.db, name);
    const matches = selectDocuments(coll?.documents() ?? [], query, { sort: spec.sort, limit: spec.multi ? 0 : 1 }, ctx);
    if (!coll || matches.length === 0) {
      if (!spec.upsert) return { matched: 0, modified: 0 };
      const doc = computeUpdate(update, { original: upsertSeed(query), isInsert: true, query, arrayFilters }, ctx);
      const stored = inv.storage.ensureCollection(inv.db, name).insert(doc);
      return { matched: 0, modified: 0, upserted: stored };
    }
    let modified = 0;
    let first: { before: BsonDoc; after: BsonDoc } | undefined;
    for (const before of matches) {
      const after = computeUpdate(update, { original: before, isInsert: false, query, arrayFilters }, ctx);
      let stored = before;
      if (!sameDocument(before, after)) {
        stored = coll.replace(before, after);
        modified += 1;
      }
      first ??= { before, after: stored };
    }
    return { matched: matches.length, modified, ...(first ? { first } : {}) };
  }
}

/** A logical session id `{ id: UUID }` as a map key. */
function sessionKey(lsid: unknown): string | null {
  if (!isPlainObject(lsid)) return null;
  const id = lsid.id as { toString?: (encoding: string) => string } | undefined;
  return id && typeof id.toString === 'function' ? id.toString('hex') : null;
}

/** Splits results into the batch to send now (bounded by count and bytes) and the rest. */
function takeBatch(docs: BsonDoc[], batchSize: number): { batch: BsonDoc[]; rest: BsonDoc[] } {
  let bytes = 0;
  let count = 0;
  while (count < docs.length && count < batchSize) {
    bytes += calculateObjectSize(docs[count]!) + 8;
    if (count > 0 && bytes > MAX_BATCH_BYTES) break;
    count += 1;
  }
  return { batch: docs.slice(0, count), rest: docs.slice(count) };
}

const INDEX_SPEC_IGNORED_FIELDS = new Set(['v', 'key', 'name', 'ns', 'background']);

function toIndexSpec(raw: BsonDoc): IndexSpec {
  const key = docArg(raw, 'key');
  if (!key || Object.keys(key).length === 0) throw new MongoCommandError('CannotCreateIndex', 'Index keys cannot be empty.');
  for (const [field, dir] of Object.entries(key)) {
    if (toNumber(dir) === undefined && typeof dir !== 'string') {
      throw new MongoCommandError('CannotCreateIndex', `Values in the index key pattern can only be numbers or strings: ${field}`);
    }
  }
  const name = raw.name;
  if (typeof name !== 'string' || !name) throw new MongoCommandError('FailedToParse', "The 'name' field is a required property of an index specification");
  if (raw.expireAfterSeconds !== undefined && toNumber(raw.expireAfterSeconds) === undefined) {
    throw new MongoCommandError('CannotCreateIndex', 'TTL index \'expireAfterSeconds\' option must be numeric');
  }
  if (raw.partialFilterExpression !== undefined) compileFilter(docArg(raw, 'partialFilterExpression') ?? {}, {});
  const spec: IndexSpec = { v: 2, key: deepClone(key), name };
  for (const [field, value] of Object.entries(raw)) {
    if (!INDEX_SPEC_IGNORED_FIELDS.has(field)) spec[field] = deepClone(value);
  }
  return spec;
}

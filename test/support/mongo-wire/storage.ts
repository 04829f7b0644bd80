/**
 * In-memory storage: databases -> collections -> documents + index definitions.
 *
 * Stored documents are never mutated in place: every write stores a fresh deep copy, so
 * documents handed to cursors or replies stay valid snapshots. Unique indexes are kept as
 * key -> document maps and checked before any write is applied, which makes each
 * single-document write atomic (all of this runs synchronously on the event loop).
 */
import { ObjectId, UUID } from 'bson';
import { Query } from 'mingo';
import { MongoCommandError } from './errors.js';
import { bsonTypeOf, deepClone, formatValue, indexValues, isPlainObject, keyString, toNumber, type BsonDoc } from './values.js';

export interface IndexSpec extends BsonDoc {
  v: number;
  key: BsonDoc;
  name: string;
}

const ID_INDEX_NAME = '_id_';

/** The options that make two index definitions with the same key pattern different. */
function optionsSignature(spec: BsonDoc): string {
  return keyString({
    unique: spec.unique === true,
    sparse: spec.sparse === true,
    partialFilterExpression: spec.partialFilterExpression ?? null,
    expireAfterSeconds: toNumber(spec.expireAfterSeconds) ?? null,
    collation: spec.collation ?? null,
    hidden: spec.hidden === true,
  });
}

class Index {
  readonly fields: string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  private readonly partial: Query | undefined;
  /** key string -> owning document, maintained for unique indexes only. */
  readonly entries = new Map<string, BsonDoc>();

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.unique = spec.name === ID_INDEX_NAME || spec.unique === true;
    this.sparse = spec.sparse === true;
    const pfe = spec.partialFilterExpression;
    this.partial = isPlainObject(pfe) ? new Query(pfe) : undefined;
  }

  get ttlSeconds(): number | undefined {
    return this.fields.length === 1 ? toNumber(this.spec.expireAfterSeconds) : undefined;
  }

  /** Whether the document has entries in this index at all (partial / sparse rules). */
  covers(doc: BsonDoc): boolean {
    return !this.partial || this.partial.test(doc);
  }

  /** Index keys of a document: key string -> `{ field: value }` (the mongod `keyValue`). */
  keysOf(doc: BsonDoc): Map<string, BsonDoc> {
    const keys = new Map<string, BsonDoc>();
    if (!this.covers(doc)) return keys;
    const perField = this.fields.map((f) => indexValues(doc, f));
    if (this.sparse && !perField.some((p) => p.present)) return keys;
    // Compound multikey index: one key per combination of field values.
    let combos: unknown[][] = [[]];
    for (const { values } of perField) combos = combos.flatMap((c) => values.map((v) => [...c, v]));
    for (const combo of combos) {
      const keyValue: BsonDoc = {};
      this.fields.forEach((f, i) => (keyValue[f] = combo[i]));
      keys.set(JSON.stringify(combo.map(keyString)), keyValue);
    }
    return keys;
  }
}

function duplicateKeyError(ns: string, index: Index, keyValue: BsonDoc): MongoCommandError {
  return new MongoCommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: ${index.spec.name} dup key: ${formatValue(keyValue)}`,
    { keyPattern: deepClone(index.spec.key), keyValue: deepClone(keyValue) },
  );
}

function validateId(id: unknown): void {
  if (Array.isArray(id)) throw new MongoCommandError('InvalidIdField', `The '_id' value cannot be of type array`);
  if (id instanceof RegExp || bsonTypeOf(id) === 'BSONRegExp') {
    throw new MongoCommandError('InvalidIdField', `The '_id' value cannot be of type regex`);
  }
}

export class Collection {
  readonly uuid = new UUID();
  /** Natural (insertion) order; keyed by `keyString(_id)`. Map.set on an existing key keeps its position. */
  private docs = new Map<string, BsonDoc>();
  private indexes: Index[] = [new Index({ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME })];
  /**
   * For a transaction's copy: the document each written `_id` had when the copy was taken (null: none),
   * so the commit can tell whether someone else changed it since (a write conflict).
   */
  readonly originals: Map<string, BsonDoc | null> | null;

  constructor(
    readonly dbName: string,
    readonly name: string,
    readonly options: BsonDoc = {},
    tracking = false,
  ) {
    this.originals = tracking ? new Map() : null;
  }

  /**
   * A copy sharing the (never mutated) documents: O(n) pointers. `tracking` copies record what they
   * overwrite (a transaction's snapshot); plain copies are backups to restore from.
   */
  clone(tracking: boolean): Collection {
    const copy = new Collection(this.dbName, this.name, this.options, tracking);
    copy.restoreFrom(this);
    return copy;
  }

  /** Takes over the documents and index entries of `other` (a clone of this collection). */
  restoreFrom(other: Collection): void {
    this.docs = new Map(other.docs);
    this.indexes = other.indexes.map((index) => {
      const copy = new Index(index.spec);
      for (const [key, doc] of index.entries) copy.entries.set(key, doc);
      return copy;
    });
  }

  /** The stored document with this `_id` key string (see `keyString`). */
  docByKey(idKey: string): BsonDoc | undefined {
    return this.docs.get(idKey);
  }

  private track(idKey: string): void {
    if (this.originals && !this.originals.has(idKey)) this.originals.set(idKey, this.docs.get(idKey) ?? null);
  }

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  /** Stored documents in natural order. Treat as read-only. */
  documents(): BsonDoc[] {
    return [...this.docs.values()];
  }

  /** Inserts a copy of `doc` (generating an ObjectId `_id` if absent) and returns the stored copy. */
  insert(doc: BsonDoc): BsonDoc {
    // mongod always stores _id as the first field.
    const { _id = new ObjectId(), ...rest } = deepClone(doc);
    const stored: BsonDoc = { _id, ...rest };
    validateId(stored._id);
    this.checkUnique(stored, undefined);
    this.track(keyString(stored._id));
    this.docs.set(keyString(stored._id), stored);
    this.addKeys(stored);
    return stored;
  }

  /** Replaces `current` (a stored document) with a copy of `next`, which must keep the same `_id`. */
  replace(current: BsonDoc, next: BsonDoc): BsonDoc {
    const id = keyString(current._id);
    if (this.docs.get(id) !== current) throw new Error('replace(): document is not stored in this collection');
    if (keyString(next._id) !== id) throw new Error('replace(): _id changed');
    const stored = deepClone(next);
    this.checkUnique(stored, current);
    this.track(id);
    this.removeKeys(current);
    this.docs.set(id, stored);
    this.addKeys(stored);
    return stored;
  }

  remove(doc: BsonDoc): boolean {
    const id = keyString(doc._id);
    if (this.docs.get(id) !== doc) return false;
    this.track(id);
    this.docs.delete(id);
    this.removeKeys(doc);
    return true;
  }

  indexSpecs(): IndexSpec[] {
    return this.indexes.map((i) => deepClone(i.spec));
  }

  /** Returns false when an identical index already exists. Builds fail on existing duplicates. */
  createIndex(spec: IndexSpec): boolean {
    const sameName = this.indexes.find((i) => i.spec.name === spec.name);
    const sameKey = keyString(spec.key);
    if (sameName) {
      const identical = keyString(sameName.spec.key) === sameKey && optionsSignature(sameName.spec) === optionsSignature(spec);
      if (identical) return false;
      if (keyString(sameName.spec.key) === sameKey) {
        throw new MongoCommandError(
          'IndexOptionsConflict',
          `An equivalent index already exists with the same name but different options. Requested index: ${formatValue(spec)}, existing index: ${formatValue(sameName.spec)}`,
        );
      }
      throw new MongoCommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatValue(spec)}, existing index: ${formatValue(sameName.spec)}`,
      );
    }
    const equivalent = this.indexes.find(
      (i) =>
        keyString(i.spec.key) === sameKey &&
        keyString(i.spec.partialFilterExpression ?? null) === keyString(spec.partialFilterExpression ?? null) &&
        keyString(i.spec.collation ?? null) === keyString(spec.collation ?? null),
    );
    if (equivalent) {
      if (optionsSignature(equivalent.spec) === optionsSignature(spec)) {
        throw new MongoCommandError('IndexOptionsConflict', `Index already exists with a different name: ${equivalent.spec.name}`);
      }
      throw new MongoCommandError(
        'IndexOptionsConflict',
        `An existing index has the same key pattern but different options: ${formatValue(equivalent.spec)}`,
      );
    }
    const index = new Index(deepClone(spec));
    if (index.unique) {
      for (const doc of this.docs.values()) {
        for (const [key, keyValue] of index.keysOf(doc)) {
          const owner = index.entries.get(key);
          if (owner && owner !== doc) throw duplicateKeyError(this.ns, index, keyValue);
          index.entries.set(key, doc);
        }
      }
    }
    this.indexes.push(index);
    return true;
  }

  /** Drops an index by name or key pattern. Returns the number of indexes before the drop. */
  dropIndex(nameOrKey: string | BsonDoc): number {
    const before = this.indexes.length;
    const pos =
      typeof nameOrKey === 'string'
        ? this.indexes.findIndex((i) => i.spec.name === nameOrKey)
        : this.indexes.findIndex((i) => keyString(i.spec.key) === keyString(nameOrKey));
    if (pos < 0) {
      throw new MongoCommandError(
        'IndexNotFound',
        typeof nameOrKey === 'string'
          ? `index not found with name [${nameOrKey}]`
          : `can't find index with key: ${formatValue(nameOrKey)}`,
      );
    }
    if (this.indexes[pos]!.spec.name === ID_INDEX_NAME) {
      throw new MongoCommandError('InvalidOptions', 'cannot drop _id index');
    }
    this.indexes.splice(pos, 1);
    return before;
  }

  /** Drops every index except `_id_`. Returns the number of indexes before the drop. */
  dropAllIndexes(): number {
    const before = this.indexes.length;
    this.indexes.splice(1);
    return before;
  }

  /**
   * TTL monitor pass: removes documents whose indexed date (the earliest, for arrays)
   * plus expireAfterSeconds lies in the past. Non-date values never expire.
   */
  expire(nowMs: number): number {
    let removed = 0;
    for (const index of this.indexes) {
      const ttl = index.ttlSeconds;
      if (ttl === undefined) continue;
      for (const doc of this.documents()) {
        if (!index.covers(doc)) continue;
        const dates = indexValues(doc, index.fields[0]!).values.filter((v): v is Date => v instanceof Date);
        if (dates.length === 0) continue;
        const earliest = Math.min(...dates.map((d) => d.getTime()));
        if (earliest + ttl * 1000 <= nowMs && this.remove(doc)) removed += 1;
      }
    }
    return removed;
  }

  private uniqueIndexes(): Index[] {
    return this.indexes.filter((i) => i.unique);
  }

  private checkUnique(doc: BsonDoc, replacing: BsonDoc | undefined): void {
    for (const index of this.uniqueIndexes()) {
      for (const [key, keyValue] of index.keysOf(doc)) {
        const owner = index.entries.get(key);
        if (owner && owner !== replacing) throw duplicateKeyError(this.ns, index, keyValue);
      }
    }
  }

  private addKeys(doc: BsonDoc): void {
    for (const index of this.uniqueIndexes()) for (const key of index.keysOf(doc).keys()) index.entries.set(key, doc);
  }

  private removeKeys(doc: BsonDoc): void {
    for (const index of this.uniqueIndexes()) {
      for (const key of index.keysOf(doc).keys()) if (index.entries.get(key) === doc) index.entries.delete(key);
    }
  }
}

const INVALID_DB_CHARS = /[/\\. "$\0]/;

export function validateDbName(db: string): void {
  if (!db || db.length >= 64 || INVALID_DB_CHARS.test(db)) {
    throw new MongoCommandError('InvalidNamespace', `Invalid database name: '${db}'`);
  }
}

export function validateCollectionName(db: string, name: string): void {
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new MongoCommandError('InvalidNamespace', `Invalid collection name: ${db}.${name}`);
  }
}

/** What the command handlers read and write through: the live storage, or a transaction's view of it. */
export interface StorageView {
  collection(db: string, name: string): Collection | undefined;
  ensureCollection(db: string, name: string): Collection;
  createCollection(db: string, name: string, options: BsonDoc): Collection;
  dropCollection(db: string, name: string): Collection | undefined;
  dropDatabase(db: string): boolean;
  collections(db: string): Collection[];
  databases(): string[];
}

export class Storage implements StorageView {
  private readonly dbs = new Map<string, Map<string, Collection>>();

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** Returns the collection, creating it implicitly as a write to a missing namespace does. */
  ensureCollection(db: string, name: string): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name, {});
  }

  createCollection(db: string, name: string, options: BsonDoc): Collection {
    validateDbName(db);
    validateCollectionName(db, name);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    if (colls.has(name)) throw new MongoCommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    const coll = new Collection(db, name, options);
    colls.set(name, coll);
    return coll;
  }

  dropCollection(db: string, name: string): Collection | undefined {
    const colls = this.dbs.get(db);
    const coll = colls?.get(name);
    if (!colls || !coll) return undefined;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    return coll;
  }

  dropDatabase(db: string): boolean {
    return this.dbs.delete(db);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  clear(): void {
    this.dbs.clear();
  }

  /** One TTL monitor pass over every collection; returns the number of deleted documents. */
  sweepTtl(now: Date = new Date()): number {
    let removed = 0;
    for (const colls of this.dbs.values()) for (const coll of colls.values()) removed += coll.expire(now.getTime());
    return removed;
  }
}

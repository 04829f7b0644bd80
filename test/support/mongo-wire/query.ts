/**
 * Query, projection, update and aggregation semantics, delegated to mingo. This module
 * adapts mingo to mongod's command shapes (sort specs, $natural, upsert seeding,
 * $setOnInsert, _id immutability) and turns mingo failures into mongod-style errors.
 */
import { ObjectId } from 'bson';
import { Aggregator, Query, find as mingoFind, updateOne as mingoUpdateOne } from 'mingo';
import type { CollationSpec, Options as MingoOptions, SortSpec } from 'mingo/types';
import type { PipelineStage } from 'mingo/updater';
import { MongoCommandError } from './errors.js';
import { deepClone, formatValue, isPlainObject, keyString, toNumber, type BsonDoc } from './values.js';

export interface QueryContext {
  collation?: BsonDoc | undefined;
  /** `let` variables of the command. */
  variables?: BsonDoc | undefined;
  /** Resolves another collection of the same database (for $lookup, $unionWith, ...). */
  resolveCollection?: ((name: string) => BsonDoc[]) | undefined;
}

function mingoOptions(ctx: QueryContext): Partial<MingoOptions> {
  const opts: { -readonly [K in keyof MingoOptions]?: MingoOptions[K] } = {};
  const locale = ctx.collation?.locale;
  if (typeof locale === 'string' && locale !== 'simple') opts.collation = ctx.collation as unknown as CollationSpec;
  if (ctx.variables) opts.variables = ctx.variables;
  if (ctx.resolveCollection) opts.collectionResolver = ctx.resolveCollection;
  return opts;
}

/** Runs mingo code, reporting its failures (unknown operators, bad arguments) as BadValue. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MongoCommandError) throw err;
    throw new MongoCommandError('BadValue', err instanceof Error ? err.message : String(err));
  }
}

export function compileFilter(filter: BsonDoc, ctx: QueryContext): Query {
  return guard(() => new Query(filter, mingoOptions(ctx)));
}

export interface SelectOptions {
  sort?: BsonDoc | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
}

/** filter -> sort -> skip -> limit, like a mongod find plan. */
export function selectDocuments(docs: BsonDoc[], filter: BsonDoc, select: SelectOptions, ctx: QueryContext): BsonDoc[] {
  let source = docs;
  let sort: SortSpec | undefined;
  if (select.sort) {
    const spec = toSortSpec(select.sort);
    // $natural is the storage order, which is what `docs` already is.
    if (spec.$natural === -1) source = [...docs].reverse();
    delete spec.$natural;
    if (Object.keys(spec).length) sort = spec;
  }
  return guard(() => {
    let cursor = mingoFind(source, filter, {}, mingoOptions(ctx));
    if (sort) cursor = cursor.sort(sort);
    if (select.skip) cursor = cursor.skip(select.skip);
    if (select.limit) cursor = cursor.limit(select.limit);
    return cursor.all() as BsonDoc[];
  });
}

export function toSortSpec(sort: BsonDoc): SortSpec {
  const spec: SortSpec = {};
  for (const [field, dir] of Object.entries(sort)) {
    const n = toNumber(dir);
    if (n === 1 || n === -1) spec[field] = n;
    else if (isPlainObject(dir) && '$meta' in dir) {
      throw new MongoCommandError('BadValue', `$meta sort is not supported by the test server: ${formatValue(dir)}`);
    } else {
      throw new MongoCommandError('BadValue', '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    }
  }
  return spec;
}

/** Applies a find-style projection, keeping the document's field order like mongod does. */
export function applyProjection(doc: BsonDoc, filter: BsonDoc, projection: BsonDoc | undefined, ctx: QueryContext): BsonDoc {
  if (!projection || Object.keys(projection).length === 0) return doc;
  // The positional projection (`field.$`) needs the filter; otherwise don't re-match
  // (findAndModify projects the post-image, which may no longer match).
  const positional = Object.keys(projection).some((k) => k.endsWith('.$'));
  const projected = guard(() => mingoFind([doc], positional ? filter : {}, projection, mingoOptions(ctx)).all()[0] as BsonDoc | undefined);
  if (!projected) return {};
  const ordered: BsonDoc = {};
  for (const key of Object.keys(doc)) if (key in projected) ordered[key] = projected[key];
  for (const key of Object.keys(projected)) if (!(key in ordered)) ordered[key] = projected[key];
  return ordered;
}

export function runAggregate(source: BsonDoc[], pipeline: BsonDoc[], ctx: QueryContext): BsonDoc[] {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (name === '$out' || name === '$merge') {
      throw new MongoCommandError('CommandNotSupported', `${name} is not supported by the test server`);
    }
  }
  // Pipeline stages may build on their input objects; feed copies so storage stays untouched.
  return guard(() => new Aggregator(pipeline, mingoOptions(ctx)).run(source.map(deepClone)) as BsonDoc[]);
}

/** The document an upsert starts from: the equality conditions of the query (incl. inside $and). */
export function upsertSeed(query: BsonDoc): BsonDoc {
  const seed: BsonDoc = {};
  const assign = (path: string, value: unknown): void => {
    const parts = path.split('.');
    let target = seed;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      if (!isPlainObject(next)) target[part] = {};
      target = target[part] as BsonDoc;
    }
    target[parts[parts.length - 1]!] = deepClone(value);
  };
  const visit = (q: BsonDoc): void => {
    for (const [key, value] of Object.entries(q)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const clause of value) if (isPlainObject(clause)) visit(clause);
      } else if (key.startsWith('$')) {
        continue;
      } else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
        const ops = Object.keys(value);
        if (ops.length === 1 && ops[0] === '$eq') assign(key, value.$eq);
      } else if (!(value instanceof RegExp)) {
        assign(key, value);
      }
    }
  };
  visit(query);
  return seed;
}

export interface UpdateTarget {
  /** The stored document, or the upsert seed when `isInsert`. */
  original: BsonDoc;
  isInsert: boolean;
  query: BsonDoc;
  arrayFilters?: BsonDoc[] | undefined;
}

function immutableIdError(): MongoCommandError {
  return new MongoCommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
}

function withIdFirst(doc: BsonDoc): BsonDoc {
  if (!('_id' in doc)) return { _id: new ObjectId(), ...doc };
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/**
 * Computes the post-image of an update: operator document, replacement document or
 * aggregation pipeline. Never touches `original`.
 */
export function computeUpdate(update: BsonDoc | BsonDoc[], target: UpdateTarget, ctx: QueryContext): BsonDoc {
  const { original, isInsert } = target;
  let result: BsonDoc;
  if (Array.isArray(update)) {
    const docs = [deepClone(original)];
    guard(() =>
      mingoUpdateOne(docs, {}, update as PipelineStage[], { cloneMode: 'deep', let: ctx.variables }, mingoOptions(ctx)),
    );
    result = docs[0]!;
  } else if (Object.keys(update).some((k) => k.startsWith('$'))) {
    result = applyOperators(update, target, ctx);
  } else {
    result = deepClone(update);
    if (!('_id' in result) && '_id' in original) result = { _id: original._id, ...result };
  }
  if (isInsert) return withIdFirst(result);
  if (keyString(result._id) !== keyString(original._id) || !('_id' in result)) {
    throw new MongoCommandError(
      'ImmutableField',
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(result._id)}`,
    );
  }
  return withIdFirst(result);
}

const UPDATE_OPERATORS = new Set([
  '$addToSet', '$bit', '$currentDate', '$inc', '$max', '$min', '$mul', '$pop', '$pull', '$pullAll', '$push',
  '$rename', '$set', '$setOnInsert', '$unset',
]);

function applyOperators(update: BsonDoc, target: UpdateTarget, ctx: QueryContext): BsonDoc {
  const { original, isInsert } = target;
  const working = deepClone(original);
  const modifier: Record<string, BsonDoc> = {};
  for (const [op, spec] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw new MongoCommandError(
        'FailedToParse',
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(spec)) {
      throw new MongoCommandError('FailedToParse', `Modifiers operate on fields but we found type ${typeof spec} instead.`);
    }
    // mingo has no $setOnInsert: it is a $set that only applies when the upsert inserts.
    const name = op === '$setOnInsert' ? '$set' : op;
    if (op === '$setOnInsert' && !isInsert) continue;
    modifier[name] = { ...modifier[name], ...deepClone(spec) };
  }
  // mongod accepts $set/$setOnInsert of _id when it is unchanged (or when inserting).
  const set = modifier.$set;
  if (set && '_id' in set) {
    if (isInsert) working._id = set._id;
    else if (keyString(set._id) !== keyString(original._id)) throw immutableIdError();
    delete set._id;
  }
  for (const op of Object.keys(modifier)) if (Object.keys(modifier[op]!).length === 0) delete modifier[op];
  if (Object.keys(modifier).length === 0) return working;
  const docs = [working];
  guard(() =>
    mingoUpdateOne(
      docs,
      // The query is only needed to resolve the positional `$` operator.
      isInsert ? {} : target.query,
      modifier,
      { cloneMode: 'deep', arrayFilters: target.arrayFilters },
      mingoOptions(ctx),
    ),
  );
  return docs[0]!;
}

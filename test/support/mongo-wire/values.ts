/**
 * Helpers for BSON values as they come out of `bson.deserialize` with promoted values:
 * plain objects, arrays, JS primitives, Date, RegExp and the bson classes (ObjectId,
 * Long, Decimal128, Binary, Timestamp, ...).
 */
import { Binary, BSONRegExp, serialize } from 'bson';

export type BsonDoc = Record<string, unknown>;

/** The `_bsontype` tag of a bson class instance (ObjectId, Long, ...), if any. */
export function bsonTypeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

export function isPlainObject(value: unknown): value is BsonDoc {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep copy. bson value classes other than Binary are immutable in practice and are
 * shared; Binary wraps a mutable buffer, so it is copied.
 */
export function deepClone<T>(value: T): T {
  return cloneValue(value) as T;
}

function cloneValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneValue);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof RegExp) return new RegExp(value.source, value.flags);
  if (value instanceof Binary) return new Binary(Uint8Array.from(value.value()), value.sub_type);
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (isPlainObject(value)) {
    const out: BsonDoc = {};
    for (const key of Object.keys(value)) {
      // bson decodes a "__proto__" field as an own property; keep it one (not a prototype).
      if (key === '__proto__') Object.defineProperty(out, key, { value: cloneValue(value[key]), enumerable: true, writable: true, configurable: true });
      else out[key] = cloneValue(value[key]);
    }
    return out;
  }
  return value;
}

/** Byte-level equality of two documents (used to compute `nModified`). */
export function sameDocument(a: BsonDoc, b: BsonDoc): boolean {
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}

/**
 * A canonical string for a value, equal for values that a mongod index treats as equal
 * (so 1, 1.0 and Long(1) collide; missing and null collide). Used as a unique-index key.
 */
export function keyString(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return `n:${Object.is(value, -0) ? 0 : value}`;
    case 'bigint':
      return `n:${value}`;
    case 'string':
      return `s:${value}`;
    case 'boolean':
      return `b:${value}`;
    case 'object':
      break;
    default:
      return `?:${String(value)}`;
  }
  if (Array.isArray(value)) return `a:[${value.map(keyString).join(',')}]`;
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (value instanceof RegExp) return `re:${value.source}/${value.flags}`;
  const tag = bsonTypeOf(value);
  switch (tag) {
    case 'ObjectId':
      return `oid:${String(value)}`;
    case 'Long':
    case 'Int32':
    case 'Double': {
      // Large Longs keep their exact decimal text instead of a rounded double.
      const text = String(value);
      const n = Number(text);
      return Number.isSafeInteger(n) || !Number.isInteger(n) ? `n:${n}` : `n:${text}`;
    }
    case 'Decimal128': {
      const text = String(value);
      const n = Number(text);
      return String(n) === text ? `n:${n}` : `dec:${text}`;
    }
    case 'Binary': {
      const bin = value as Binary;
      return `bin:${bin.sub_type}:${Buffer.from(bin.value()).toString('base64')}`;
    }
    case 'BSONRegExp': {
      const re = value as BSONRegExp;
      return `re:${re.pattern}/${re.options}`;
    }
    case 'MinKey':
      return 'minkey';
    case 'MaxKey':
      return 'maxkey';
    case undefined:
      break;
    default:
      return `${tag}:${String(value)}`;
  }
  if (isPlainObject(value)) {
    // Field order matters for embedded document equality in BSON.
    return `o:{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}=${keyString(value[k])}`)
      .join(',')}}`;
  }
  return `?:${String(value)}`;
}

/** Renders a value the way mongod prints it in error messages (e.g. dup key reports). */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.length ? `[ ${value.map(formatValue).join(', ')} ]` : '[]';
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  switch (bsonTypeOf(value)) {
    case 'ObjectId':
      return `ObjectId('${String(value)}')`;
    case 'Decimal128':
      return `${String(value)}`;
    case 'Binary': {
      const bin = value as Binary;
      return `BinData(${bin.sub_type}, ${Buffer.from(bin.value()).toString('hex').toUpperCase()})`;
    }
    default:
      break;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    return keys.length ? `{ ${keys.map((k) => `${k}: ${formatValue(value[k])}`).join(', ')} }` : '{}';
  }
  return String(value);
}

const MISSING: unique symbol = Symbol('missing');

/**
 * Values at a dotted path, descending through arrays of subdocuments (and numeric path
 * components) like mongod does. Leaf arrays are returned as-is; MISSING marks absent paths.
 */
function collect(doc: BsonDoc, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (value: unknown, i: number): void => {
    if (i === parts.length) {
      out.push(value);
      return;
    }
    const part = parts[i]!;
    if (Array.isArray(value)) {
      if (/^\d+$/.test(part)) {
        const idx = Number(part);
        if (idx < value.length) walk(value[idx], i + 1);
        else out.push(MISSING);
        return;
      }
      if (value.length === 0) out.push(MISSING);
      for (const element of value) walk(element, i);
      return;
    }
    if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, part)) {
      walk(value[part], i + 1);
      return;
    }
    out.push(MISSING);
  };
  walk(doc, 0);
  return out;
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) {
    const key = keyString(v);
    if (!seen.has(key)) seen.set(key, v);
  }
  return [...seen.values()];
}

/**
 * The values an index on `path` extracts from `doc`, following mongod's multikey rules:
 * array values fan out into their elements; missing fields and empty arrays index as null.
 * `present` is false when the field is missing everywhere (relevant for sparse indexes).
 */
export function indexValues(doc: BsonDoc, path: string): { present: boolean; values: unknown[] } {
  const raw = collect(doc, path);
  const present = raw.some((v) => v !== MISSING);
  const values = raw.flatMap((v) => {
    if (v === MISSING || v === undefined) return [null];
    if (Array.isArray(v)) return v.length ? v : [null];
    return [v];
  });
  // Dedupe so a document never conflicts with itself.
  return { present, values: dedupe(values) };
}

/** The values `distinct` reports for one document (array elements are unwound one level). */
export function distinctValues(doc: BsonDoc, path: string): unknown[] {
  return collect(doc, path)
    .filter((v) => v !== MISSING && v !== undefined)
    .flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** Reads a number from a BSON value (number or Long/Int32/Double). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tag = bsonTypeOf(value);
  if (tag === 'Long' || tag === 'Int32' || tag === 'Double' || tag === 'Decimal128') return Number(String(value));
  return undefined;
}

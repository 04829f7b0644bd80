import type { ErrorObject } from 'ajv';
import { child, describeProblem, narrowAlternatives, TYPE_WORDS as SETTINGS_TYPE_WORDS, words, type Schema } from '../flow/settings-words.js';
import { DEFAULT_LANGUAGE, type Language } from '../languages.js';
import { titleIn } from './title-words.js';
import type { Words } from './words.js';

/**
 * Refused input in the console's words, derived from the schema that refused it: each field is named
 * by its `title` (the label the console shows), an item of a list by its item's title and place
 * ("Redirect URI 2"), and what is wrong in plain words ("is not a URL"). The JSON pointer of the field
 * is kept beside the words for API clients, and the console uses it to put the words under the field.
 * Said in English or Bahasa Indonesia (the titles' Indonesian in title-words.ts).
 */

/** Where a refused value is: the request part and the JSON pointer (RFC 6901) of the field within it. */
export interface InputProblem {
  in: 'params' | 'query' | 'body';
  pointer: string;
  /** The English words. */
  message: string;
  /** The words in every language, when the refusal declares them. */
  words?: Words;
}

/** The problem as answered in `lang`: its words there, the pointer unchanged. */
export const problemIn = (p: InputProblem, lang: Language): InputProblem => ({ in: p.in, pointer: p.pointer, message: p.words?.[lang] || p.message });

/** The kit's own words of refused input, in each language (each completes "<field> ..."). */
interface KitWords {
  format: Record<string, string>;
  otherFormat: (format: string) => string;
  required: string;
  notAFieldOf: (parent: string) => string;
  notAField: string;
  notANameIn: (parent: string) => string;
  notAName: string;
  type: (types: string) => string;
  or: string;
  types: Record<string, string>;
  empty: string;
  oneOf: (list: string) => string;
  none: string;
  oneField: string;
  fields: (n: string) => string;
  atMostFields: (n: string) => string;
  notAllowed: string;
  tooDeep: (n: string) => string;
  pattern: string;
  patternLike: (example: string) => string;
  number: (n: number) => string;
  request: string;
  query: string;
  address: string;
}

/** The kit's words in each language (an input's group is a group of fields, and null is empty). */
const KIT_WORDS: Record<Language, KitWords> = {
  en: {
    format: {
      uri: 'is not a URL (like https://example.com/…)',
      email: 'is not an email address',
      'date-time': 'is not a date and time (like 2026-01-31T09:30:00Z)',
      date: 'is not a date (like 2026-01-31)',
      uuid: 'is not an id of the expected kind',
    },
    otherFormat: (format) => `is not a valid ${format}`,
    required: 'is required',
    notAFieldOf: (parent) => `is not a field of ${parent}`,
    notAField: 'is not a field this request takes',
    notANameIn: (parent) => `is not a valid name in ${parent}`,
    notAName: 'is not a valid name here',
    type: (types) => `must be ${types}`,
    or: ' or ',
    types: { ...SETTINGS_TYPE_WORDS, object: 'a group of fields', null: 'empty' },
    empty: 'cannot be empty',
    oneOf: (list) => `must be one of: ${list}`,
    none: 'none',
    oneField: 'needs at least one field',
    fields: (n) => `needs at least ${n} fields`,
    atMostFields: (n) => `takes at most ${n} fields`,
    notAllowed: 'is not allowed here',
    tooDeep: (n) => `is nested too deeply (at most ${n} levels)`,
    pattern: 'is not written the expected way',
    patternLike: (example) => `is not written the expected way (like "${example}")`,
    number: (n) => `number ${n}`,
    request: 'The request',
    query: 'The query',
    address: 'The address',
  },
  id: {
    format: {
      uri: 'bukan URL (seperti https://example.com/…)',
      email: 'bukan alamat email',
      'date-time': 'bukan tanggal dan waktu (seperti 2026-01-31T09:30:00Z)',
      date: 'bukan tanggal (seperti 2026-01-31)',
      uuid: 'bukan id dengan jenis yang diharapkan',
    },
    otherFormat: (format) => `bukan ${format} yang valid`,
    required: 'wajib diisi',
    notAFieldOf: (parent) => `bukan kolom dari ${parent}`,
    notAField: 'bukan kolom yang diterima permintaan ini',
    notANameIn: (parent) => `bukan nama yang valid di ${parent}`,
    notAName: 'bukan nama yang valid di sini',
    type: (types) => `harus berupa ${types}`,
    or: ' atau ',
    types: { string: 'teks', number: 'angka', integer: 'bilangan bulat', boolean: 'ya atau tidak', array: 'daftar', object: 'kelompok kolom', null: 'kosong' },
    empty: 'tidak boleh kosong',
    oneOf: (list) => `harus salah satu dari: ${list}`,
    none: 'tidak ada',
    oneField: 'memerlukan paling sedikit satu kolom',
    fields: (n) => `memerlukan paling sedikit ${n} kolom`,
    atMostFields: (n) => `paling banyak ${n} kolom`,
    notAllowed: 'tidak diizinkan di sini',
    tooDeep: (n) => `bersarang terlalu dalam (paling banyak ${n} tingkat)`,
    pattern: 'tidak ditulis dengan cara yang diharapkan',
    patternLike: (example) => `tidak ditulis dengan cara yang diharapkan (seperti "${example}")`,
    number: (n) => `nomor ${n}`,
    request: 'Permintaan',
    query: 'Kueri',
    address: 'Alamat',
  },
};
const kitWords = (lang: Language) => KIT_WORDS[lang] ?? KIT_WORDS[DEFAULT_LANGUAGE];

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const isIndex = (segment: string) => /^\d+$/.test(segment);
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A key the input sent, quoted back (a long one cut short: the words are read, not parsed). */
const quoted = (key: string) => `"${key.length > 60 ? `${key.slice(0, 60)}…` : key}"`;
const titleOf = (schema: Schema | undefined, lang: Language = DEFAULT_LANGUAGE) => (typeof schema?.title === 'string' ? titleIn(schema.title, lang) : undefined);

/**
 * The field at `pointer` named as the console names it: titles joined by ", ", an item of a list by
 * its item's title and number ("Redirect URI 2", else "Redirect URIs, number 2"); '' for the whole input.
 */
export function fieldName(root: Schema, pointer: string, lang: Language = DEFAULT_LANGUAGE): { name: string; schema: Schema | undefined } {
  const parts: string[] = [];
  let schema: Schema | undefined = root;
  for (const segment of pointer.split('/').slice(1).map(unescape)) {
    const next = child(schema, segment);
    if (isIndex(segment)) {
      const item = titleOf(next, lang);
      const number = Number(segment) + 1;
      if (item) parts.splice(-1, 1, `${item} ${number}`);
      else parts.push(kitWords(lang).number(number));
    } else {
      parts.push(titleOf(next, lang) ?? words(segment));
    }
    schema = next;
  }
  return { name: parts.join(', '), schema };
}

/** A pattern in words: the schema's first example shows how the value is written. */
function patternWords(schema: Schema | undefined, lang: Language): string {
  const example = Array.isArray(schema?.examples) ? schema.examples[0] : undefined;
  return typeof example === 'string' ? kitWords(lang).patternLike(example) : kitWords(lang).pattern;
}

/** The field an error is about (a missing or unknown field is the parent's child) and what is wrong with it. */
function located(e: ErrorObject, schema: Schema, lang: Language): { pointer: string; said: string } {
  const p = e.params as Record<string, unknown>;
  const w = kitWords(lang);
  switch (e.keyword) {
    case 'required':
      return { pointer: `${e.instancePath}/${escape(String(p.missingProperty))}`, said: w.required };
    case 'additionalProperties': {
      const parent = parentName(schema, e.instancePath, lang);
      return { pointer: `${e.instancePath}/${escape(String(p.additionalProperty))}`, said: parent ? w.notAFieldOf(parent) : w.notAField };
    }
    case 'propertyNames': {
      const parent = parentName(schema, e.instancePath, lang);
      return { pointer: `${e.instancePath}/${escape(String(p.propertyName))}`, said: parent ? w.notANameIn(parent) : w.notAName };
    }
    default: {
      const at = fieldName(schema, e.instancePath).schema;
      return { pointer: e.instancePath, said: saidOf(e, at, lang) };
    }
  }
}

/** The name of the group a field is in: its title, or the input's own title at the top. */
const parentName = (schema: Schema, pointer: string, lang: Language) => fieldName(schema, pointer, lang).name || titleOf(schema, lang);

function saidOf(e: ErrorObject, at: Schema | undefined, lang: Language): string {
  const p = e.params as Record<string, unknown>;
  const w = kitWords(lang);
  switch (e.keyword) {
    case 'type':
      return w.type(
        String(p.type)
          .split(',')
          .map((t) => w.types[t] ?? t)
          .join(w.or),
      );
    case 'format':
      return w.format[String(p.format)] ?? w.otherFormat(String(p.format));
    case 'pattern':
      return patternWords(at, lang);
    case 'minLength':
      return p.limit === 1 ? w.empty : describeProblem(e, at, 'settings', lang);
    case 'enum':
      return w.oneOf(((p.allowedValues as unknown[]) ?? []).map((v) => (v === null ? w.none : String(v))).join(', '));
    case 'minProperties':
      return p.limit === 1 ? w.oneField : w.fields(String(p.limit));
    case 'maxProperties':
      return w.atMostFields(String(p.limit));
    case 'not':
      return w.notAllowed;
    case 'maxDepth':
      return w.tooDeep(String(p.limit));
    default:
      return describeProblem(e, at, 'settings', lang);
  }
}

/** Who the sentence is about: the field's name, or the input as a whole. */
function subjectOf(name: string, part: InputProblem['in'], pointer: string, schema: Schema, lang: Language): string {
  if (name) return name;
  const key = pointer.split('/').slice(1).map(unescape).pop();
  if (key !== undefined) return quoted(key);
  const w = kitWords(lang);
  return titleOf(schema, lang) ?? (part === 'body' ? w.request : part === 'query' ? w.query : w.address);
}


/** What a JSON pointer (or a schema path `#/...`) leads to in `root`. */
function resolve(root: unknown, pointer: string): unknown {
  let at = root;
  for (const segment of pointer.replace(/^#/, '').split('/').slice(1).map(unescape)) {
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[segment] : undefined;
  }
  return at;
}

/**
 * The `then` of an `if` that held only because the fields it tests are absent (`if type is "oidc"`
 * holds when there is no type): its errors would ask for fields the input never called for.
 */
function vacuousThens(errors: ErrorObject[], schema: Schema, value: unknown): string[] {
  return errors
    .filter((e) => e.keyword === 'if')
    .filter((e) => {
      const tested = Object.keys(((resolve(schema, e.schemaPath) as Schema | undefined)?.properties ?? {}) as object);
      const instance = resolve(value, e.instancePath);
      return tested.some((key) => typeof instance !== 'object' || instance === null || !(key in instance));
    })
    .map((e) => `${e.schemaPath.replace(/\/if$/, '')}/then/`);
}

/**
 * Each ajv error of `part` (`value`, validated against `schema`) as a sentence naming the field by its
 * title, in `lang`; one sentence per field (a value of the wrong type is not also of the wrong length).
 */
export function describeInputErrors(part: InputProblem['in'], errors: ErrorObject[] | null | undefined, schema: Schema, value?: unknown, lang: Language = DEFAULT_LANGUAGE): InputProblem[] {
  const all = errors ?? [];
  const vacuous = vacuousThens(all, schema, value);
  // `if` says nothing of its own (the `then`'s errors do); a property name's own pattern error is
  // the `propertyNames` error that follows it.
  const meaningful = narrowAlternatives(all).filter(
    (e) => e.keyword !== 'if' && !(e as ErrorObject & { propertyName?: string }).propertyName && !vacuous.some((then) => e.schemaPath.startsWith(then)),
  );
  // A value of the wrong type is said to be so, first and only.
  const typeFirst = [...meaningful.filter((e) => e.keyword === 'type'), ...meaningful.filter((e) => e.keyword !== 'type')];
  const byPointer = new Map<string, InputProblem>();
  for (const e of typeFirst) {
    const { pointer, said } = located(e, schema, lang);
    const { name } = e.keyword === 'additionalProperties' || e.keyword === 'propertyNames' ? { name: '' } : fieldName(schema, pointer, lang);
    if (!byPointer.has(pointer)) byPointer.set(pointer, { in: part, pointer, message: `${capitalised(subjectOf(name, part, pointer, schema, lang))} ${said}.` });
  }
  // In the order of the input's errors, as ajv found them.
  return meaningful.map((e) => byPointer.get(located(e, schema, lang).pointer)!).filter((p, i, all) => all.indexOf(p) === i);
}

import type { ErrorObject } from 'ajv';
import { child, describeProblem, narrowAlternatives, TYPE_WORDS as SETTINGS_TYPE_WORDS, words, type Schema } from '../flow/settings-words.js';

/**
 * Refused input in the console's words, derived from the schema that refused it: each field is named
 * by its `title` (the label the console shows), an item of a list by its item's title and place
 * ("Redirect URI 2"), and what is wrong in plain words ("is not a URL"). The JSON pointer of the field
 * is kept beside the words for API clients, and the console uses it to put the words under the field.
 */

/** Where a refused value is: the request part and the JSON pointer (RFC 6901) of the field within it. */
export interface InputProblem {
  in: 'params' | 'query' | 'body';
  pointer: string;
  message: string;
}

const FORMAT_WORDS: Record<string, string> = {
  uri: 'is not a URL (like https://example.com/…)',
  email: 'is not an email address',
  'date-time': 'is not a date and time (like 2026-01-31T09:30:00Z)',
  date: 'is not a date (like 2026-01-31)',
  uuid: 'is not an id of the expected kind',
};

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const isIndex = (segment: string) => /^\d+$/.test(segment);
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A key the input sent, quoted back (a long one cut short: the words are read, not parsed). */
const quoted = (key: string) => `"${key.length > 60 ? `${key.slice(0, 60)}…` : key}"`;
const titleOf = (schema: Schema | undefined) => (typeof schema?.title === 'string' ? schema.title : undefined);

/**
 * The field at `pointer` named as the console names it: titles joined by ", ", an item of a list by
 * its item's title and number ("Redirect URI 2", else "Redirect URIs, number 2"); '' for the whole input.
 */
export function fieldName(root: Schema, pointer: string): { name: string; schema: Schema | undefined } {
  const parts: string[] = [];
  let schema: Schema | undefined = root;
  for (const segment of pointer.split('/').slice(1).map(unescape)) {
    const next = child(schema, segment);
    if (isIndex(segment)) {
      const item = titleOf(next);
      const number = Number(segment) + 1;
      if (item) parts.splice(-1, 1, `${item} ${number}`);
      else parts.push(`number ${number}`);
    } else {
      parts.push(titleOf(next) ?? words(segment));
    }
    schema = next;
  }
  return { name: parts.join(', '), schema };
}

/** A pattern in words: the schema's first example shows how the value is written. */
function patternWords(schema: Schema | undefined): string {
  const example = Array.isArray(schema?.examples) ? schema.examples[0] : undefined;
  return typeof example === 'string' ? `is not written the expected way (like "${example}")` : 'is not written the expected way';
}

/** The field an error is about (a missing or unknown field is the parent's child) and what is wrong with it. */
function located(e: ErrorObject, schema: Schema): { pointer: string; said: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { pointer: `${e.instancePath}/${escape(String(p.missingProperty))}`, said: 'is required' };
    case 'additionalProperties': {
      const parent = parentName(schema, e.instancePath);
      return { pointer: `${e.instancePath}/${escape(String(p.additionalProperty))}`, said: parent ? `is not a field of ${parent}` : 'is not a field this request takes' };
    }
    case 'propertyNames': {
      const parent = parentName(schema, e.instancePath);
      return { pointer: `${e.instancePath}/${escape(String(p.propertyName))}`, said: parent ? `is not a valid name in ${parent}` : 'is not a valid name here' };
    }
    default: {
      const at = fieldName(schema, e.instancePath).schema;
      return { pointer: e.instancePath, said: saidOf(e, at) };
    }
  }
}

/** The name of the group a field is in: its title, or the input's own title at the top. */
const parentName = (schema: Schema, pointer: string) => fieldName(schema, pointer).name || titleOf(schema);

/** The settings' type words, where an input's group is a group of fields and null is empty. */
const TYPE_WORDS: Record<string, string> = { ...SETTINGS_TYPE_WORDS, object: 'a group of fields', null: 'empty' };

function saidOf(e: ErrorObject, at: Schema | undefined): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${String(p.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ')}`;
    case 'format':
      return FORMAT_WORDS[String(p.format)] ?? `is not a valid ${String(p.format)}`;
    case 'pattern':
      return patternWords(at);
    case 'minLength':
      return p.limit === 1 ? 'cannot be empty' : describeProblem(e, at);
    case 'enum':
      return `must be one of: ${((p.allowedValues as unknown[]) ?? []).map((v) => (v === null ? 'none' : String(v))).join(', ')}`;
    case 'minProperties':
      return p.limit === 1 ? 'needs at least one field' : `needs at least ${String(p.limit)} fields`;
    case 'maxProperties':
      return `takes at most ${String(p.limit)} fields`;
    case 'not':
      return 'is not allowed here';
    case 'maxDepth':
      return `is nested too deeply (at most ${String(p.limit)} levels)`;
    default:
      return describeProblem(e, at);
  }
}

/** Who the sentence is about: the field's name, or the input as a whole. */
function subjectOf(name: string, part: InputProblem['in'], pointer: string, schema: Schema): string {
  if (name) return name;
  const key = pointer.split('/').slice(1).map(unescape).pop();
  if (key !== undefined) return quoted(key);
  return titleOf(schema) ?? (part === 'body' ? 'The request' : part === 'query' ? 'The query' : 'The address');
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
 * title; one sentence per field (a value of the wrong type is not also of the wrong length).
 */
export function describeInputErrors(part: InputProblem['in'], errors: ErrorObject[] | null | undefined, schema: Schema, value?: unknown): InputProblem[] {
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
    const { pointer, said } = located(e, schema);
    const { name } = e.keyword === 'additionalProperties' || e.keyword === 'propertyNames' ? { name: '' } : fieldName(schema, pointer);
    if (!byPointer.has(pointer)) byPointer.set(pointer, { in: part, pointer, message: `${capitalised(subjectOf(name, part, pointer, schema))} ${said}.` });
  }
  // In the order of the input's errors, as ajv found them.
  return meaningful.map((e) => byPointer.get(located(e, schema).pointer)!).filter((p, i, all) => all.indexOf(p) === i);
}

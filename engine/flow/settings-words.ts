import type { ErrorObject } from 'ajv';

/**
 * A step's settings problems in the words of the settings form: the fields' titles (as the designer
 * labels them) and "number 3" for the third item of a list, never a JSON path or a key. Errors of the
 * alternatives of an `anyOf` are narrowed to the alternative that came closest.
 */

export type Schema = Record<string, unknown>;

/** The languages these words are said in: English unless another is asked for. */
export type WordsLanguage = 'en' | 'id';

/** What is wrong with a field, in one language (each completes "<field> ..."). */
interface ProblemWords {
  needs: (field: string) => string;
  unknownSetting: (key: string) => string;
  unknownToDesigner: (key: string) => string;
  empty: string;
  minLength: (n: string) => string;
  maxLength: (n: string) => string;
  minimum: (n: string) => string;
  exclusiveMinimum: (n: string) => string;
  maximum: (n: string) => string;
  exclusiveMaximum: (n: string) => string;
  oneEntry: string;
  minItems: (n: string) => string;
  maxItems: (n: string) => string;
  twice: string;
  oneOf: (list: string) => string;
  exactly: (value: string) => string;
  pattern: string;
  webAddress: string;
  format: (format: string) => string;
  type: (type: string) => string;
  invalid: string;
  /** The third item of a list: "number 3". */
  number: (n: number) => string;
  /** A field left empty that must be filled in (the settings form says it under the field). */
  required: string;
}

const PROBLEM_WORDS: Record<WordsLanguage, ProblemWords> = {
  en: {
    needs: (field) => `needs "${field}"`,
    unknownSetting: (key) => `has a setting this step does not know ("${key}")`,
    unknownToDesigner: (key) => `has something the designer does not know ("${key}")`,
    empty: 'cannot be empty',
    minLength: (n) => `needs at least ${n} characters`,
    maxLength: (n) => `takes at most ${n} characters`,
    minimum: (n) => `must be at least ${n}`,
    exclusiveMinimum: (n) => `must be more than ${n}`,
    maximum: (n) => `must be at most ${n}`,
    exclusiveMaximum: (n) => `must be less than ${n}`,
    oneEntry: 'needs at least one entry',
    minItems: (n) => `needs at least ${n} entries`,
    maxItems: (n) => `takes at most ${n} entries`,
    twice: 'has the same entry twice',
    oneOf: (list) => `must be one of: ${list}`,
    exactly: (value) => `must be "${value}"`,
    pattern: 'is not written the expected way',
    webAddress: 'must be a web address',
    format: (format) => `must be a valid ${format}`,
    type: (type) => `must be ${type}`,
    invalid: 'is not valid',
    number: (n) => `number ${n}`,
    required: 'Required.',
  },
  id: {
    needs: (field) => `memerlukan "${field}"`,
    unknownSetting: (key) => `memiliki pengaturan yang tidak dikenal langkah ini ("${key}")`,
    unknownToDesigner: (key) => `memiliki sesuatu yang tidak dikenal desainer ("${key}")`,
    empty: 'tidak boleh kosong',
    minLength: (n) => `memerlukan paling sedikit ${n} karakter`,
    maxLength: (n) => `paling banyak ${n} karakter`,
    minimum: (n) => `harus paling sedikit ${n}`,
    exclusiveMinimum: (n) => `harus lebih dari ${n}`,
    maximum: (n) => `harus paling banyak ${n}`,
    exclusiveMaximum: (n) => `harus kurang dari ${n}`,
    oneEntry: 'memerlukan paling sedikit satu entri',
    minItems: (n) => `memerlukan paling sedikit ${n} entri`,
    maxItems: (n) => `paling banyak ${n} entri`,
    twice: 'berisi entri yang sama dua kali',
    oneOf: (list) => `harus salah satu dari: ${list}`,
    exactly: (value) => `harus "${value}"`,
    pattern: 'tidak ditulis dengan cara yang diharapkan',
    webAddress: 'harus berupa alamat web',
    format: (format) => `harus berupa ${format} yang valid`,
    type: (type) => `harus berupa ${type}`,
    invalid: 'tidak valid',
    number: (n) => `nomor ${n}`,
    required: 'Wajib diisi.',
  },
};

/** The words of problems in a language (English for one these words are not said in). */
export const problemWords = (lang: string = 'en'): ProblemWords => PROBLEM_WORDS[lang as WordsLanguage] ?? PROBLEM_WORDS.en;

/** A key in words: `redirectUris` -> "Redirect uris" (for a field whose schema gives no title). */
export const words = (key: string) => {
  const spaced = key.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};
const titleOf = (schema: Schema | undefined, key: string) => (typeof schema?.title === 'string' ? schema.title : words(key));

/** The subschema a child key or index leads to, looking inside anyOf / oneOf / allOf alternatives. */
export function child(schema: Schema | undefined, segment: string): Schema | undefined {
  if (!schema) return undefined;
  const props = schema.properties as Record<string, Schema> | undefined;
  if (props?.[segment]) return props[segment];
  if (/^\d+$/.test(segment) && schema.items && typeof schema.items === 'object') return schema.items as Schema;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const alternative of (schema[key] as Schema[] | undefined) ?? []) {
      const found = child(alternative, segment);
      if (found) return found;
    }
  }
  return undefined;
}

/** "Attributes to ask, number 3, Attribute" for `/fields/2/attribute`. */
export function subjectOf(root: Schema, instancePath: string, lang?: string): { subject: string; schema: Schema | undefined } {
  const segments = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let schema: Schema | undefined = root;
  const parts: string[] = [];
  for (const segment of segments) {
    const next = child(schema, segment);
    parts.push(/^\d+$/.test(segment) ? problemWords(lang).number(Number(segment) + 1) : titleOf(next, segment));
    schema = next;
  }
  return { subject: parts.join(', '), schema };
}

/**
 * What is wrong, in words, of the field `schema` describes: in a step's settings, or (`graph`) in the
 * journey itself (an unknown field is then one the designer does not know).
 */
export function describeProblem(e: ErrorObject, schema: Schema | undefined, of: 'settings' | 'graph' = 'settings', lang?: string): string {
  const p = e.params as Record<string, unknown>;
  const w = problemWords(lang);
  const limit = String(p.limit);
  switch (e.keyword) {
    case 'required':
      return w.needs(titleOf(child(schema, String(p.missingProperty)), String(p.missingProperty)));
    case 'additionalProperties':
      return of === 'settings' ? w.unknownSetting(String(p.additionalProperty)) : w.unknownToDesigner(String(p.additionalProperty));
    case 'minLength':
      return p.limit === 1 ? w.empty : w.minLength(limit);
    case 'maxLength':
      return w.maxLength(limit);
    case 'minimum':
      return w.minimum(limit);
    case 'exclusiveMinimum':
      return w.exclusiveMinimum(limit);
    case 'maximum':
      return w.maximum(limit);
    case 'exclusiveMaximum':
      return w.exclusiveMaximum(limit);
    case 'minItems':
      return p.limit === 1 ? w.oneEntry : w.minItems(limit);
    case 'maxItems':
      return w.maxItems(limit);
    case 'uniqueItems':
      return w.twice;
    case 'enum':
      return w.oneOf(((p.allowedValues as unknown[]) ?? []).map((v) => `"${String(v)}"`).join(', '));
    case 'const':
      return w.exactly(String(p.allowedValue));
    case 'pattern':
      return w.pattern;
    case 'format':
      return p.format === 'uri' ? w.webAddress : w.format(String(p.format));
    case 'type': {
      const types = lang === 'id' ? TYPE_WORDS_ID : TYPE_WORDS;
      return w.type(types[String(p.type)] ?? String(p.type));
    }
    default:
      return lang && lang !== 'en' ? w.invalid : (e.message ?? w.invalid);
  }
}

/** JSON Schema types in words (a settings form's groups are groups of settings). */
export const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'yes or no',
  object: 'a group of settings',
  array: 'a list',
};

/** The same in Bahasa Indonesia. */
const TYPE_WORDS_ID: Record<string, string> = {
  string: 'teks',
  number: 'angka',
  integer: 'bilangan bulat',
  boolean: 'ya atau tidak',
  object: 'kelompok pengaturan',
  array: 'daftar',
};

/**
 * Of the errors under an `anyOf`, only those of the alternative with the fewest (the one meant); of
 * alternatives as close, one refused only for its type is the least likely meant (`null` beside a list).
 */
export function narrowAlternatives(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors;
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const groups = new Map<string, ErrorObject[]>();
    for (const e of kept) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      groups.set(branch, [...(groups.get(branch) ?? []), e]);
    }
    if (!groups.size) continue;
    const onlyType = (group: ErrorObject[]) => (group.every((e) => e.keyword === 'type') ? 1 : 0);
    const best = [...groups.values()].sort((a, b) => a.length - b.length || onlyType(a) - onlyType(b))[0]!;
    kept = kept.filter((e) => e !== anyOf && (!e.schemaPath.startsWith(prefix) || best.includes(e)));
  }
  return kept;
}

export function describeSettingsErrors(errors: ErrorObject[] | null | undefined, schema: Schema, lang?: string): string[] {
  return [...new Set(settingsProblems(errors, schema, lang).map((p) => p.message))];
}

/**
 * One problem of a step's settings at its field: `pointer` (RFC 6901, within the settings; a missing
 * field's own), `message` naming the field, and `said`, what the settings form shows under the field
 * (its label already names it): "Must be at most 50.", "Required." for a missing one.
 */
export interface SettingsProblem {
  pointer: string;
  message: string;
  said: string;
}

const sentence = (said: string) => `${said.charAt(0).toUpperCase()}${said.slice(1)}.`;

/** A step's settings problems each at its field, in the settings form's words (once each). */
export function settingsProblems(errors: ErrorObject[] | null | undefined, schema: Schema, lang?: string): SettingsProblem[] {
  const problems = new Map<string, SettingsProblem>();
  for (const e of narrowAlternatives(errors ?? [])) {
    const { subject, schema: at } = subjectOf(schema, e.instancePath, lang);
    const said = describeProblem(e, at, 'settings', lang);
    const message = e.instancePath ? `${subject} ${said}.` : sentence(said);
    const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty?: unknown }).missingProperty).replace(/~/g, '~0').replace(/\//g, '~1')}` : '';
    const problem = { pointer: `${e.instancePath}${missing}`, message, said: missing ? problemWords(lang).required : sentence(said) };
    problems.set(`${problem.pointer} ${message}`, problem);
  }
  return [...problems.values()];
}

import type { ErrorObject } from 'ajv';

/**
 * A step's settings problems in the words of the settings form: the fields' titles (as the designer
 * labels them) and "number 3" for the third item of a list, never a JSON path or a key. Errors of the
 * alternatives of an `anyOf` are narrowed to the alternative that came closest.
 */

export type Schema = Record<string, unknown>;

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
export function subjectOf(root: Schema, instancePath: string): { subject: string; schema: Schema | undefined } {
  const segments = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let schema: Schema | undefined = root;
  const parts: string[] = [];
  for (const segment of segments) {
    const next = child(schema, segment);
    parts.push(/^\d+$/.test(segment) ? `number ${Number(segment) + 1}` : titleOf(next, segment));
    schema = next;
  }
  return { subject: parts.join(', '), schema };
}

/**
 * What is wrong, in words, of the field `schema` describes: in a step's settings, or (`graph`) in the
 * journey itself (an unknown field is then one the designer does not know).
 */
export function describeProblem(e: ErrorObject, schema: Schema | undefined, of: 'settings' | 'graph' = 'settings'): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `needs "${titleOf(child(schema, String(p.missingProperty)), String(p.missingProperty))}"`;
    case 'additionalProperties':
      return of === 'settings' ? `has a setting this step does not know ("${String(p.additionalProperty)}")` : `has something the designer does not know ("${String(p.additionalProperty)}")`;
    case 'minLength':
      return p.limit === 1 ? 'cannot be empty' : `needs at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `takes at most ${String(p.limit)} characters`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'minItems':
      return p.limit === 1 ? 'needs at least one entry' : `needs at least ${String(p.limit)} entries`;
    case 'maxItems':
      return `takes at most ${String(p.limit)} entries`;
    case 'uniqueItems':
      return 'has the same entry twice';
    case 'enum':
      return `must be one of: ${((p.allowedValues as unknown[]) ?? []).map((v) => `"${String(v)}"`).join(', ')}`;
    case 'const':
      return `must be "${String(p.allowedValue)}"`;
    case 'pattern':
      return 'is not written the expected way';
    case 'format':
      return p.format === 'uri' ? 'must be a web address' : `must be a valid ${String(p.format)}`;
    case 'type':
      return `must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}`;
    default:
      return e.message ?? 'is not valid';
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

export function describeSettingsErrors(errors: ErrorObject[] | null | undefined, schema: Schema): string[] {
  return [...new Set(settingsProblems(errors, schema).map((p) => p.message))];
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
export function settingsProblems(errors: ErrorObject[] | null | undefined, schema: Schema): SettingsProblem[] {
  const problems = new Map<string, SettingsProblem>();
  for (const e of narrowAlternatives(errors ?? [])) {
    const { subject, schema: at } = subjectOf(schema, e.instancePath);
    const said = describeProblem(e, at);
    const message = e.instancePath ? `${subject} ${said}.` : sentence(said);
    const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty?: unknown }).missingProperty).replace(/~/g, '~0').replace(/\//g, '~1')}` : '';
    const problem = { pointer: `${e.instancePath}${missing}`, message, said: missing ? 'Required.' : sentence(said) };
    problems.set(`${problem.pointer} ${message}`, problem);
  }
  return [...problems.values()];
}

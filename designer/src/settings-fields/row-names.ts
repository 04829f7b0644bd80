import type { RJSFSchema } from '@rjsf/utils';
import type { Choice } from './choice.js';

/** What a person calls a list's items and its rows (a list of the settings form; see array-rows.tsx). */
export type Schema = RJSFSchema;
const isSchema = (s: unknown): s is Schema => typeof s === 'object' && s !== null && !Array.isArray(s);

/** The schema of one item, and the title naming one item if the schema has one. */
export function itemSchemaOf(schema: Schema): Schema {
  return isSchema(schema.items) ? schema.items : {};
}
export function itemTitleOf(schema: Schema): string | undefined {
  const items = itemSchemaOf(schema);
  if (typeof items.title === 'string') return items.title;
  const first = (items.anyOf ?? items.oneOf ?? []).find(isSchema);
  return typeof first?.title === 'string' ? first.title : undefined;
}

/** The properties an item may have, in order, whichever of its shapes it takes. */
function propertiesOf(schema: Schema): Array<[string, Schema]> {
  const shapes = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].filter(isSchema);
  const seen = new Map<string, Schema>();
  for (const shape of shapes) for (const [k, v] of Object.entries(shape.properties ?? {})) if (!seen.has(k) && isSchema(v)) seen.set(k, v);
  return [...seen];
}
const pickerOf = (s: Schema) => (typeof s['x-picker'] === 'string' ? s['x-picker'] : undefined);

/** The kinds of things the rows' pickers choose, to name rows by the thing and not by its id. */
export function pickerKindsOf(items: Schema): string[] {
  return [pickerOf(items), ...propertiesOf(items).map(([, s]) => pickerOf(s))].filter((k): k is string => !!k);
}

/**
 * What a person calls a row: the thing it picks ("Phone number"), else its first text (a label in the
 * console's language, a name, a value). Undefined when the row has none yet.
 */
export function rowNameOf(item: unknown, items: Schema, choices: Map<string, Choice[]>, lang: string): string | undefined {
  const named = (value: unknown, schema: Schema): string | undefined => {
    if (typeof value === 'string' && value.trim()) {
      const kind = pickerOf(schema);
      return (kind && choices.get(kind)?.find((c) => c.value === value)?.name) || value;
    }
    if (isSchema(value) && schema['x-field'] === 'localised-text') {
      const texts = value as Record<string, unknown>;
      const text = texts[lang] ?? texts.en ?? Object.values(texts)[0];
      return typeof text === 'string' && text.trim() ? text : undefined;
    }
    return undefined;
  };
  if (!isSchema(item)) return named(item, items);
  const properties = propertiesOf(items);
  // Things picked, texts shown to customers and labels say best what a row is; then any other text.
  const preferred = properties.filter(([key, s]) => pickerOf(s) || s['x-field'] === 'localised-text' || key === 'label');
  for (const [key, schema] of [...preferred, ...properties]) {
    const name = named((item as Record<string, unknown>)[key], schema);
    if (name) return name;
  }
  return undefined;
}


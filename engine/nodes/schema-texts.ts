/**
 * The texts of a JSON Schema a person reads in a settings form: the `title` and `description` of the
 * schema and of every schema inside it, and the words of an `enum`'s values (`x-enum-titles`, value ->
 * words: the values stay a plain `enum`, so validators and error paths keep their shape). They never
 * change what the schema accepts, so a form may show them in any language and still validate with the
 * schema as declared.
 */

type SchemaNode = unknown;

/** Keywords whose values are data, not schemas: their `title` or `description` are not form texts. */
const DATA_KEYWORDS = new Set(['default', 'examples', 'const', 'enum']);
const TEXT_KEYWORDS = new Set(['title', 'description']);

const isText = (key: string, value: unknown): value is string => TEXT_KEYWORDS.has(key) && typeof value === 'string';

/** The words of an enum's values: only beside an `enum` (a property may be named anything). */
export const ENUM_TITLES = 'x-enum-titles';
const enumTitlesOf = (node: object, key: string, value: unknown): Record<string, string> | null =>
  key === ENUM_TITLES && Array.isArray((node as { enum?: unknown }).enum) && value !== null && typeof value === 'object' && Object.values(value).every((v) => typeof v === 'string')
    ? (value as Record<string, string>)
    : null;

/** Every title and description of the schema, in the order they appear (each once). */
export function schemaTexts(schema: SchemaNode): string[] {
  const found = new Set<string>();
  const walk = (node: SchemaNode) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const titles = enumTitlesOf(node, key, value);
      if (isText(key, value)) found.add(value);
      else if (titles) Object.values(titles).forEach((t) => found.add(t));
      else if (!DATA_KEYWORDS.has(key)) walk(value);
    }
  };
  walk(schema);
  return [...found];
}

/** The schema with each title and description put through `say` (a text it does not know stays as it is). */
export function mapSchemaTexts<T>(schema: T, say: (text: string) => string | undefined): T {
  const walk = (node: SchemaNode): SchemaNode => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const titles = enumTitlesOf(node, key, value);
      if (isText(key, value)) {
        const said = say(value);
        if (said !== undefined) out[key] = said;
      } else if (titles) {
        const said = Object.entries(titles).map(([v, t]) => [v, say(t)] as const);
        if (said.every(([, t]) => t !== undefined)) out[key] = Object.fromEntries(said);
      } else out[key] = DATA_KEYWORDS.has(key) ? value : walk(value);
    }
    return out;
  };
  return walk(schema) as T;
}

/** The schema without its texts: what validates, the same in every language. */
export const withoutTexts = <T>(schema: T): T => mapSchemaTexts(schema, () => undefined);

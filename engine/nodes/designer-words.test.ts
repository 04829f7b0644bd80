import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from '../languages.js';
import { createNodeRegistry } from './index.js';
import { stepInLanguage } from './designer-words.js';
import { schemaTexts, withoutTexts } from './schema-texts.js';
import { STEP_CATEGORIES } from './registry.js';
import type { AnyNodeType, DesignerLanguage, JsonSchema } from './types.js';
import { identifyNode } from './identify.js';

const OTHER_LANGUAGES = LANGUAGE_CODES.filter((l): l is DesignerLanguage => l !== 'en');
const TYPES = createNodeRegistry().list();

/** The settings with every yes/no option turned on: the outcomes such options add appear too. */
function allOptionsOn(type: AnyNodeType): Record<string, unknown> {
  const properties = (type.settingsSchema.properties ?? {}) as Record<string, JsonSchema>;
  const on = Object.entries(properties).filter(([, s]) => s.type === 'boolean').map(([name]) => [name, true]);
  return { ...(type.defaultSettings as Record<string, unknown>), ...Object.fromEntries(on) };
}

/** The strings the settings hold (an outcome named there is the designer's own word, not the step's). */
const namedIn = (settings: unknown): Set<string> => new Set(JSON.stringify(settings).match(/"(?:[^"\\]|\\.)*"/g)?.map((s) => JSON.parse(s) as string) ?? []);

/** The outcomes a step type names itself, by name: with its default settings and with every option on. */
function ownOutcomes(type: AnyNodeType): Map<string, string> {
  const own = new Map<string, string>();
  for (const settings of [type.defaultSettings, allOptionsOn(type)]) {
    const named = namedIn(settings);
    for (const o of type.outcomes(settings)) if (!named.has(o.name)) own.set(o.name, o.label);
  }
  return own;
}

describe("the step types' designer texts in every language", () => {
  it.each(OTHER_LANGUAGES)('gives every shipped step type its palette title, description, outcome labels and settings texts in %s', (lang) => {
    const missing: string[] = [];
    for (const type of TYPES) {
      const words = type.words?.[lang];
      if (!words) {
        missing.push(`${type.type}: no words at all`);
        continue;
      }
      if (!words.title.trim()) missing.push(`${type.type}: title`);
      if (!words.description.trim()) missing.push(`${type.type}: description`);
      for (const [name, label] of ownOutcomes(type)) if (!words.outcomes[name]?.trim()) missing.push(`${type.type}: outcome "${name}" (${label})`);
      for (const text of schemaTexts(type.settingsSchema)) if (!words.settings[text]?.trim()) missing.push(`${type.type}: settings text "${text}"`);
    }
    expect(missing).toEqual([]);
  });

  it.each(OTHER_LANGUAGES)('names no outcome a step type does not have (a renamed outcome cannot keep a stale label) in %s', (lang) => {
    const stale = TYPES.flatMap((type) => {
      const own = ownOutcomes(type);
      return Object.keys(type.words?.[lang]?.outcomes ?? {})
        .filter((name) => !own.has(name))
        .map((name) => `${type.type}: ${name}`);
    });
    expect(stale).toEqual([]);
  });

  it.each(OTHER_LANGUAGES)('names every palette group in %s', (lang) => {
    expect(STEP_CATEGORIES.filter((c) => !c.words[lang]?.trim()).map((c) => c.id)).toEqual([]);
  });
});

describe('a step type in a language', () => {
  it('shows the Indonesian title, outcome labels and settings form titles, and keeps English as declared', () => {
    const id = stepInLanguage(identifyNode, 'id');
    expect(id.title).toBe('Minta email');
    expect(identifyNode.outcomes({}).map(id.outcome).map((o) => o.label)).toEqual(['Sudah punya akun', 'Pengguna baru']);
    expect(schemaTexts(id.settingsSchema)).toContain('Judul halaman');
    expect(schemaTexts(id.settingsSchema)).not.toContain('Page heading');
    expect(id.needs('user')).toBe('seseorang yang sudah masuk');

    const en = stepInLanguage(identifyNode, 'en');
    expect(en.title).toBe('Ask for email');
    expect(identifyNode.outcomes({}).map(en.outcome).map((o) => o.label)).toEqual(['Has an account', 'New user']);
    expect(en.settingsSchema).toBe(identifyNode.settingsSchema);
    expect(en.needs('user')).toBe('a signed-in person');
  });

  it('keeps the labels of outcomes the designer named in the settings (an A/B split branch, a condition rule)', () => {
    const abSplit = TYPES.find((t) => t.type === 'ab-split')!;
    const settings = { branches: [{ outcome: 'a', label: 'Lama', weight: 50 }, { outcome: 'b', label: 'Baru', weight: 50 }] };
    expect(abSplit.outcomes(settings).map(stepInLanguage(abSplit, 'id').outcome).map((o) => o.label)).toEqual(['Lama', 'Baru']);
  });

  it('validates the same in every language: only the texts differ, and without them the schemas are equal', () => {
    for (const type of TYPES) {
      for (const lang of OTHER_LANGUAGES) expect(withoutTexts(stepInLanguage(type, lang).settingsSchema), type.type).toEqual(withoutTexts(type.settingsSchema));
    }
  });

  it('names in words every value a settings choice offers (a custom field names its own; HTTP methods are their own words)', () => {
    const unnamed: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
      if (!node || typeof node !== 'object' || 'x-field' in node) return;
      const schema = node as JsonSchema;
      if (Array.isArray(schema.enum) && !schema.enum.every((v) => typeof v === 'string' && v === v.toUpperCase())) {
        const titles = (schema['x-enum-titles'] ?? {}) as Record<string, string>;
        for (const v of schema.enum) if (!titles[String(v)]?.trim()) unnamed.push(`${where}: ${String(v)}`);
      }
      for (const [k, v] of Object.entries(schema)) if (!['enum', 'default', 'examples', 'const'].includes(k)) walk(v, `${where}/${k}`);
    };
    for (const type of TYPES) walk(type.settingsSchema, type.type);
    expect(unnamed).toEqual([]);
  });

  it('says under "Page heading" what an empty heading shows, in the words the page really uses, in every language', () => {
    for (const [type, key] of [[identifyNode, 'identify.title'], [TYPES.find((t) => t.type === 'profile')!, 'profile.title']] as const) {
      for (const lang of ['en', ...OTHER_LANGUAGES] as const) {
        const heading = (stepInLanguage(type, lang).settingsSchema.properties as Record<string, JsonSchema>).heading!;
        const usual = (type.messages as Record<string, Record<string, string>>)[lang]![key]!;
        expect(heading.description, `${type.type} in ${lang}`).toContain(`“${usual}”`);
      }
    }
  });

  it("says an enum's values in words per language, keeping the values and leaving the validator's schema as it was", () => {
    const profile = TYPES.find((t) => t.type === 'profile')!;
    const kindOf = (schema: JsonSchema) => {
      const older = (schema.properties as Record<string, JsonSchema>).fields!.items as JsonSchema;
      return ((older.anyOf as JsonSchema[])[1]!.properties as Record<string, JsonSchema>).type!;
    };
    const en = kindOf(profile.settingsSchema);
    const id = kindOf(stepInLanguage(profile, 'id').settingsSchema);
    expect(en.enum).toEqual(id.enum);
    expect((en['x-enum-titles'] as Record<string, string>).tel).toBe('Phone number');
    expect((id['x-enum-titles'] as Record<string, string>).tel).toBe('Nomor telepon');
    expect(Object.keys(id['x-enum-titles'] as object)).toEqual(en.enum);
    expect(withoutTexts(en)).toEqual({ type: 'string', enum: en.enum });
    // A property that happens to be named like the keyword is a schema, not words.
    const named = { type: 'object', properties: { 'x-enum-titles': { type: 'string', title: 'Odd name' } } };
    expect(withoutTexts(named)).toEqual({ type: 'object', properties: { 'x-enum-titles': { type: 'string' } } });
  });

  it('leaves a property named "title" or a default value alone: only the annotations are texts', () => {
    const schema = {
      type: 'object',
      title: 'Form',
      properties: { title: { type: 'string', title: 'Title', default: 'Welcome' }, description: { type: 'object', default: { title: 'kept' } } },
    };
    expect(schemaTexts(schema)).toEqual(['Form', 'Title']);
    expect(withoutTexts(schema)).toEqual({ type: 'object', properties: { title: { type: 'string', default: 'Welcome' }, description: { type: 'object', default: { title: 'kept' } } } });
  });
});

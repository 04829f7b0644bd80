import { describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import { createNodeRegistry } from '../../engine/nodes/index.js';
import { localisedTextSchema } from '../../engine/identity/attributes.js';
import { LANGUAGES } from '../../engine/languages.js';
import { uiSchemaOf } from '../../designer/src/settings-fields/ui-schema.js';
import { languagesOf, storedOf, textsOf } from '../../designer/src/settings-fields/localised-text-value.js';
import { itemTitleOf, rowNameOf } from '../../designer/src/settings-fields/row-names.js';
import { withoutShapeNoise } from '../../designer/src/settings-fields/shape-noise.js';

type Schema = Record<string, unknown>;
const isSchema = (s: unknown): s is Schema => typeof s === 'object' && s !== null && !Array.isArray(s);

/** Every sub-schema of a settings schema with its path, and the uiSchema at that path. */
function* walk(schema: unknown, ui: unknown, path: string): Generator<{ schema: Schema; ui: Schema; path: string }> {
  if (!isSchema(schema)) return;
  const here = isSchema(ui) ? ui : {};
  yield { schema, ui: here, path };
  if (here['ui:field']) return; // drawn by a custom field, which lays out its own insides
  for (const [k, v] of Object.entries(isSchema(schema.properties) ? schema.properties : {})) yield* walk(v, here[k], `${path}.${k}`);
  if (isSchema(schema.items)) yield* walk(schema.items, here.items, `${path}[]`);
}

/** A localised text, recognised by its two shapes: one text, or a text per language. */
const looksLocalised = (s: Schema) =>
  Array.isArray(s.anyOf) && s.anyOf.some((o) => isSchema(o) && o.type === 'string') && s.anyOf.some((o) => isSchema(o) && o.type === 'object' && isSchema(o.properties) && 'en' in o.properties);

describe('the settings form layout read from the step types’ schemas', () => {
  const types = createNodeRegistry().list();

  it('draws every localised text of every step type as one text with its translations, never as a choice of shapes', () => {
    let seen = 0;
    for (const t of types) {
      for (const { schema, ui, path } of walk(t.settingsSchema, uiSchemaOf(t.settingsSchema), t.type)) {
        if (!looksLocalised(schema)) continue;
        seen++;
        expect({ path, ui }).toEqual({ path, ui: { 'ui:field': 'LocalisedText', 'ui:fieldReplacesAnyOrOneOf': true } });
      }
    }
    expect(seen).toBeGreaterThanOrEqual(4); // identify, profile, success and failure headings/messages
  });

  it('leaves no list row with rjsf’s "Title-1" heading: rows of objects are named by their values', () => {
    for (const t of types) {
      for (const { schema, ui, path } of walk(t.settingsSchema, uiSchemaOf(t.settingsSchema), t.type)) {
        if (schema.type !== 'array' || !isSchema(schema.items) || schema.items.type !== 'object') continue;
        expect({ path, label: (ui.items as Schema)?.['ui:options'] }).toEqual({ path, label: { label: false } });
      }
    }
  });

  it('draws a profile question with its own field, and names the "Add" button after the question', () => {
    const profile = types.find((t) => t.type === 'profile')!.settingsSchema as RJSFSchema;
    expect(uiSchemaOf(profile).fields).toEqual({ items: { 'ui:field': 'ProfileQuestion', 'ui:fieldReplacesAnyOrOneOf': true } });
    expect(itemTitleOf((profile.properties as Record<string, RJSFSchema>).fields!)).toBe('Attribute to ask');
  });

  it('offers a box per language the hosted pages speak, the default language first', () => {
    expect(languagesOf(localisedTextSchema as RJSFSchema)).toEqual(LANGUAGES.map((l) => ({ code: l.code, name: l.name })));
  });

  it('stores a plain text while no translation is given, and a text per language once one is', () => {
    expect(storedOf({ en: 'Welcome' }, 'en')).toBe('Welcome');
    expect(storedOf({ en: 'Welcome', id: '' }, 'en')).toBe('Welcome');
    expect(storedOf({ en: 'Welcome', id: 'Selamat datang' }, 'en')).toEqual({ en: 'Welcome', id: 'Selamat datang' });
    expect(storedOf({ en: '', id: 'Selamat datang' }, 'en')).toEqual({ id: 'Selamat datang' });
    expect(storedOf({ en: '', id: '' }, 'en')).toBeUndefined();
    // What was stored reads back as the same boxes, and texts in languages not shown are kept.
    expect(textsOf('Welcome', 'en')).toEqual({ en: 'Welcome' });
    expect(textsOf({ en: 'Welcome', fr: 'Bienvenue' }, 'en')).toEqual({ en: 'Welcome', fr: 'Bienvenue' });
    expect(storedOf({ ...textsOf({ en: 'Welcome', fr: 'Bienvenue' }, 'en'), id: 'Halo' }, 'en')).toEqual({ en: 'Welcome', fr: 'Bienvenue', id: 'Halo' });
    expect(textsOf(undefined, 'en')).toEqual({});
  });

  it('names a row by the thing it picks, else by its text in the console’s language, else not at all', () => {
    const profile = types.find((t) => t.type === 'profile')!.settingsSchema as RJSFSchema;
    const items = (profile.properties as Record<string, RJSFSchema>).fields!.items as RJSFSchema;
    const choices = new Map([['attribute', [{ value: 'phone_number', name: 'Nomor telepon', detail: 'phone_number' }]]]);
    expect(rowNameOf({ attribute: 'phone_number', required: true }, items, choices, 'id')).toBe('Nomor telepon');
    expect(rowNameOf({ attribute: 'not_loaded_yet' }, items, choices, 'en')).toBe('not_loaded_yet');
    expect(rowNameOf({ name: 'shoe_size', label: { en: 'Shoe size', id: 'Ukuran sepatu' }, type: 'number' }, items, choices, 'id')).toBe('Ukuran sepatu');
    expect(rowNameOf({}, items, choices, 'en')).toBeUndefined();
    // An A/B split's branch is called by its label ("A (control)") rather than its outcome key, while it has one.
    const abSplit = types.find((t) => t.type === 'ab-split')!.settingsSchema as RJSFSchema;
    const branch = (abSplit.properties as Record<string, RJSFSchema>).branches!.items as RJSFSchema;
    expect(rowNameOf({ outcome: 'a', label: 'A (control)', weight: 50 }, branch, choices, 'en')).toBe('A (control)');
    expect(rowNameOf({ outcome: 'b', weight: 50 }, branch, choices, 'en')).toBe('b');
  });

  it('leaves out the problems about shapes a custom field hides while the value’s own problem says what is wrong, never all of them', () => {
    const profile = types.find((t) => t.type === 'profile')!.settingsSchema as RJSFSchema;
    const problem = (property: string, name: string, schemaPath: string) => ({ property, name, schemaPath, message: name, stack: name });
    const tooLong = problem('.heading', 'maxLength', '#/properties/heading/anyOf/0/maxLength');
    const notAnObject = problem('.heading', 'type', '#/properties/heading/anyOf/1/type');
    const noShape = problem('.heading', 'anyOf', '#/properties/heading/anyOf');
    expect(withoutShapeNoise(profile, [tooLong, notAnObject, noShape])).toEqual([tooLong]);
    // A translation too long is deeper than the field: still the value's own problem.
    const translationTooLong = problem('.heading.id', 'maxLength', '#/properties/heading/anyOf/1/properties/id/maxLength');
    expect(withoutShapeNoise(profile, [notAnObject, translationTooLong, noShape])).toEqual([translationTooLong]);
    // Alone, a shape problem stays: a bad value is never silent.
    expect(withoutShapeNoise(profile, [noShape])).toEqual([noShape]);
    // Shapes of settings without a custom field are left as they are.
    const other = problem('.rules.0.all.0.value', 'anyOf', '#/properties/rules/items/properties/all/items/properties/value/anyOf');
    expect(withoutShapeNoise(types.find((t) => t.type === 'condition')!.settingsSchema as RJSFSchema, [other])).toEqual([other]);
  });
});

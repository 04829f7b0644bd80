import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { ENUM_TITLES } from '../../../engine/nodes/schema-texts.js';

/**
 * The form's layout read from the schema itself: a setting whose schema names an `x-field` is drawn by
 * that custom field (in place of rjsf's choice between the schema's shapes), and the rows of a list of
 * objects carry no "Title-1" heading (the row is named by its values; see array-rows.tsx), and an enum's
 * values read as the words its `x-enum-titles` gives them. Derived,
 * so a new step type's settings get the same form without a line here.
 */
export const X_FIELDS: Record<string, string> = {
  'localised-text': 'LocalisedText',
  'profile-question': 'ProfileQuestion',
  'condition-test': 'ConditionTest',
  'required-or-schema': 'RequiredOrSchema',
};

const isSchema = (s: unknown): s is RJSFSchema => typeof s === 'object' && s !== null && !Array.isArray(s);

export function uiSchemaOf(schema: unknown): UiSchema {
  if (!isSchema(schema)) return {};
  const hint = schema['x-field'];
  if (typeof hint === 'string' && X_FIELDS[hint]) return { 'ui:field': X_FIELDS[hint], 'ui:fieldReplacesAnyOrOneOf': true };
  const ui: UiSchema = {};
  // An enum's values in words (the schema says them in the form's language), in the enum's order.
  const titles = schema[ENUM_TITLES] as Record<string, string> | undefined;
  if (Array.isArray(schema.enum) && titles && typeof titles === 'object') ui['ui:enumNames'] = schema.enum.map((v) => titles[String(v)] ?? String(v));
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const inner = uiSchemaOf(property);
    if (Object.keys(inner).length > 0) ui[key] = inner;
  }
  if (isSchema(schema.items)) {
    const items = uiSchemaOf(schema.items);
    if (schema.items.type === 'object') items['ui:options'] = { ...(items['ui:options'] ?? {}), label: false };
    if (Object.keys(items).length > 0) ui.items = items;
  }
  return ui;
}

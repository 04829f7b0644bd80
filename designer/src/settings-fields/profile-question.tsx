import type { FieldProps, RJSFSchema } from '@rjsf/utils';
import { useTexts } from '../console/i18n';
import { uiSchemaOf } from './ui-schema';
import { FORM_TEXTS } from './words';

/**
 * One question of a progressive-profile step. Its schema allows two shapes: an attribute of the
 * identity schema (what every new question is: a picker of the attributes plus "Required"), or a field
 * declared in the step by older journeys. The older shape is shown only on a row that already is one,
 * as its own readable row; it is never offered as a choice.
 */
const isSchema = (s: unknown): s is RJSFSchema => typeof s === 'object' && s !== null && !Array.isArray(s);
export const isOlderField = (value: unknown) => isSchema(value) && 'name' in value;

/** An attribute row without the hints that every row would repeat under each of its controls. */
function compact(shape: RJSFSchema): RJSFSchema {
  const properties = Object.fromEntries(
    Object.entries(shape.properties ?? {}).map(([k, p]) => [k, isSchema(p) ? { ...p, description: undefined } : p]),
  );
  return { ...shape, properties };
}

export function ProfileQuestionField(props: FieldProps) {
  const t = useTexts(FORM_TEXTS);
  const { schema, formData, registry } = props;
  const [attribute, older] = (schema.anyOf ?? []).filter(isSchema);
  const isOlder = isOlderField(formData) && older;
  const shape = (isOlder ? older : attribute && compact(attribute)) ?? {};
  const { SchemaField } = registry.fields;
  // The row is named by the list (its group); an attribute row needs no heading of its own.
  const uiSchema = { ...uiSchemaOf(shape), 'ui:options': { label: Boolean(isOlder) } };
  return (
    <>
      {isOlder && <p className="field-description">{t.olderField}</p>}
      <SchemaField {...props} schema={shape} uiSchema={uiSchema} />
    </>
  );
}

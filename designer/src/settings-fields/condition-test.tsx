import type { FieldProps, FieldPathList, RJSFSchema } from '@rjsf/utils';
import { useTexts } from '../console/i18n';
import { FORM_TEXTS } from './words';

/**
 * One test of a condition step ("field", "test", "value"). The value's schema allows a text, a number,
 * yes/no or a list; rjsf would ask the person to pick one of those shapes ("Value option 1"). Here the
 * test decides the shape instead: "is one of" takes a list, "is more/less than" a number, "has a
 * value" none, the others a text (a value saved as yes/no or a number stays as it is, since the step
 * compares them as text). Changing the test carries the value over to the new shape. What is stored
 * keeps the schema's shapes, so saved journeys stay valid.
 */
const isSchema = (s: unknown): s is RJSFSchema => typeof s === 'object' && s !== null && !Array.isArray(s);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type Shape = 'none' | 'list' | 'number' | 'boolean' | 'text';
const OPERATORS = ['equals', 'not-equals', 'exists', 'not-exists', 'contains', 'in', 'greater-than', 'less-than'] as const;

/** The value's shape for a test (and the value it holds now, which a text test keeps as it is). */
export function valueShapeOf(op: unknown, value: unknown): Shape {
  if (op === 'exists' || op === 'not-exists') return 'none';
  if (op === 'in') return 'list';
  if (op === 'greater-than' || op === 'less-than') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  return 'text';
}

/** The value carried over to the shape a new test takes; undefined when it has none. */
export function valueFor(shape: Shape, value: unknown): unknown {
  const items = Array.isArray(value) ? value.map(String) : value === undefined || value === '' ? [] : [String(value)];
  switch (shape) {
    case 'none':
      return undefined;
    case 'list':
      return items;
    case 'number': {
      const n = Number(items[0]);
      return items.length && Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return value;
    case 'text':
      return items.join(', ') || undefined;
  }
}

/** The one option of the value's `anyOf` a shape stands for, titled like the value itself. */
function valueSchemaOf(valueSchema: RJSFSchema, shape: Shape): RJSFSchema | undefined {
  const type = shape === 'list' ? 'array' : shape === 'text' ? 'string' : shape;
  const option = (valueSchema.anyOf ?? []).filter(isSchema).find((o) => o.type === type);
  return option && { ...option, title: valueSchema.title, description: valueSchema.description };
}

export function ConditionTestField(props: FieldProps) {
  const t = useTexts(FORM_TEXTS);
  const { schema, formData, registry, fieldPathId } = props;
  const test = isRecord(formData) ? formData : {};
  const properties = schema.properties ?? {};
  const valueSchema = isSchema(properties.value) ? properties.value : undefined;
  const shape = valueShapeOf(test.op, test.value);
  const concrete = valueSchema && valueSchemaOf(valueSchema, shape);
  const { value: _value, ...others } = properties;
  void _value;
  const shown: RJSFSchema = { ...schema, properties: concrete ? { ...others, value: concrete } : others };
  const { ObjectField } = registry.fields;
  const operatorNames = [t.opEquals, t.opNotEquals, t.opExists, t.opNotExists, t.opContains, t.opIn, t.opGreaterThan, t.opLessThan];
  const uiSchema = {
    ...props.uiSchema,
    'ui:field': undefined,
    op: { 'ui:enumNames': OPERATORS.map((_, i) => operatorNames[i]!) },
    ...(shape === 'list' ? { value: { 'ui:options': { orderable: false } } } : {}),
  };
  // A new test brings its value along in the shape it takes (each a change at its own path, so a
  // change of another control not drawn yet is never undone).
  const onChange = (value: unknown, path: FieldPathList, ...rest: unknown[]) => {
    (props.onChange as (...a: unknown[]) => void)(value, path, ...rest);
    const isOwnOp = path.length === fieldPathId.path.length + 1 && path[path.length - 1] === 'op';
    if (isOwnOp) props.onChange(valueFor(valueShapeOf(value, test.value), test.value), [...fieldPathId.path, 'value']);
  };
  return <ObjectField {...props} schema={shown} uiSchema={uiSchema} onChange={onChange} />;
}

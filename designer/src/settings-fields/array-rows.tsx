import { createContext, useContext } from 'react';
import {
  getTemplate,
  getUiOptions,
  type ArrayFieldItemButtonsTemplateProps,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
  type RJSFSchema,
} from '@rjsf/utils';
import { fill, useLang, useTexts, type Lang } from '../console/i18n';
import { useChoices, type Choice } from './pickers';
import { FORM_TEXTS, inSentence } from './words';

/**
 * Lists in the settings form (the questions of a profile step, the rules of a condition…): one row per
 * item with its own labelled controls, buttons that name the row they act on ("Remove Last name"), and
 * an "Add …" button named after the item, instead of rjsf's "Title-1" headings and blank icons.
 */

/** The names of the rows of the list being rendered, by index (read by its rows and their buttons). */
const RowNames = createContext<string[]>([]);

type Schema = RJSFSchema;
const isSchema = (s: unknown): s is Schema => typeof s === 'object' && s !== null && !Array.isArray(s);

/** The schema of one item, and the title naming one item if the schema has one. */
function itemSchemaOf(schema: Schema): Schema {
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
function pickerKindsOf(items: Schema): string[] {
  return [pickerOf(items), ...propertiesOf(items).map(([, s]) => pickerOf(s))].filter((k): k is string => !!k);
}

/**
 * What a person calls a row: the thing it picks ("Phone number"), else its first text (a label in the
 * console's language, a name, a value). Undefined when the row has none yet.
 */
export function rowNameOf(item: unknown, items: Schema, choices: Map<string, Choice[]>, lang: Lang): string | undefined {
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
  // Things picked and texts shown to customers say best what a row is; then any other text.
  const preferred = properties.filter(([, s]) => pickerOf(s) || s['x-field'] === 'localised-text');
  for (const [key, schema] of [...preferred, ...properties]) {
    const name = named((item as Record<string, unknown>)[key], schema);
    if (name) return name;
  }
  return undefined;
}

function useRowNames(schema: Schema, formData: unknown): string[] {
  const t = useTexts(FORM_TEXTS);
  const lang = useLang();
  const items = itemSchemaOf(schema);
  const choices = useChoices(pickerKindsOf(items));
  const item = itemTitleOf(schema) ?? schema.title ?? '';
  return (Array.isArray(formData) ? formData : []).map((value, i) => rowNameOf(value, items, choices, lang) ?? fill(t.row, { item, n: i + 1 }).trim());
}

export function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const t = useTexts(FORM_TEXTS);
  const { canAdd, className, disabled, fieldPathId, uiSchema, items, optionalDataControl, onAddClick, readonly, registry, required, schema, title, formData } = props;
  const uiOptions = getUiOptions(uiSchema);
  const ArrayFieldTitleTemplate = getTemplate('ArrayFieldTitleTemplate', registry, uiOptions);
  const ArrayFieldDescriptionTemplate = getTemplate('ArrayFieldDescriptionTemplate', registry, uiOptions);
  const names = useRowNames(schema, formData);
  const listTitle = uiOptions.title || title;
  const itemTitle = itemTitleOf(schema);
  const addText = itemTitle ? fill(t.add, { item: inSentence(itemTitle) }) : fill(t.addTo, { list: listTitle ?? '' });
  return (
    <fieldset className={className} id={fieldPathId.$id}>
      <ArrayFieldTitleTemplate fieldPathId={fieldPathId} title={listTitle} required={required} schema={schema} uiSchema={uiSchema} registry={registry} optionalDataControl={optionalDataControl} />
      <ArrayFieldDescriptionTemplate fieldPathId={fieldPathId} description={uiOptions.description || schema.description} schema={schema} uiSchema={uiSchema} registry={registry} />
      <RowNames.Provider value={names}>
        <div className="array-item-list">{items}</div>
      </RowNames.Provider>
      {canAdd && (
        <button type="button" className="text-button rjsf-array-item-add" onClick={onAddClick} disabled={disabled || readonly}>
          {addText}
        </button>
      )}
    </fieldset>
  );
}

/** One row: a group named after the row, its controls, then its buttons. */
export function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, className, buttonsProps, hasToolbar, index, registry, uiSchema } = props;
  const name = useContext(RowNames)[index];
  const ArrayFieldItemButtonsTemplate = getTemplate('ArrayFieldItemButtonsTemplate', registry, getUiOptions(uiSchema));
  return (
    <div className={className} role="group" aria-label={name}>
      <div>{children}</div>
      {hasToolbar && (
        <div className="array-item-toolbox">
          <div className="btn-group">
            <ArrayFieldItemButtonsTemplate {...buttonsProps} />
          </div>
        </div>
      )}
    </div>
  );
}

/** The row's buttons, each saying what it does to which row ("Move up Phone number"). */
export function ArrayFieldItemButtonsTemplate(props: ArrayFieldItemButtonsTemplateProps) {
  const t = useTexts(FORM_TEXTS);
  const { disabled, readonly, hasCopy, hasMoveDown, hasMoveUp, hasRemove, index, onCopyItem, onMoveDownItem, onMoveUpItem, onRemoveItem } = props;
  const row = useContext(RowNames)[index] ?? '';
  const off = disabled || readonly;
  const button = (text: string, named: string, onClick: (e?: unknown) => void, isDisabled: boolean | undefined) => (
    <button type="button" className="text-button" aria-label={fill(named, { row }).trim()} onClick={onClick} disabled={isDisabled}>
      {text}
    </button>
  );
  return (
    <>
      {(hasMoveUp || hasMoveDown) && button(t.moveUp, t.moveUpRow, onMoveUpItem, off || !hasMoveUp)}
      {(hasMoveUp || hasMoveDown) && button(t.moveDown, t.moveDownRow, onMoveDownItem, off || !hasMoveDown)}
      {hasCopy && button(t.copy, t.copyRow, onCopyItem, off)}
      {hasRemove && button(t.remove, t.removeRow, onRemoveItem, off)}
    </>
  );
}

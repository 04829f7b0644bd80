import { createContext, useContext } from 'react';
import {
  getTemplate,
  getUiOptions,
  type ArrayFieldItemButtonsTemplateProps,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
} from '@rjsf/utils';
import { fill, useLang, useTexts } from '../console/i18n';
import { useChoices } from './pickers';
import { itemSchemaOf, itemTitleOf, pickerKindsOf, rowNameOf, type Schema } from './row-names';
import { FORM_TEXTS, inSentence } from './words';

/**
 * Lists in the settings form (the questions of a profile step, the rules of a condition…): one row per
 * item with its own labelled controls, buttons that name the row they act on ("Remove Last name"), and
 * an "Add …" button named after the item, instead of rjsf's "Title-1" headings and blank icons.
 */

/** The names of the rows of the list being rendered, by index (read by its rows and their buttons). */
const RowNames = createContext<string[]>([]);

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

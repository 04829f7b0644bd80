import { getDefaultRegistry } from '@rjsf/core';
import type { IconButtonProps, RegistryFieldsType, RJSFSchema, RJSFValidationError, TemplatesType, UiSchema, WidgetProps, RegistryWidgetsType } from '@rjsf/utils';
import { useTexts } from './console/i18n';
import { ArrayFieldItemButtonsTemplate, ArrayFieldItemTemplate, ArrayFieldTemplate } from './settings-fields/array-rows';
import { LocalisedTextField } from './settings-fields/localised-text';
import { Picker } from './settings-fields/pickers';
import { ProfileQuestionField } from './settings-fields/profile-question';
import { ConditionTestField } from './settings-fields/condition-test';
import { RequiredOrSchemaField } from './settings-fields/required-or-schema';
import { uiSchemaOf } from './settings-fields/ui-schema';
import { withoutShapeNoise } from './settings-fields/shape-noise';
import { FORM_TEXTS } from './settings-fields/words';
import { FieldErrorTemplate } from './settings-fields/touched';

/**
 * What the settings forms are made of beyond rjsf's defaults, so they read like a form and not like a
 * JSON schema: pickers for things that exist elsewhere (`x-picker`), custom fields chosen by the
 * schema (`x-field`: a text with its translations, a profile question, a condition's test, a
 * required-or-as-the-schema-says choice), lists of named rows, and
 * buttons that say what they do in the console's language.
 */
const defaults = getDefaultRegistry();
const DefaultText = defaults.widgets.TextWidget;

/** Text settings become a picker when their schema names one. */
function TextOrPicker(props: WidgetProps) {
  const kind = (props.schema as Record<string, unknown>)['x-picker'];
  if (typeof kind === 'string') return <Picker {...props} kind={kind} />;
  return <DefaultText {...props} />;
}

export const widgets: RegistryWidgetsType = { TextWidget: TextOrPicker };

export const fields: RegistryFieldsType = {
  LocalisedText: LocalisedTextField,
  ProfileQuestion: ProfileQuestionField,
  ConditionTest: ConditionTestField,
  RequiredOrSchema: RequiredOrSchemaField,
};

/** The form layout of a step type's settings schema (plus the panel's own options). */
export function settingsUiSchema(schema: RJSFSchema): UiSchema {
  return { ...uiSchemaOf(schema), 'ui:submitButtonOptions': { norender: true } };
}

/** The form's problems as a person reads them: in words, without those about shapes a custom field hides. */
export function settingsProblems(schema: RJSFSchema, inWords: (errors: RJSFValidationError[]) => RJSFValidationError[]) {
  return (errors: RJSFValidationError[]) => inWords(withoutShapeNoise(schema, errors));
}

type Word = 'addPlain' | 'remove' | 'moveUp' | 'moveDown' | 'copy';
function TextButton(props: IconButtonProps & { word: Word }) {
  const t = useTexts(FORM_TEXTS);
  const { word, iconType, icon, className, uiSchema, registry, ...rest } = props;
  void iconType;
  void icon;
  void uiSchema;
  void registry;
  return (
    <button type="button" className={`text-button ${className ?? ''}`} {...rest}>
      {t[word]}
    </button>
  );
}

export const templates: Partial<TemplatesType> = {
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  ArrayFieldItemButtonsTemplate,
  FieldErrorTemplate,
  ButtonTemplates: {
    ...defaults.templates.ButtonTemplates,
    AddButton: (p) => <TextButton {...(p as IconButtonProps)} word="addPlain" title={undefined} />,
    RemoveButton: (p) => <TextButton {...p} word="remove" title={undefined} />,
    MoveUpButton: (p) => <TextButton {...p} word="moveUp" title={undefined} />,
    MoveDownButton: (p) => <TextButton {...p} word="moveDown" title={undefined} />,
    CopyButton: (p) => <TextButton {...p} word="copy" title={undefined} />,
  },
};

import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { settingsValidators } from './generated/step-settings/index.js';
import { withoutTexts } from '../../engine/nodes/schema-texts.js';

/**
 * The settings form's validator for a step type, from the validators compiled at build time
 * (scripts/compile-settings-validators.ts): the console's content policy forbids compiling them here.
 * Undefined when this build has none for that schema (a step type or schema newer than the build).
 *
 * They are compiled without the schema's titles and descriptions, which the form shows in the console's
 * language: every schema the form asks about is looked up without its texts, so one validator serves
 * every language.
 */
const made = new Map<string, ValidatorType | undefined>();

export function settingsValidatorFor(type: string, schema: RJSFSchema): ValidatorType | undefined {
  const key = `${type}\n${JSON.stringify(schema)}`;
  if (!made.has(key)) made.set(key, build(type, schema));
  return made.get(key);
}

function build(type: string, schema: RJSFSchema): ValidatorType | undefined {
  const fns = settingsValidators[type];
  if (!fns) return undefined;
  try {
    // Throws when no compiled function matches this schema's hash, i.e. the schema changed since the build.
    return inAnyLanguage(createPrecompiledValidator(fns, withoutTexts(schema)));
  } catch {
    return undefined;
  }
}

/** The validator, given the schemas the form holds (with their texts in some language). */
function inAnyLanguage(validator: ValidatorType): ValidatorType {
  return {
    validateFormData: (formData, schema, customValidate, transformErrors, uiSchema) =>
      validator.validateFormData(formData, withoutTexts(schema), customValidate, transformErrors, uiSchema),
    isValid: (schema, formData, rootSchema) => validator.isValid(withoutTexts(schema), formData, withoutTexts(rootSchema)),
    rawValidation: (schema, formData) => validator.rawValidation(withoutTexts(schema), formData),
    reset: validator.reset && (() => validator.reset!()),
  };
}

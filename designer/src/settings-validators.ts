import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { settingsValidators } from './generated/step-settings/index.js';

/**
 * The settings form's validator for a step type, from the validators compiled at build time
 * (scripts/compile-settings-validators.ts): the console's content policy forbids compiling them here.
 * Undefined when this build has none for that schema (a step type or schema newer than the build).
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
    return createPrecompiledValidator(fns, schema);
  } catch {
    return undefined;
  }
}

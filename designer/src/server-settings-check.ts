import { useEffect, useState } from 'react';
import type { ErrorSchema, ValidatorType } from '@rjsf/utils';
import { api } from './api';
import { useLang } from './console/i18n';

/**
 * The settings form of a step type this console was built without (one added to the server's registry
 * since): no validator was compiled for it, and the console's content policy forbids compiling one here.
 * The form then takes every value as it is typed, and the server checks the settings (the same rules
 * as saving, nothing saved), its words shown under each field as the form's own would be.
 */
export const uncheckedHere: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  // Without a validator, alternatives (anyOf/oneOf) open on their first option.
  isValid: () => true,
  rawValidation: () => ({ errors: [] }),
};

/** Waits this long after the typing stops before asking the server. */
const PAUSE_MS = 300;

/**
 * What the server finds in the settings of a step of `type`, as the form's errors by field (rjsf's
 * `extraErrors`); undefined while `enabled` is false. Problems of the settings as a whole are left to
 * the panel's list of the step's problems, which already says them.
 */
export function useServerSettingsCheck(type: string, settings: Record<string, unknown>, enabled: boolean): ErrorSchema | undefined {
  const [errors, setErrors] = useState<ErrorSchema | undefined>(undefined);
  const key = JSON.stringify(settings);
  const lang = useLang();
  useEffect(() => {
    if (!enabled) return setErrors(undefined);
    let current = true;
    const timer = setTimeout(() => {
      api.checkSettings(type, settings, lang).then(
        (checked) => current && setErrors(errorSchemaOf(checked.invalid)),
        // Not checked (offline, signed out): the save's problems still show in the panel.
        () => current && setErrors(undefined),
      );
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [type, key, enabled, lang]);
  return errors;
}

/** `/settings/fields/0/label` -> `{ fields: { 0: { label: { __errors: [said] } } } }`. */
function errorSchemaOf(problems: Array<{ pointer: string; said: string }>): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const p of problems) {
    const path = p.pointer
      .split('/')
      .slice(2)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!path.length) continue;
    let at = root;
    for (const segment of path) at = (at[segment] ??= {}) as Record<string, unknown>;
    at.__errors = [...((at.__errors as string[] | undefined) ?? []), p.said];
  }
  return root as ErrorSchema;
}

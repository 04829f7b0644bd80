import type { ErrorObject } from 'ajv';
import type { RJSFValidationError } from '@rjsf/utils';
import { describeProblem, problemWords, subjectOf, type Schema } from '../../engine/flow/settings-words.js';

const sentence = (said: string) => `${said.charAt(0).toUpperCase()}${said.slice(1)}.`;

/**
 * The settings form's problems in the words the server's own check uses for the same schema ("Must be
 * at most 50."), shown under the field they are about (its label says which): never ajv's "must be <= 50".
 */
export function settingsErrorsInWords(schema: Schema, lang = 'en') {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      if (!e.name) return e;
      // rjsf names the field in accessor notation (".failures.max"); the words read it as a pointer.
      const pointer = (e.property ?? '').replace(/\./g, '/');
      const message =
        e.name === 'required'
          ? problemWords(lang).required
          : sentence(describeProblem({ keyword: e.name, params: e.params ?? {}, instancePath: pointer, schemaPath: e.schemaPath ?? '' } as ErrorObject, subjectOf(schema, pointer).schema, 'settings', lang));
      return { ...e, message, stack: message };
    });
}

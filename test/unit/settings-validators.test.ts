import { describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import { createAjv } from '../../engine/flow/schema.js';
import { createNodeRegistry } from '../../engine/nodes/index.js';
import { settingsValidators } from '../../designer/src/generated/step-settings/index.js';
import { settingsValidatorFor } from '../../designer/src/settings-validators.js';
import { settingsErrorsInWords } from '../../designer/src/settings-errors.js';
import { stepInLanguage } from '../../engine/nodes/designer-words.js';

/**
 * The designer validates step settings with validators compiled at build time (the console's content
 * policy forbids compiling them in the page). Every registered step type must have one, compiled from
 * its current schema, judging as the server does — so a new or changed step cannot slip past.
 * (`npm run build:designer` regenerates them: a failure here after editing a schema means run it.)
 */
describe('precompiled step settings validators', () => {
  const registry = createNodeRegistry();
  const types = registry.list();

  it('exist for exactly the registered step types', () => {
    expect(Object.keys(settingsValidators).sort()).toEqual(types.map((t) => t.type).sort());
  });

  it.each(types.map((t) => [t.type, t] as const))('%s: compiled from its current schema and judging its settings as the server does', (_type, t) => {
    const schema = t.settingsSchema as RJSFSchema;
    const validator = settingsValidatorFor(t.type, schema);
    expect(validator, `no precompiled validator matches the current schema of "${t.type}"`).toBeDefined();
    // The server's verdict on the schema (NodeRegistry.validateSettings checks it with this ajv first).
    const serverAccepts = createAjv().compile(t.settingsSchema);
    for (const settings of [t.defaultSettings, {}, { surelyNotASetting: 1 }]) {
      const errors = validator!.validateFormData(settings, schema).errors;
      expect(errors.length === 0, `${t.type} with ${JSON.stringify(settings)}: ${JSON.stringify(errors)}`).toBe(serverAccepts(settings));
    }
  });

  it.each(types.map((t) => [t.type, t] as const))('%s: the form in Bahasa Indonesia (its titles translated) judges as the English one', (_type, t) => {
    const english = t.settingsSchema as RJSFSchema;
    const indonesian = stepInLanguage(t, 'id').settingsSchema as RJSFSchema;
    const validator = settingsValidatorFor(t.type, indonesian);
    expect(validator, `no precompiled validator for the Indonesian form of "${t.type}"`).toBeDefined();
    for (const settings of [t.defaultSettings, {}, { surelyNotASetting: 1 }]) {
      const said = (schema: RJSFSchema) => settingsValidatorFor(t.type, schema)!.validateFormData(settings, schema).errors.map((e) => [e.property, e.name]);
      expect(said(indonesian), `${t.type} with ${JSON.stringify(settings)}`).toEqual(said(english));
    }
  });

  it('names a number out of range at its field', () => {
    const password = registry.get('password')!;
    const schema = password.settingsSchema as RJSFSchema;
    const { errors } = settingsValidatorFor('password', schema)!.validateFormData({ maxAttempts: 500, lockMinutes: 15 }, schema);
    expect(errors.map((e) => [e.property, e.message])).toEqual([['.maxAttempts', 'must be <= 50']]);
  });

  it("says the form's problems in the server's words, under their field", () => {
    const register = registry.get('register')!;
    const settings = structuredClone(register.defaultSettings) as { policy: Record<string, unknown> };
    delete settings.policy.minLength;
    const password = registry.get('password')!;
    const inWords = (type: typeof register, data: unknown) => {
      const s = type.settingsSchema as RJSFSchema;
      const { errors } = settingsValidatorFor(type.type, s)!.validateFormData(data, s);
      return settingsErrorsInWords(s as Record<string, unknown>)(errors).map((e) => [e.property, e.message]);
    };
    expect(inWords(password, { maxAttempts: 500, lockMinutes: 15 })).toEqual([['.maxAttempts', 'Must be at most 50.']]);
    expect(inWords(password, { maxAttempts: 2.5, lockMinutes: 15 })).toEqual([['.maxAttempts', 'Must be a whole number.']]);
    expect(inWords(register, settings)).toEqual([['.policy.minLength', 'Required.']]);
  });

  it("says the form's problems in Bahasa Indonesia for a console in Bahasa Indonesia, by the fields' Indonesian titles", () => {
    const inWords = (type: string, data: unknown) => {
      const schema = stepInLanguage(registry.get(type)!, 'id').settingsSchema as RJSFSchema;
      const { errors } = settingsValidatorFor(type, schema)!.validateFormData(data, schema);
      return settingsErrorsInWords(schema as Record<string, unknown>, 'id')(errors).map((e) => [e.property, e.message]);
    };
    expect(inWords('password', { maxAttempts: 500, lockMinutes: 15 })).toEqual([['.maxAttempts', 'Harus paling banyak 50.']]);
    expect(inWords('password', { maxAttempts: 2.5, lockMinutes: 15 })).toEqual([['.maxAttempts', 'Harus berupa bilangan bulat.']]);
    const settings = structuredClone(registry.get('register')!.defaultSettings) as { policy: Record<string, unknown> };
    delete settings.policy.minLength;
    expect(inWords('register', settings)).toEqual([['.policy.minLength', 'Wajib diisi.']]);
  });

  it('has none for a schema it was not compiled from, rather than judging by another', () => {
    const password = registry.get('password')!;
    const changed = { ...password.settingsSchema, required: ['maxAttempts'] } as RJSFSchema;
    expect(settingsValidatorFor('password', changed)).toBeUndefined();
    expect(settingsValidatorFor('no-such-step', password.settingsSchema as RJSFSchema)).toBeUndefined();
  });
});

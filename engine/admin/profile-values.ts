import { checkAttribute } from '../identity/attributes.js';
import { fieldOf, type SchemaAttribute } from '../identity/schema.js';
import type { Translator } from '../hosted/i18n.js';
import type { Language, Words } from '../languages.js';

export type ProfileValuesCheck = { ok: true; values: Record<string, unknown> } | { ok: false; field: string; message: string; words: Words };

/**
 * Profile values an administrator gives (the user page, a person added, a line of an import),
 * checked against the identity schema's rules: only its attributes, each by its type and rules; an
 * empty value means none (null). Required attributes are not enforced here: the journey's profile
 * step asks the person for what is missing.
 */
export function checkProfileValues(schema: readonly SchemaAttribute[], raw: Readonly<Record<string, string>>, translate: Translator): ProfileValuesCheck {
  const unknown = Object.keys(raw).find((key) => !schema.some((a) => a.key === key));
  if (unknown) {
    const words = { en: `${unknown} is not an attribute of the identity schema`, id: `${unknown} bukan atribut skema identitas` };
    return { ok: false, field: unknown, message: words.en, words };
  }
  const values: Record<string, unknown> = {};
  for (const field of schema.filter((a) => a.key in raw).map((a) => fieldOf(a, false))) {
    const value = raw[field.name];
    const checked = value.trim() === '' ? { ok: true as const, value: null } : checkAttribute({ ...field, required: false }, value);
    if (!checked.ok) {
      const label = (lang: Language) => (typeof field.label === 'string' ? field.label : (field.label[lang] ?? field.label.en));
      const said = (lang: Language) => `${label(lang)}: ${translate(lang, checked.key, checked.vars)}`;
      const words = { en: said('en'), id: said('id') };
      return { ok: false, field: field.name, message: words.en, words };
    }
    values[field.name] = checked.value ?? null;
  }
  return { ok: true, values };
}

import type { FieldType, NodeContext, NodeType } from './types.js';
import { patternProblem } from '../identity/patterns.js';
import {
  attributeFieldSchema,
  checkAttribute,
  hasAttribute,
  localisedTextSchema,
  type AttributeField,
} from '../identity/attributes.js';

interface ProfileSettings {
  heading?: string | Record<string, string>;
  fields: AttributeField[];
}

const inputType: Record<AttributeField['type'], FieldType> = {
  text: 'text',
  email: 'email',
  tel: 'tel',
  date: 'date',
  number: 'number',
  url: 'url',
  select: 'select',
  checkbox: 'checkbox',
};

/** The configured fields this user has no value for yet: progressive profiling asks only these. */
function missingFields(ctx: NodeContext<ProfileSettings>): AttributeField[] {
  const attributes = ctx.user?.attributes ?? {};
  return ctx.settings.fields.filter((f) => !hasAttribute(attributes, f.name));
}

/** Progressive profiling: asks the signed-in user for the configured attributes they do not have yet. */
export const profileNode: NodeType<ProfileSettings> = {
  type: 'profile',
  title: 'Progressive profile',
  description: 'Asks for profile fields the user has not given yet (for example name or phone). Optional fields can be skipped.',
  icon: 'Aa',
  requires: ['user'],
  category: 'profile',
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['fields'],
    properties: {
      heading: { ...localisedTextSchema, title: 'Page heading' },
      fields: { type: 'array', title: 'Fields to ask', minItems: 1, maxItems: 30, items: attributeFieldSchema },
    },
  },
  defaultSettings: {
    fields: [
      { name: 'given_name', label: { en: 'First name', id: 'Nama depan' }, type: 'text', required: true },
      { name: 'family_name', label: { en: 'Last name', id: 'Nama belakang' }, type: 'text', required: false },
    ],
  },
  outcomes: () => [{ name: 'done', label: 'Done', automatic: true }],
  collects: (s) => s.fields.map((f) => f.name),
  check: (s) => {
    const names = s.fields.map((f) => f.name);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    const problems = dupes.map((n) => `the field "${n}" is asked twice`);
    for (const f of s.fields) {
      if (f.type === 'select' && !f.options?.length) problems.push(`the list field "${f.name}" has no choices`);
      const patternIssue = f.pattern ? patternProblem(f.pattern) : null;
      if (patternIssue) problems.push(`the pattern of "${f.name}" cannot be used (${patternIssue})`);
    }
    return problems;
  },
  messages: {
    en: {
      'profile.title': 'Tell us a little about yourself',
      'profile.save': 'Continue',
      'profile.skip': 'Skip for now',
      'profile.optional': 'Optional',
    },
    id: {
      'profile.title': 'Ceritakan sedikit tentang Anda',
      'profile.save': 'Lanjutkan',
      'profile.skip': 'Lewati dulu',
      'profile.optional': 'Opsional',
    },
  },
  auto: async (ctx) => {
    return missingFields(ctx).length === 0 ? { outcome: 'done' } : null;
  },
  render: (ctx) => {
    const missing = missingFields(ctx);
    const anyRequired = missing.some((f) => f.required);
    return {
      title: ctx.text(ctx.settings.heading, ctx.t('profile.title')),
      fields: missing.map((f) => ({
        name: f.name,
        label: ctx.text(f.label, f.name),
        type: inputType[f.type],
        required: Boolean(f.required),
        hint: f.required ? undefined : ctx.t('profile.optional'),
        options: f.options?.map((o) => ({ value: o.value, label: ctx.text(o.label, o.value) })),
      })),
      actions: [
        { value: 'save', label: ctx.t('profile.save') },
        ...(anyRequired ? [] : [{ value: 'skip', label: ctx.t('profile.skip'), kind: 'secondary' as const, formNoValidate: true }]),
      ],
    };
  },
  submit: async (ctx, input) => {
    const missing = missingFields(ctx);
    if (input.action === 'skip' && !missing.some((f) => f.required)) return { outcome: 'done' };
    const values: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    for (const field of missing) {
      const checked = checkAttribute(field, input[field.name]);
      if (!checked.ok) errors[field.name] = ctx.t(checked.key, checked.vars);
      else if (checked.value !== undefined) values[field.name] = checked.value;
    }
    if (Object.keys(errors).length) return { invalid: { fields: errors } };
    if (Object.keys(values).length) await ctx.services.store.users.updateAttributes(ctx.user!.id, values);
    return { outcome: 'done' };
  },
};

/**
 * Typed profile attributes: how a designer declares a field a flow may ask for, and how a typed-in
 * value is checked and normalised before it is stored. Shared by the profile step and /account.
 */
import { LANGUAGES } from '../languages.js';
import { matchesPattern } from './patterns.js';

export type AttributeType = 'text' | 'email' | 'tel' | 'date' | 'number' | 'url' | 'select' | 'checkbox';

export interface AttributeField {
  /** The attribute key in the user's profile, e.g. `given_name`, `phone_number`. */
  name: string;
  label: string | Record<string, string>;
  type: AttributeType;
  required?: boolean;
  options?: Array<{ value: string; label: string | Record<string, string> }>;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  /** For text: a regular expression the whole value must match. */
  pattern?: string;
  /** For dates: only days before today. */
  past?: boolean;
  /** For dates of birth: the person is at least this many years old today. */
  minimumAge?: number;
}

// `x-field` tells the designer to draw it as one text with its translations (no validation meaning).
const localisedText = {
  'x-field': 'localised-text',
  anyOf: [
    { title: 'Same text in every language', type: 'string', minLength: 1, maxLength: 200 },
    {
      title: 'A text per language',
      type: 'object',
      properties: Object.fromEntries(LANGUAGES.map((l) => [l.code, { type: 'string', title: l.name, maxLength: 200 }])),
      additionalProperties: { type: 'string', maxLength: 200 },
      minProperties: 1,
    },
  ],
};

export const localisedTextSchema = localisedText;

export const attributeFieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'label', 'type'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-zA-Z0-9_]{0,63}$', title: 'Profile attribute', description: 'e.g. given_name, phone_number' },
    label: { ...localisedText, title: 'Label shown to the user' },
    type: {
      type: 'string',
      enum: ['text', 'email', 'tel', 'date', 'number', 'url', 'select', 'checkbox'],
      title: 'Kind of answer',
      // What the settings form shows for each value (the values are what the journey stores).
      'x-enum-titles': {
        text: 'Text',
        email: 'Email address',
        tel: 'Phone number',
        date: 'Date',
        number: 'Number',
        url: 'Web address',
        select: 'A choice from a list',
        checkbox: 'Yes or no (a tick box)',
      },
    },
    required: { type: 'boolean', title: 'Required', default: false },
    options: {
      type: 'array',
      title: 'Choices (for a list)',
      items: {
        type: 'object',
        title: 'Choice',
        additionalProperties: false,
        required: ['value', 'label'],
        properties: { value: { type: 'string', minLength: 1, maxLength: 100, title: 'Value stored' }, label: { ...localisedText, title: 'Label shown' } },
      },
    },
    minLength: { type: 'integer', minimum: 0, maximum: 1000, title: 'Shortest answer' },
    maxLength: { type: 'integer', minimum: 1, maximum: 1000, title: 'Longest answer' },
    min: { type: 'number', title: 'Smallest number' },
    max: { type: 'number', title: 'Largest number' },
    pattern: { type: 'string', maxLength: 200, title: 'Pattern (regular expression)', description: 'The whole answer must match (RE2 syntax: no look-around or back-references).' },
  },
} as const;

/** Result of checking one typed-in value: the value to store, or an i18n error key. */
export type FieldCheck = { ok: true; value: unknown } | { ok: false; key: string; vars?: Record<string, string | number> };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEL = /^\+?[0-9][0-9 ().-]{5,24}$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** Whole years from the day `born` (YYYY-MM-DD) to `today` (UTC). */
export function yearsSince(born: string, today: Date): number {
  const [y, m, d] = born.split('-').map(Number);
  const years = today.getUTCFullYear() - y;
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  return beforeBirthday ? years - 1 : years;
}

/**
 * Checks a raw form value against its field declaration. Empty optional values yield `undefined`.
 * `today` decides what "in the past" and an age mean (the run's clock).
 */
export function checkAttribute(field: AttributeField, raw: string | undefined, today: Date = new Date()): FieldCheck {
  const value = (raw ?? '').trim();
  if (field.type === 'checkbox') {
    if (field.required && value !== 'on' && value !== 'true') return { ok: false, key: 'field.required' };
    return { ok: true, value: value === 'on' || value === 'true' };
  }
  if (value === '') return field.required ? { ok: false, key: 'field.required' } : { ok: true, value: undefined };
  const maxLength = field.maxLength ?? 500;
  if (value.length > maxLength) return { ok: false, key: 'field.tooLong', vars: { n: maxLength } };
  if (field.minLength && value.length < field.minLength) return { ok: false, key: 'field.tooShort', vars: { n: field.minLength } };
  switch (field.type) {
    case 'email':
      return isEmail(value) ? { ok: true, value: value.toLowerCase() } : { ok: false, key: 'field.email' };
    case 'tel':
      return TEL.test(value) ? { ok: true, value: value.replace(/[ ().-]/g, '') } : { ok: false, key: 'field.tel' };
    case 'date': {
      const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      const date = d ? new Date(Date.UTC(+d[1], +d[2] - 1, +d[3])) : null;
      if (!date || date.toISOString().slice(0, 10) !== value) return { ok: false, key: 'field.date' };
      if ((field.past || field.minimumAge != null) && value >= today.toISOString().slice(0, 10)) return { ok: false, key: 'field.past' };
      if (field.minimumAge != null && yearsSince(value, today) < field.minimumAge) return { ok: false, key: 'field.minimumAge', vars: { n: field.minimumAge } };
      return { ok: true, value };
    }
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n)) return { ok: false, key: 'field.number' };
      if (field.min != null && n < field.min) return { ok: false, key: 'field.min', vars: { n: field.min } };
      if (field.max != null && n > field.max) return { ok: false, key: 'field.max', vars: { n: field.max } };
      return { ok: true, value: n };
    }
    case 'url':
      try {
        const u = new URL(value);
        if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
        return { ok: true, value: u.toString() };
      } catch {
        return { ok: false, key: 'field.url' };
      }
    case 'select':
      return field.options?.some((o) => o.value === value) ? { ok: true, value } : { ok: false, key: 'field.choice' };
    case 'text':
    default:
      if (field.pattern && !matchesPattern(field.pattern, value)) return { ok: false, key: 'field.pattern' };
      return { ok: true, value };
  }
}

/** Whether a profile already has a usable value for the attribute. */
export function hasAttribute(attributes: Record<string, unknown>, name: string): boolean {
  const v = attributes[name];
  return v !== undefined && v !== null && v !== '';
}

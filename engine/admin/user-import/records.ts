import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../flow/schema.js';
import { describeInputErrors } from '../../http/input-words.js';
import { ATTRIBUTE_KEY_PATTERN } from '../../identity/schema.js';
import { LANGUAGE_CODES, type Language, type Words } from '../../languages.js';

/** What an upload may hold: 1 MB (Auth0's bulk import takes 500 KB per file), at most 10,000 people. */
export const IMPORT_LIMIT_BYTES = 1024 * 1024;
export const IMPORT_MAX_RECORDS = 10_000;

/** One person to import, as a line of the upload says it. */
export interface ImportRecord {
  email: string;
  emailVerified?: boolean;
  /** Attributes of the identity schema, as text (checked by its rules). */
  attributes?: Record<string, string>;
  /** The password hash from the earlier system (argon2, bcrypt, PBKDF2-SHA256 or scrypt). */
  passwordHash?: string;
  /** The language the person used there: Gerbang's mails and pages speak it until they choose another. */
  language?: Language;
}

export const IMPORT_RECORD_SCHEMA = {
  type: 'object',
  title: 'Person',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', title: 'Email address', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', examples: ['ayu@example.com'] },
    emailVerified: { type: 'boolean', title: 'Email verified', description: 'whether the earlier system verified the address (false when absent)' },
    attributes: {
      type: 'object',
      title: 'Profile',
      propertyNames: { type: 'string', pattern: ATTRIBUTE_KEY_PATTERN },
      additionalProperties: { type: 'string', maxLength: 2000 },
    },
    language: { type: 'string', title: 'Language', enum: LANGUAGE_CODES, description: 'the language the person used in the earlier system; the mails Gerbang sends them speak it (unknown when absent: the language of their first page)' },
    passwordHash: { type: 'string', title: 'Password hash', minLength: 10, maxLength: 512, description: 'argon2 ($argon2id$…, $argon2i$…), bcrypt ($2a$/$2b$/$2y$…), PBKDF2-SHA256 ($pbkdf2-sha256$i=…$salt$hash) or scrypt ($scrypt$ln=…,r=…,p=…$salt$hash)' },
  },
} as const;

const checkRecord: ValidateFunction = createAjv().compile(IMPORT_RECORD_SCHEMA);
const NOT_A_PERSON: Words = { en: 'This line is not a person of the expected shape.', id: 'Baris ini bukan data orang dengan bentuk yang diharapkan.' };

/** A line of the upload: the person it holds, or why it was refused (the field as a dotted path), in every language. */
export type UploadLine = { line: number; record: ImportRecord } | { line: number; field: string | null; reason: Words; email?: string };

/** Why the upload as a whole cannot be read: its words and the refusal's code (`too_large`: split it, a 413). */
export interface UploadProblem {
  problem: Words;
  error: 'empty_upload' | 'invalid_upload' | 'too_large';
}

/**
 * The upload's people, each with its line: JSON lines (one JSON object per line, blank lines ignored)
 * or one JSON array (a record's "line" is then its position in the array). Each record is checked by
 * ajv against the record schema; a line that is no JSON, or not a valid record, is refused by itself.
 */
export function readUpload(text: string): UploadLine[] | UploadProblem {
  const trimmed = text.trim();
  if (!trimmed) return { error: 'empty_upload', problem: { en: 'The upload is empty: give one JSON object per line, or a JSON array of them.', id: 'Unggahan ini kosong: berikan satu objek JSON per baris, atau satu larik JSON berisi objek-objek itu.' } };
  let items: Array<{ line: number; value?: unknown; unreadable?: true }>;
  if (trimmed.startsWith('[')) {
    let array: unknown;
    try {
      array = JSON.parse(trimmed);
    } catch {
      return { error: 'invalid_upload', problem: { en: 'The upload starts like a JSON array but is not valid JSON.', id: 'Unggahan ini diawali seperti larik JSON, tetapi bukan JSON yang valid.' } };
    }
    if (!Array.isArray(array)) return { error: 'invalid_upload', problem: { en: 'The upload is not a JSON array.', id: 'Unggahan ini bukan larik JSON.' } };
    items = array.map((value, i) => ({ line: i + 1, value }));
  } else {
    items = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      if (!raw.trim()) return;
      try {
        items.push({ line: i + 1, value: JSON.parse(raw) });
      } catch {
        items.push({ line: i + 1, unreadable: true });
      }
    });
  }
  if (items.length > IMPORT_MAX_RECORDS) {
    const [count, max] = [(lang: Language) => items.length.toLocaleString(lang), (lang: Language) => IMPORT_MAX_RECORDS.toLocaleString(lang)];
    const problem = { en: `The upload holds ${count('en')} people; at most ${max('en')} at a time: split it.`, id: `Unggahan ini berisi ${count('id')} orang; paling banyak ${max('id')} sekaligus: pecahlah menjadi beberapa berkas.` };
    return { error: 'too_large', problem };
  }
  return items.map(({ line, value, unreadable }): UploadLine => {
    if (unreadable) return { line, field: null, reason: { en: 'This line is not valid JSON.', id: 'Baris ini bukan JSON yang valid.' } };
    if (checkRecord(value)) return { line, record: value as unknown as ImportRecord };
    const said = (lang: Language) => describeInputErrors('body', checkRecord.errors, IMPORT_RECORD_SCHEMA as unknown as Record<string, unknown>, value, lang)[0];
    const first = said('en');
    const field = first?.pointer ? first.pointer.slice(1).split('/').join('.') : null;
    const email = typeof (value as { email?: unknown } | null)?.email === 'string' ? String((value as { email: string }).email).slice(0, 254) : undefined;
    const reason = first ? (Object.fromEntries(LANGUAGE_CODES.map((lang) => [lang, said(lang)!.message])) as Words) : NOT_A_PERSON;
    return { line, field, reason, ...(email ? { email } : {}) };
  });
}

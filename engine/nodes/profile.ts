import type { Said } from '../flow/said.js';
import type { FieldType, NodeContext, NodeType } from './types.js';
import type { Reference } from '../flow/steps.js';
import { patternProblem } from '../identity/patterns.js';
import {
  attributeFieldSchema,
  checkAttribute,
  hasAttribute,
  localisedTextSchema,
  type AttributeField,
} from '../identity/attributes.js';
import { fieldOf, loadSchema, ATTRIBUTE_KEY_PATTERN } from '../identity/schema.js';

/** One attribute of the identity schema to ask for; `required` overrides the schema's default. */
interface AskedAttribute {
  attribute: string;
  required?: boolean;
}

/** Journeys written before the identity schema declared their fields inline. */
type LegacyField = AttributeField;
import { domainEvents } from '../outbox/domain-events.js';
import { LOCALISED_TEXT_WORDS } from './designer-words.js';

interface ProfileSettings {
  heading?: string | Record<string, string>;
  fields: Array<AskedAttribute | LegacyField>;
  /** At most this many questions on one sign-in; the rest wait for the next one. */
  askAtMost?: number;
  /** A skipped optional attribute is not asked again for this many days (0: asked every time). */
  skipDays?: number;
  /** Ask only for attributes released under a scope the app asked for. */
  onlyRequestedScopes?: boolean;
}

const DEFAULT_SKIP_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

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

const isLegacy = (f: AskedAttribute | LegacyField): f is LegacyField => 'name' in f;
const keyOf = (f: AskedAttribute | LegacyField) => (isLegacy(f) ? f.name : f.attribute);

/** The counter that remembers a skipped optional attribute (it expires after the configured days). */
const skipKey = (userId: string, attribute: string) => `profile-skipped:${userId}:${attribute}`;

/**
 * The questions of this sign-in, in the order the step lists them: the configured attributes the
 * person has no value for, minus optional ones skipped recently and (if so configured) ones the app
 * did not ask for. When `askAtMost` caps them, required ones are kept before optional ones (a
 * required question never waits for a later sign-in behind an optional one); the page still asks
 * the kept ones in the step's order.
 */
async function questions(ctx: NodeContext<ProfileSettings>): Promise<AttributeField[]> {
  const s = ctx.settings;
  const attributes = ctx.user?.attributes ?? {};
  if (s.fields.every((f) => hasAttribute(attributes, keyOf(f)))) return [];
  const schema = new Map((await loadSchema(ctx.services.store)).map((a) => [a.key, a]));
  const scopes = new Set(Array.isArray(ctx.state.request.scopes) ? ctx.state.request.scopes.map(String) : []);
  const now = ctx.services.clock.now();
  const asked: AttributeField[] = [];
  for (const f of s.fields) {
    if (hasAttribute(attributes, keyOf(f))) continue;
    if (isLegacy(f)) {
      asked.push(f);
      continue;
    }
    const declared = schema.get(f.attribute);
    if (!declared) continue; // removed from the schema since publication: nothing to ask
    if (s.onlyRequestedScopes && !(declared.scope && scopes.has(declared.scope))) continue;
    const field = fieldOf(declared, f.required ?? declared.required);
    if (!field.required && ctx.user && (await ctx.services.store.counters.current(skipKey(ctx.user.id, field.name), now)) > 0) continue;
    asked.push(field);
  }
  if (!s.askAtMost || asked.length <= s.askAtMost) return asked;
  const kept = new Set([...asked.filter((f) => f.required), ...asked.filter((f) => !f.required)].slice(0, s.askAtMost));
  return asked.filter((f) => kept.has(f));
}

const askedAttributeSchema = {
  type: 'object',
  title: 'Attribute to ask',
  additionalProperties: false,
  required: ['attribute'],
  properties: {
    attribute: { type: 'string', pattern: ATTRIBUTE_KEY_PATTERN, title: 'Attribute', description: 'From the identity schema.', 'x-picker': 'attribute' },
    // `x-field`: a choice of three in the designer (as the schema says / required / optional): a checkbox cannot go back to unset.
    required: { type: 'boolean', title: 'Required', description: 'Leave unset to follow the identity schema.', 'x-field': 'required-or-schema' },
  },
};

/** Progressive profiling: asks the signed-in person for attributes of the identity schema they have not given yet. */
export const profileNode: NodeType<ProfileSettings> = {
  type: 'profile',
  title: 'Progressive profile',
  description: 'Asks for profile attributes the person has not given yet (for example a phone number or a date of birth). Optional ones can be skipped.',
  icon: 'Aa',
  requires: ['user'],
  category: 'profile',
  words: {
    id: {
      title: 'Profil bertahap',
      description: 'Meminta atribut profil yang belum diberikan orang itu (misalnya nomor telepon atau tanggal lahir). Atribut opsional boleh dilewati.',
      outcomes: {
        done: 'Selesai',
      },
      settings: {
        ...LOCALISED_TEXT_WORDS.id,
        'Page heading': 'Judul halaman',
        'Left empty, the page says “Tell us a little about yourself”.': 'Bila dikosongkan, halaman menampilkan “Ceritakan sedikit tentang Anda”.',
        'Attributes to ask': 'Atribut yang ditanyakan',
        'Attribute to ask': 'Atribut yang akan ditanyakan',
        Attribute: 'Atribut',
        'From the identity schema.': 'Dari skema identitas.',
        Required: 'Wajib',
        'Leave unset to follow the identity schema.': 'Biarkan kosong untuk mengikuti skema identitas.',
        'Profile attribute': 'Atribut profil',
        'e.g. given_name, phone_number': 'mis. given_name, phone_number',
        'Label shown to the user': 'Label yang ditampilkan kepada pengguna',
        'Kind of answer': 'Jenis jawaban',
        Text: 'Teks',
        'Email address': 'Alamat email',
        'Phone number': 'Nomor telepon',
        Date: 'Tanggal',
        Number: 'Angka',
        'Web address': 'Alamat web',
        'A choice from a list': 'Pilihan dari daftar',
        'Yes or no (a tick box)': 'Ya atau tidak (kotak centang)',
        'Choices (for a list)': 'Pilihan (untuk daftar)',
        Choice: 'Pilihan',
        'Value stored': 'Nilai yang disimpan',
        'Label shown': 'Label yang ditampilkan',
        'Shortest answer': 'Panjang jawaban minimum',
        'Longest answer': 'Panjang jawaban maksimum',
        'Smallest number': 'Angka terkecil',
        'Largest number': 'Angka terbesar',
        'Pattern (regular expression)': 'Pola (ekspresi reguler)',
        'The whole answer must match (RE2 syntax: no look-around or back-references).': 'Seluruh jawaban harus cocok (sintaks RE2: tanpa look-around atau back-reference).',
        'Field declared in the step (older journeys)': 'Isian yang dinyatakan di langkah (perjalanan lama)',
        'Questions per sign-in at most': 'Paling banyak pertanyaan per proses masuk',
        'The rest are asked at the next sign-in.': 'Sisanya ditanyakan saat masuk berikutnya.',
        'Days before asking a skipped question again': 'Hari sebelum pertanyaan yang dilewati ditanyakan lagi',
        'Only what the app asks for': 'Hanya yang diminta aplikasi',
        'Ask only for attributes released under a scope the app requested.': 'Tanyakan hanya atribut yang diberikan dalam cakupan (scope) yang diminta aplikasi.',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['fields'],
    properties: {
      heading: { ...localisedTextSchema, title: 'Page heading', description: 'Left empty, the page says “Tell us a little about yourself”.' },
      fields: {
        type: 'array',
        title: 'Attributes to ask',
        minItems: 1,
        maxItems: 30,
        // `x-field`: the designer offers the attribute shape to new rows and shows the older one only where a journey has it.
        items: { 'x-field': 'profile-question', anyOf: [askedAttributeSchema, { ...attributeFieldSchema, title: 'Field declared in the step (older journeys)' }] },
      },
      askAtMost: { type: 'integer', minimum: 1, maximum: 30, title: 'Questions per sign-in at most', description: 'The rest are asked at the next sign-in.' },
      skipDays: { type: 'integer', minimum: 0, maximum: 3650, title: 'Days before asking a skipped question again', default: DEFAULT_SKIP_DAYS },
      onlyRequestedScopes: { type: 'boolean', title: 'Only what the app asks for', description: 'Ask only for attributes released under a scope the app requested.' },
    },
  },
  defaultSettings: {
    fields: [{ attribute: 'given_name', required: true }, { attribute: 'family_name' }],
  },
  outcomes: () => [{ name: 'done', label: 'Done', automatic: true }],
  collects: (s) => s.fields.filter(isLegacy).map((f) => f.name),
  references: (s): Reference[] => s.fields.filter((f) => !isLegacy(f)).map((f) => ({ kind: 'attribute', id: keyOf(f) })),
  check: (s) => {
    const names = s.fields.map(keyOf);
    const dupes = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    const problems: Said[] = dupes.map((n) => ({ en: `the attribute "${n}" is asked twice`, id: `atribut "${n}" ditanyakan dua kali` }));
    for (const f of s.fields.filter(isLegacy)) {
      if (f.type === 'select' && !f.options?.length) problems.push({ en: `the list field "${f.name}" has no choices`, id: `kolom daftar "${f.name}" tidak memiliki pilihan` });
      // The pattern engine's own explanation is technical and stays as it says it.
      const patternIssue = f.pattern ? patternProblem(f.pattern) : null;
      if (patternIssue) problems.push({ en: `the pattern of "${f.name}" cannot be used (${patternIssue})`, id: `pola "${f.name}" tidak dapat digunakan (${patternIssue})` });
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
    return (await questions(ctx)).length === 0 ? { outcome: 'done' } : null;
  },
  render: async (ctx) => {
    const asked = await questions(ctx);
    const anyRequired = asked.some((f) => f.required);
    const today = ctx.services.clock.now().toISOString().slice(0, 10);
    return {
      title: ctx.text(ctx.settings.heading, ctx.t('profile.title')),
      fields: asked.map((f) => ({
        name: f.name,
        label: ctx.text(f.label, f.name),
        type: inputType[f.type],
        required: Boolean(f.required),
        hint: f.required ? undefined : ctx.t('profile.optional'),
        options: f.options?.map((o) => ({ value: o.value, label: ctx.text(o.label, o.value) })),
        ...(f.type === 'date' && (f.past || f.minimumAge != null) ? { max: today } : {}),
      })),
      actions: [
        { value: 'save', label: ctx.t('profile.save') },
        ...(anyRequired ? [] : [{ value: 'skip', label: ctx.t('profile.skip'), kind: 'secondary' as const, formNoValidate: true }]),
      ],
    };
  },
  submit: async (ctx, input) => {
    const asked = await questions(ctx);
    const skipping = input.action === 'skip';
    if (skipping && asked.some((f) => f.required)) return { invalid: { form: ctx.t('field.required') } };
    const values: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    const now = ctx.services.clock.now();
    for (const field of skipping ? [] : asked) {
      const checked = checkAttribute(field, input[field.name], now);
      if (!checked.ok) errors[field.name] = ctx.t(checked.key, checked.vars);
      else if (checked.value !== undefined) values[field.name] = checked.value;
    }
    if (Object.keys(errors).length) return { invalid: { fields: errors } };
    if (Object.keys(values).length) await ctx.services.store.users.updateAttributes(ctx.user!.id, values, domainEvents.profileUpdated(Object.keys(values), ctx.services.clock.now()));
    // Optional questions left unanswered are not asked again for a while.
    const skipDays = ctx.settings.skipDays ?? DEFAULT_SKIP_DAYS;
    if (skipDays > 0) {
      for (const field of asked.filter((f) => !f.required && !(f.name in values))) {
        await ctx.services.store.counters.increment(skipKey(ctx.user!.id, field.name), new Date(now.getTime() + skipDays * DAY_MS), now);
      }
    }
    return { outcome: 'done' };
  },
};

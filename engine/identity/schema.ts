/**
 * The identity schema: the attributes an organisation keeps about its customers, declared once.
 * The profile step asks for them, /account shows and edits the editable ones, tokens release the
 * ones mapped to a claim under the scope an app asked for. The standard OpenID Connect claims ship
 * as definitions here; the store holds the organisation's own attributes and its changes to the
 * standard ones (deleting a changed standard attribute restores it).
 */
import type { SettingDoc, Store } from '../store/port.js';
import { LANGUAGES, type Language } from '../languages.js';
import { patternProblem } from './patterns.js';
import type { AttributeField } from './attributes.js';

/** The kinds of answer an attribute holds (they decide the control shown and the checks made). */
export type AttributeKind = 'text' | 'email' | 'tel' | 'date' | 'number' | 'url' | 'select' | 'checkbox';

/**
 * One attribute of the identity schema: something the organisation keeps about its customers,
 * declared once (how it is asked, checked, shown on /account and released in tokens).
 */
export interface AttributeDefinition {
  /** The key in the customer's profile, e.g. `birthdate`, `loyalty_number`. */
  key: string;
  type: AttributeKind;
  /** The label per language code (`en`, `id`...). */
  label: Record<string, string>;
  /** Asked steps may not be skipped without it. */
  required: boolean;
  /** The customer may change it on /account. */
  editable: boolean;
  /** The claim that carries it in tokens and userinfo (null: never released). */
  claim: string | null;
  /** The scope an app asks for to receive the claim. */
  scope: string | null;
  /** Checks an answer must pass; which ones apply depends on the type. */
  rules: AttributeRules;
  /** Starts at 1 and goes up with every change (compare-and-set). */
  revision: number;
  updatedAt: Date;
}

export interface AttributeRules {
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  /** Text: a regular expression (RE2 syntax) the whole answer must match. */
  pattern?: string;
  /** Select: the choices, each with a label per language. */
  options?: Array<{ value: string; label: Record<string, string> }>;
  /** Date: only days before today. */
  past?: boolean;
  /** Date of birth: the person is at least this many years old today. */
  minimumAge?: number;
}

/** An attribute as the engine sees it: its definition, and whether it is one of the standard claims. */
export type SchemaAttribute = AttributeDefinition & { standard: boolean };

type Standard = Omit<AttributeDefinition, 'revision' | 'updatedAt' | 'required' | 'editable' | 'rules'> &
  Partial<Pick<AttributeDefinition, 'required' | 'editable' | 'rules'>>;

const std = (key: string, type: AttributeKind, en: string, id: string, scope: string, rules: AttributeRules = {}, editable = true): Standard => ({
  key,
  type,
  label: { en, id },
  claim: key,
  scope,
  rules,
  editable,
});

/**
 * The standard claims of OpenID Connect Core 5.1 a customer profile holds (email is the account's
 * own). Customers edit the names, phone number and date of birth on /account until the organisation
 * decides otherwise; the others are released when present but not offered for editing.
 */
export const STANDARD_ATTRIBUTES: readonly Standard[] = [
  std('given_name', 'text', 'First name', 'Nama depan', 'profile', { maxLength: 100 }),
  std('family_name', 'text', 'Last name', 'Nama belakang', 'profile', { maxLength: 100 }),
  std('middle_name', 'text', 'Middle name', 'Nama tengah', 'profile', { maxLength: 100 }, false),
  std('nickname', 'text', 'Nickname', 'Nama panggilan', 'profile', { maxLength: 100 }, false),
  std('preferred_username', 'text', 'Username', 'Nama pengguna', 'profile', { maxLength: 100 }, false),
  std('name', 'text', 'Full name', 'Nama lengkap', 'profile', { maxLength: 200 }, false),
  std('profile', 'url', 'Profile page', 'Halaman profil', 'profile', {}, false),
  std('picture', 'url', 'Photo', 'Foto', 'profile', {}, false),
  std('website', 'url', 'Website', 'Situs web', 'profile', {}, false),
  std('gender', 'text', 'Gender', 'Jenis kelamin', 'profile', { maxLength: 50 }, false),
  std('birthdate', 'date', 'Date of birth', 'Tanggal lahir', 'profile', { past: true }),
  std('zoneinfo', 'text', 'Time zone', 'Zona waktu', 'profile', { maxLength: 64 }, false),
  std('locale', 'text', 'Language', 'Bahasa', 'profile', { maxLength: 35 }, false),
  std('phone_number', 'tel', 'Phone number', 'Nomor telepon', 'phone'),
];

const STANDARD_KEYS = new Set(STANDARD_ATTRIBUTES.map((a) => a.key));

function standardDefinition(s: Standard): SchemaAttribute {
  return { required: false, editable: true, rules: {}, ...s, revision: 0, updatedAt: new Date(0), standard: true };
}

/** The schema in force: the standard attributes (as changed by the organisation), then its own. */
export function effectiveSchema(stored: readonly AttributeDefinition[]): SchemaAttribute[] {
  const byKey = new Map(stored.map((d) => [d.key, d]));
  const standard = STANDARD_ATTRIBUTES.map((s) => {
    const changed = byKey.get(s.key);
    return changed ? { ...changed, standard: true } : standardDefinition(s);
  });
  const own = stored.filter((d) => !STANDARD_KEYS.has(d.key)).map((d) => ({ ...d, standard: false }));
  return [...standard, ...own];
}

export function isStandardAttribute(key: string): boolean {
  return STANDARD_KEYS.has(key);
}

/** Stored definitions are settings documents `attribute:<key>` (shared by every instance). */
const PREFIX = 'attribute:';

function fromSetting(doc: SettingDoc): AttributeDefinition {
  const v = doc.value as Omit<AttributeDefinition, 'key' | 'revision' | 'updatedAt'>;
  return { ...v, key: doc.key.slice(PREFIX.length), revision: doc.revision, updatedAt: doc.updatedAt };
}

/** The organisation's stored definitions (its own attributes and its changes to standard ones). */
export async function storedAttributes(store: Pick<Store, 'settings'>): Promise<AttributeDefinition[]> {
  return (await store.settings.list(PREFIX)).map(fromSetting);
}

/** Reads the schema every instance shares from the store. */
export async function loadSchema(store: Pick<Store, 'settings'>): Promise<SchemaAttribute[]> {
  return effectiveSchema(await storedAttributes(store));
}

/**
 * Stores a definition as one compare-and-set on the revision it was based on (0: not stored yet).
 * Null when someone else changed it meanwhile.
 */
export async function saveAttribute(
  store: Pick<Store, 'settings'>,
  definition: Omit<AttributeDefinition, 'revision' | 'updatedAt'>,
  expectedRevision: number,
  by: string | null,
): Promise<AttributeDefinition | null> {
  const { key, ...value } = definition;
  const doc = await store.settings.put(PREFIX + key, value, expectedRevision, by);
  return doc ? fromSetting(doc) : null;
}

/** Removes a stored definition (a standard attribute goes back to the shipped one). */
export async function deleteAttribute(store: Pick<Store, 'settings'>, key: string): Promise<boolean> {
  return store.settings.delete(PREFIX + key);
}

/** The attribute as a form field: what the shared checks (identity/attributes.ts) validate against. */
export function fieldOf(a: AttributeDefinition, required = a.required): AttributeField {
  return { name: a.key, label: a.label, type: a.type, required, ...a.rules };
}

/** Claims the engine itself issues or that mean something to the protocol: never an attribute's. */
export const RESERVED_CLAIMS = new Set([
  'sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'azp', 'nonce', 'acr', 'amr', 'auth_time', 'sid', 'at_hash', 'c_hash',
  'email', 'email_verified', 'phone_number_verified', 'updated_at', 'consents', 'scope', 'client_id', 'cnf', 'roles',
]);
/** Scopes with a meaning of their own: no attribute is released under them. */
export const RESERVED_SCOPES = new Set(['openid', 'offline_access', 'email', 'consents', 'account']);

const label = {
  type: 'object',
  title: 'Label',
  required: ['en'],
  additionalProperties: false,
  properties: Object.fromEntries(LANGUAGES.map((l) => [l.code, { type: 'string', title: l.name, minLength: 1, maxLength: 200 }])),
};

/** What the admin API accepts for one attribute (its key is in the path). */
export const attributeInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'label'],
  properties: {
    type: { title: 'Kind of answer', enum: ['text', 'email', 'tel', 'date', 'number', 'url', 'select', 'checkbox'] },
    label,
    required: { type: 'boolean', title: 'Required' },
    editable: { type: 'boolean', title: 'People may change it' },
    claim: { title: 'Claim in tokens', anyOf: [{ type: 'null' }, { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9_.:-]{0,63}$', examples: ['loyalty_tier'] }] },
    scope: { title: 'Scope that releases it', anyOf: [{ type: 'null' }, { type: 'string', pattern: '^[a-z][a-z0-9_:.-]{0,63}$', examples: ['profile'] }] },
    rules: {
      type: 'object',
      title: 'Rules',
      additionalProperties: false,
      properties: {
        minLength: { type: 'integer', title: 'Shortest answer', minimum: 0, maximum: 1000 },
        maxLength: { type: 'integer', title: 'Longest answer', minimum: 1, maximum: 1000 },
        min: { type: 'number', title: 'Smallest number' },
        max: { type: 'number', title: 'Largest number' },
        pattern: { type: 'string', title: 'Pattern (regular expression)', minLength: 1, maxLength: 200 },
        options: {
          type: 'array',
          title: 'Choices',
          maxItems: 200,
          items: { type: 'object', title: 'Choice', additionalProperties: false, required: ['value', 'label'], properties: { value: { type: 'string', title: 'Value', minLength: 1, maxLength: 100 }, label } },
        },
        past: { type: 'boolean', title: 'Only dates in the past' },
        minimumAge: { type: 'integer', title: 'Minimum age', minimum: 1, maximum: 150 },
      },
    },
    /** The revision the change is based on (0: not stored yet); a stale one is refused. */
    revision: { type: 'integer', title: 'Revision', minimum: 0 },
  },
} as const;

export const ATTRIBUTE_KEY_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

/** Which rules fit which type: the others make no sense and are refused. */
const RULES_OF: Record<AttributeKind, Array<keyof AttributeRules>> = {
  text: ['minLength', 'maxLength', 'pattern'],
  email: ['maxLength'],
  tel: [],
  date: ['past', 'minimumAge'],
  number: ['min', 'max'],
  url: ['maxLength'],
  select: ['options'],
  checkbox: [],
};

export function rulesFor(type: AttributeKind): ReadonlyArray<keyof AttributeRules> {
  return RULES_OF[type];
}

/** The problems of a definition in one language. */
interface DefinitionWords {
  rules: Record<keyof AttributeRules, string>;
  ruleDoesNotFit: (type: string, rule: string) => string;
  noChoice: string;
  sameValue: string;
  lengths: string;
  numbers: string;
  pattern: (problem: string) => string;
  claimAndScope: string;
  reservedClaim: (claim: string) => string;
  reservedScope: (scope: string) => string;
  claimTaken: (claim: string, key: string) => string;
}

const DEFINITION_WORDS: Record<Language, DefinitionWords> = {
  en: {
    rules: { minLength: 'a shortest length', maxLength: 'a longest length', min: 'a smallest number', max: 'a largest number', pattern: 'a pattern', options: 'choices', past: '"in the past"', minimumAge: 'a minimum age' },
    ruleDoesNotFit: (type, rule) => `A ${type} attribute cannot have ${rule}.`,
    noChoice: 'A list needs at least one choice.',
    sameValue: 'Two choices have the same value.',
    lengths: 'The shortest length is longer than the longest.',
    numbers: 'The smallest number is larger than the largest.',
    pattern: (problem) => `The pattern cannot be used (${problem}).`,
    claimAndScope: 'A claim needs a scope that releases it, and a scope needs a claim.',
    reservedClaim: (claim) => `The claim "${claim}" is issued by Gerbang itself.`,
    reservedScope: (scope) => `The scope "${scope}" cannot release attributes.`,
    claimTaken: (claim, key) => `The claim "${claim}" already carries "${key}".`,
  },
  id: {
    rules: { minLength: 'panjang terpendek', maxLength: 'panjang terpanjang', min: 'angka terkecil', max: 'angka terbesar', pattern: 'pola', options: 'pilihan', past: '"di masa lalu"', minimumAge: 'usia minimum' },
    ruleDoesNotFit: (type, rule) => `Atribut berjenis ${type} tidak dapat memiliki ${rule}.`,
    noChoice: 'Daftar memerlukan paling sedikit satu pilihan.',
    sameValue: 'Dua pilihan memiliki nilai yang sama.',
    lengths: 'Panjang terpendek lebih panjang daripada panjang terpanjang.',
    numbers: 'Angka terkecil lebih besar daripada angka terbesar.',
    pattern: (problem) => `Pola ini tidak dapat dipakai (${problem}).`,
    claimAndScope: 'Klaim memerlukan cakupan yang melepasnya, dan cakupan memerlukan klaim.',
    reservedClaim: (claim) => `Klaim "${claim}" diterbitkan oleh Gerbang sendiri.`,
    reservedScope: (scope) => `Cakupan "${scope}" tidak dapat melepas atribut.`,
    claimTaken: (claim, key) => `Klaim "${claim}" sudah membawa "${key}".`,
  },
};

/** Problems of a definition beyond its JSON shape, in words a person understands (in `lang`). */
export function definitionProblems(a: Omit<AttributeDefinition, 'revision' | 'updatedAt'>, others: readonly AttributeDefinition[], lang: Language = 'en'): string[] {
  const w = DEFINITION_WORDS[lang];
  const problems: string[] = [];
  const fits = RULES_OF[a.type];
  for (const rule of Object.keys(a.rules) as Array<keyof AttributeRules>) {
    if (!fits.includes(rule)) problems.push(w.ruleDoesNotFit(a.type, w.rules[rule]));
  }
  if (a.type === 'select' && !a.rules.options?.length) problems.push(w.noChoice);
  const values = (a.rules.options ?? []).map((o) => o.value);
  if (new Set(values).size !== values.length) problems.push(w.sameValue);
  if (a.rules.minLength != null && a.rules.maxLength != null && a.rules.minLength > a.rules.maxLength) problems.push(w.lengths);
  if (a.rules.min != null && a.rules.max != null && a.rules.min > a.rules.max) problems.push(w.numbers);
  const pattern = a.rules.pattern ? patternProblem(a.rules.pattern) : null;
  if (pattern) problems.push(w.pattern(pattern));
  if ((a.claim === null) !== (a.scope === null)) problems.push(w.claimAndScope);
  if (a.claim && RESERVED_CLAIMS.has(a.claim)) problems.push(w.reservedClaim(a.claim));
  if (a.scope && RESERVED_SCOPES.has(a.scope)) problems.push(w.reservedScope(a.scope));
  const sameClaim = others.find((o) => o.key !== a.key && a.claim && o.claim === a.claim);
  if (sameClaim) problems.push(w.claimTaken(a.claim!, sameClaim.key));
  return problems;
}

/** scope -> claims released under it, for every attribute that has a claim. */
export function releaseMap(schema: readonly AttributeDefinition[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of schema) if (a.claim && a.scope) (out[a.scope] ??= []).push(a.claim);
  return out;
}

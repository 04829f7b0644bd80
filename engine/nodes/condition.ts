import type { Said } from '../flow/said.js';
import type { NodeContext, NodeType } from './types.js';
import { OUTCOME_PATTERN } from '../flow/schema.js';
import type { Fact, Reference } from '../flow/steps.js';
import { levelOf } from '../identity/assurance.js';
import { BRANCH_WORDS } from './designer-words.js';

type Operator = 'equals' | 'not-equals' | 'exists' | 'not-exists' | 'contains' | 'in' | 'greater-than' | 'less-than';

interface Test {
  field: string;
  op: Operator;
  value?: string | number | boolean | string[];
}

interface Rule {
  outcome: string;
  label?: string;
  /** Every test must hold for the rule to match. */
  all: Test[];
}

interface ConditionSettings {
  rules: Rule[];
}

/**
 * What a condition can look at. `user.*` is the signed-in user (attributes also as `profile.*`;
 * `user.methods` the ways they can sign in: `password`, `totp`, `webauthn`, `recovery-codes`, a linked
 * provider's name), `request.*` what the app asked for (clientId, acrValues, ...), `run.*` this run
 * (amr, level 0-3, email).
 */
async function facts(ctx: NodeContext<ConditionSettings>): Promise<Record<string, unknown>> {
  const u = ctx.user;
  const wantsMethods = ctx.settings.rules.some((r) => r.all.some((t) => t.field === 'user.methods'));
  return {
    user: u ? { id: u.id, email: u.email, emailVerified: u.emailVerified, attributes: u.attributes, ...(wantsMethods ? { methods: await signInMethods(ctx, u.id) } : {}) } : null,
    profile: u?.attributes ?? {},
    request: ctx.state.request,
    run: { amr: ctx.state.amr, level: levelOf(ctx.state.amr), email: ctx.state.email ?? null, signedIn: Boolean(ctx.state.userId), vars: ctx.state.data.vars ?? {} },
  };
}

/** The credential types the user has set up and the providers linked to the account. */
async function signInMethods(ctx: NodeContext<unknown>, userId: string): Promise<string[]> {
  const { store } = ctx.services;
  const [credentials, identities] = await Promise.all([store.credentials.listByUser(userId), store.identities.listByUser(userId)]);
  return [...new Set([...credentials.map((c) => c.type), ...identities.map((i) => i.provider)])];
}

function lookup(root: Record<string, unknown>, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (cur == null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function holds(actual: unknown, t: Test): boolean {
  const present = actual !== undefined && actual !== null && actual !== '';
  switch (t.op) {
    case 'exists':
      return present;
    case 'not-exists':
      return !present;
    case 'equals':
      return String(actual) === String(t.value);
    case 'not-equals':
      return String(actual) !== String(t.value);
    case 'contains':
      return Array.isArray(actual) ? actual.map(String).includes(String(t.value)) : typeof actual === 'string' && actual.includes(String(t.value));
    case 'in':
      return Array.isArray(t.value) && t.value.map(String).includes(String(actual));
    case 'greater-than':
      return present && Number(actual) > Number(t.value);
    case 'less-than':
      return present && Number(actual) < Number(t.value);
  }
}

/** Facts a rule's tests establish when it matches (e.g. "run.signedIn equals true": a signed-in person). */
function establishes(rule: Rule): Fact[] {
  const facts = new Set<Fact>();
  for (const t of rule.all) {
    const isTrue = t.op === 'equals' && String(t.value) === 'true';
    if ((t.field === 'run.signedIn' && isTrue) || (/^user\.(id|email)$/.test(t.field) && t.op === 'exists')) facts.add('user');
    if (t.field === 'run.email' && t.op === 'exists') facts.add('email');
  }
  return [...facts];
}

/** Profile attributes a rule looks at (`profile.x`, `user.attributes.x`). */
function attributesOf(rules: Rule[]): Reference[] {
  const names = new Set<string>();
  for (const t of rules.flatMap((r) => r.all)) {
    const m = /^(?:profile|user\.attributes)\.([A-Za-z0-9_]+)/.exec(t.field);
    if (m) names.add(m[1]);
  }
  return [...names].map((id) => ({ kind: 'attribute', id }));
}

/** Branches without a page: the first rule whose tests all hold names the outcome, else "otherwise". */
export const conditionNode: NodeType<ConditionSettings> = {
  type: 'condition',
  title: 'Condition',
  description: 'Branches on the user profile, the app that asked, or what happened in this journey. Shows no page.',
  icon: '?',
  category: 'logic',
  words: {
    id: {
      title: 'Kondisi',
      description: 'Bercabang menurut profil pengguna, aplikasi yang meminta, atau apa yang terjadi dalam perjalanan ini. Tidak menampilkan halaman.',
      outcomes: {
        otherwise: 'Selain itu',
      },
      settings: {
        ...BRANCH_WORDS.id,
        'Rules (the first that matches wins)': 'Aturan (yang pertama cocok yang berlaku)',
        'All of these are true': 'Semua ini benar',
        'Field, e.g. profile.country or request.clientId': 'Isian, mis. profile.country atau request.clientId',
        Test: 'Perbandingan',
        Value: 'Nilai',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['rules'],
    properties: {
      rules: {
        type: 'array',
        title: 'Rules (the first that matches wins)',
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['outcome', 'all'],
          properties: {
            outcome: { type: 'string', pattern: OUTCOME_PATTERN, title: 'Outcome name' },
            label: { type: 'string', maxLength: 80, title: 'Outcome label' },
            all: {
              type: 'array',
              title: 'All of these are true',
              minItems: 1,
              items: {
                // `x-field`: the designer draws the value in the shape the test takes (a list for "in"…), not as a choice of shapes.
                'x-field': 'condition-test',
                type: 'object',
                additionalProperties: false,
                required: ['field', 'op'],
                properties: {
                  field: { type: 'string', pattern: '^(user|profile|request|run)(\\.[A-Za-z0-9_]+)+$', title: 'Field, e.g. profile.country or request.clientId' },
                  op: {
                    type: 'string',
                    enum: ['equals', 'not-equals', 'exists', 'not-exists', 'contains', 'in', 'greater-than', 'less-than'],
                    title: 'Test',
                  },
                  value: {
                    title: 'Value',
                    anyOf: [{ type: 'string', maxLength: 200 }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  defaultSettings: { rules: [{ outcome: 'matched', all: [{ field: 'profile.locale', op: 'equals', value: 'id' }] }] },
  outcomes: (s) => [
    ...s.rules.map((r) => {
      const facts = establishes(r);
      return { name: r.outcome, label: r.label ?? r.outcome, ...(facts.length ? { provides: { facts } } : {}) };
    }),
    { name: 'otherwise', label: 'Otherwise' },
  ],
  references: (s) => attributesOf(s.rules),
  check: (s) => {
    const names = s.rules.map((r) => r.outcome);
    const problems: Said[] = names
      .filter((n, i) => names.indexOf(n) !== i)
      .map((n) => ({ en: `two rules lead to the same outcome "${n}"`, id: `dua aturan menuju hasil yang sama "${n}"` }));
    if (names.includes('otherwise')) {
      problems.push({
        en: '"otherwise" is taken by the fallback outcome; name the rule differently',
        id: '"otherwise" sudah dipakai oleh hasil cadangan "Selain itu"; beri aturan itu nama lain',
      });
    }
    return problems;
  },
  auto: async (ctx) => {
    const root = await facts(ctx);
    const rule = ctx.settings.rules.find((r) => r.all.every((t) => holds(lookup(root, t.field), t)));
    return { outcome: rule?.outcome ?? 'otherwise' };
  },
};

import type { NodeContext, NodeType, Page, StepResult } from './types.js';
import { createFactorRegistry } from '../methods/index.js';
import type { FactorRegistry } from '../methods/registry.js';
import { issueRecoveryCodes } from '../methods/recovery-codes/factor.js';
import type { Factor } from '../methods/factor.js';
import type { AmrKind } from '../flow/steps.js';
import { describeBrowser } from '../protection/devices.js';
import { REMEMBERED_BROWSER_AMR, rememberedBrowserRefused } from '../identity/assurance.js';
import { FACTOR_WORDS } from './designer-words.js';

/**
 * Whether this run's browser is remembered for the user's second factor (and the step offers it), and
 * the app the person signs in to accepts a remembered browser for its minimum level.
 */
async function rememberedBrowser(ctx: NodeContext<ChallengeSettings>): Promise<boolean> {
  if (!ctx.settings.rememberDays || !ctx.user || rememberedBrowserRefused(ctx.state.request)) return false;
  return ctx.services.devices.rememberedForSecondFactor(ctx.user.id, ctx.client.browser ?? null, ctx.services.clock.now());
}

/** A factor to choose, shown by its name ("Authenticator app"), stored by its id (`totp`). */
function factorChoices(factors: FactorRegistry, ids: string[]) {
  return { type: 'string', oneOf: ids.map((id) => ({ const: id, title: factors.get(id)?.title ?? id })) };
}

interface ChallengeSettings {
  factors: string[];
  maxAttempts: number;
  /** Days a browser may be remembered after a second factor (0: never offered). */
  rememberDays?: number;
}

interface EnrollSettings {
  factors: string[];
  allowSkip: boolean;
}

/** The amr values the given factors record (one of them, the one the person uses). */
const factorAmr = (factors: FactorRegistry, ids: string[]): AmrKind[] => [...new Set(ids.flatMap((id) => factors.get(id)?.amr ?? []))];
const mine = (ctx: NodeContext<unknown>) => ctx.state.data[ctx.nodeId] ?? {};

async function enrolled(factors: FactorRegistry, ctx: NodeContext<ChallengeSettings>): Promise<Factor[]> {
  const out: Factor[] = [];
  for (const id of ctx.settings.factors) {
    const f = factors.get(id);
    if (f && (await f.isEnrolled(ctx))) out.push(f);
  }
  return out;
}

/** Buttons to switch to another factor the user has. */
const switchActions = (ctx: NodeContext<unknown>, others: Factor[]) =>
  others.map((f) => ({ value: `method:${f.id}`, label: ctx.t('mfa.use', { method: ctx.t(`mfa.method.${f.id}`) }), kind: 'link' as const, formNoValidate: true }));

/** A second factor: the user proves it with one of the factors of `factors` they have set up. */
export const mfaChallengeNodeFor = (factors: FactorRegistry): NodeType<ChallengeSettings> => ({
  type: 'mfa-challenge',
  title: 'Second factor',
  description: 'Asks for a second factor (authenticator app, passkey, email or SMS code, recovery code). Goes to "not set up" when the user has none yet.',
  icon: '2F',
  category: 'authenticate',
  words: {
    id: {
      title: 'Faktor kedua',
      description: 'Meminta faktor kedua (aplikasi autentikator, passkey, kode lewat email atau SMS, kode pemulihan). Menuju "Belum disiapkan" bila pengguna belum memilikinya.',
      outcomes: {
        verified: 'Terverifikasi',
        'not-enrolled': 'Belum disiapkan',
        failed: 'Terlalu banyak kode salah',
      },
      settings: {
        ...FACTOR_WORDS.id,
        'Factors accepted': 'Faktor yang diterima',
        'Wrong codes allowed': 'Jumlah kode salah yang diizinkan',
        'Days a browser may be remembered (0: never)': 'Berapa hari sebuah peramban boleh diingat (0: tidak pernah)',
        'After the second factor, the person may tick "remember this browser"; it is then not asked there again for this many days. Remembered browsers are listed in /account, where they can be removed.': 'Setelah faktor kedua, orang itu dapat mencentang "ingat peramban ini"; faktor kedua lalu tidak ditanyakan lagi di peramban itu selama sekian hari. Peramban yang diingat tercantum di /account, tempat peramban itu dapat dihapus.',
      },
    },
  },
  requires: ['user'],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['factors', 'maxAttempts'],
    properties: {
      factors: { type: 'array', title: 'Factors accepted', minItems: 1, uniqueItems: true, items: factorChoices(factors, factors.ids()) },
      maxAttempts: { type: 'integer', minimum: 1, maximum: 20, default: 5, title: 'Wrong codes allowed' },
      rememberDays: {
        type: 'integer',
        minimum: 0,
        maximum: 90,
        default: 0,
        title: 'Days a browser may be remembered (0: never)',
        description: 'After the second factor, the person may tick "remember this browser"; it is then not asked there again for this many days. Remembered browsers are listed in /account, where they can be removed.',
      },
    },
  },
  defaultSettings: { factors: ['totp', 'recovery-codes'], maxAttempts: 5, rememberDays: 0 },
  outcomes: (s) => [
    { name: 'verified', label: 'Verified', provides: { amr: ['mfa'], amrOneOf: factorAmr(factors, s.factors) } },
    { name: 'not-enrolled', label: 'Not set up yet', automatic: true },
    { name: 'failed', label: 'Too many wrong codes' },
  ],
  auto: async (ctx) => {
    if ((await enrolled(factors, ctx)).length === 0) return { outcome: 'not-enrolled' };
    if (await rememberedBrowser(ctx)) {
      await ctx.audit.record('mfa.remembered', { details: { days: ctx.settings.rememberDays } });
      return { outcome: 'verified', patch: { amr: [REMEMBERED_BROWSER_AMR], data: { [ctx.nodeId]: { remembered: true } } } };
    }
    return null;
  },
  render: async (ctx) => {
    const have = await enrolled(factors, ctx);
    const current = have.find((f) => f.id === mine(ctx).method) ?? have[0];
    // Every factor was removed (in another tab) since this step decided there was one.
    if (!current) return { title: ctx.t('mfa.removed.title'), intro: ctx.t('mfa.removed.none'), fields: [], actions: [{ value: 'continue', label: ctx.t('mfa.continue') }] };
    const page = await current.challenge.render(ctx);
    // Which factor this page asks for: an answer is never checked against another one.
    const shown = { name: 'factor', label: '', type: 'hidden' as const, value: current.id };
    const days = ctx.settings.rememberDays ?? 0;
    const remember = days > 0 && ctx.client.browser && page.fields.length ? [{ name: 'remember', label: ctx.t('mfa.remember', { days }), type: 'checkbox' as const }] : [];
    return { ...page, fields: [...page.fields, ...remember, shown], actions: [...page.actions, ...switchActions(ctx, have.filter((f) => f !== current))] };
  },
  submit: async (ctx, input): Promise<StepResult> => {
    const have = await enrolled(factors, ctx);
    // Removed in another tab meanwhile: the journey goes on as for someone without a factor.
    if (have.length === 0) return { outcome: 'not-enrolled' };
    if (input.action?.startsWith('method:')) {
      const id = input.action.slice('method:'.length);
      return have.some((f) => f.id === id) ? { update: { data: { [ctx.nodeId]: { method: id } } } } : { invalid: {} };
    }
    const asked = input.factor || (typeof mine(ctx).method === 'string' ? String(mine(ctx).method) : '');
    const current = asked ? have.find((f) => f.id === asked) : have[0];
    if (!current) return { update: { data: { [ctx.nodeId]: { method: null } } }, notice: { kind: 'error', key: 'mfa.removed' } };
    const answer = await current.challenge.submit(ctx, input);
    switch (answer.result) {
      case 'verified': {
        const days = ctx.settings.rememberDays ?? 0;
        if (days > 0 && input.remember === 'on' && ctx.client.browser) {
          const label = ctx.t('mfa.rememberedName', { browser: describeBrowser(ctx.client.userAgent, ctx.lang) });
          await ctx.services.devices.rememberForSecondFactor(ctx.user!.id, ctx.client.browser, days, ctx.services.clock.now(), label);
          await ctx.audit.record('mfa.browser-remembered', { details: { days } });
        }
        return { outcome: 'verified', patch: { amr: [current.amr, 'mfa'] }, notice: answer.notice ?? null };
      }
      case 'remember':
        return { update: { data: { [ctx.nodeId]: answer.data } } };
      case 'message':
        return { invalid: { form: ctx.t(answer.key, answer.vars) } };
      case 'used-up':
        await ctx.audit.record('mfa.failed', { actor: null, details: { factor: current.id, usedUp: true } });
        return { outcome: 'failed', notice: { kind: 'error', key: 'mfa.tooMany' } };
      case 'wrong': {
        // A wrong answer counts towards the limit of this step, whichever factor it was for.
        const attempts = Number(mine(ctx).attempts ?? 0) + 1;
        await ctx.audit.record('mfa.failed', { actor: null, details: { factor: current.id, attempts } });
        if (attempts >= ctx.settings.maxAttempts) return { outcome: 'failed', notice: { kind: 'error', key: 'mfa.tooMany' } };
        return { update: { data: { [ctx.nodeId]: { ...answer.data, attempts } } }, notice: { kind: 'error', key: answer.key } };
      }
    }
  },
  messages: mergeMessages(mfaMessages, factors.messages()),
});

/** Sets up a factor of `factors` (then recovery codes, shown once). */
export const mfaEnrollNodeFor = (factors: FactorRegistry): NodeType<EnrollSettings> => ({
  type: 'mfa-enroll',
  title: 'Set up a second factor',
  description: 'Lets the user set up an authenticator app, a passkey or a phone for SMS codes. Recovery codes are shown once afterwards.',
  icon: '2F+',
  category: 'authenticate',
  words: {
    id: {
      title: 'Siapkan faktor kedua',
      description: 'Memungkinkan pengguna menyiapkan aplikasi autentikator, passkey, atau telepon untuk kode SMS. Kode pemulihan ditampilkan sekali sesudahnya.',
      outcomes: {
        enrolled: 'Sudah disiapkan',
        skipped: 'Dilewati',
      },
      settings: {
        ...FACTOR_WORDS.id,
        'Factors offered': 'Faktor yang ditawarkan',
        'The user may skip this for now': 'Pengguna boleh melewatinya untuk sementara',
      },
    },
  },
  requires: ['user'],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['factors', 'allowSkip'],
    properties: {
      factors: { type: 'array', title: 'Factors offered', minItems: 1, uniqueItems: true, items: factorChoices(factors, factors.enrollableIds()) },
      allowSkip: { type: 'boolean', default: false, title: 'The user may skip this for now' },
    },
  },
  defaultSettings: { factors: ['totp'], allowSkip: false },
  // The first factor set up ends after the recovery codes are shown, which records `otp`.
  outcomes: (s) => [
    { name: 'enrolled', label: 'Set up', provides: { amr: ['mfa'], amrOneOf: [...new Set([...factorAmr(factors, s.factors), 'otp' as const])] } },
    ...(s.allowSkip ? [{ name: 'skipped', label: 'Skipped' }] : []),
  ],
  render: async (ctx): Promise<Page> => {
    const data = mine(ctx);
    if (typeof data.recoveryCodes === 'string') {
      const codes = JSON.parse(ctx.services.secrets.open(data.recoveryCodes)) as string[];
      return {
        title: ctx.t('recovery.show.title'),
        intro: ctx.t('recovery.show.intro'),
        blocks: [{ kind: 'code', text: codes.join('\n') }],
        fields: [],
        actions: [{ value: 'recovery-saved', label: ctx.t('recovery.show.saved') }],
      };
    }
    const factor = factors.get(String(data.factor ?? (ctx.settings.factors.length === 1 ? ctx.settings.factors[0] : '')));
    const skip = ctx.settings.allowSkip ? [{ value: 'skip', label: ctx.t('mfa.skip'), kind: 'link' as const, formNoValidate: true }] : [];
    if (!factor?.enroll) {
      return {
        title: ctx.t('mfa.enroll.title'),
        intro: ctx.t('mfa.enroll.choose'),
        fields: [],
        actions: [...ctx.settings.factors.map((id) => ({ value: `choose:${id}`, label: ctx.t(`mfa.method.${id}`) })), ...skip],
      };
    }
    const page = await factor.enroll.render(ctx);
    return { ...page, actions: [...page.actions, ...skip] };
  },
  submit: async (ctx, input): Promise<StepResult> => {
    const data = mine(ctx);
    if (input.action === 'skip' && ctx.settings.allowSkip) return { outcome: 'skipped' };
    if (input.action === 'recovery-saved' && typeof data.recoveryCodes === 'string') {
      return { outcome: 'enrolled', patch: { data: { [ctx.nodeId]: { recoveryCodes: null } }, amr: ['otp', 'mfa'] } };
    }
    if (input.action?.startsWith('choose:')) {
      const id = input.action.slice('choose:'.length);
      return ctx.settings.factors.includes(id) ? { update: { data: { [ctx.nodeId]: { factor: id } } } } : { invalid: {} };
    }
    const factor = factors.get(String(data.factor ?? (ctx.settings.factors.length === 1 ? ctx.settings.factors[0] : '')));
    if (!factor?.enroll) return { invalid: {} };
    const result = await factor.enroll.submit(ctx, input);
    if (!('outcome' in result) || result.outcome !== 'done') return result;
    const hasCodes = (await ctx.services.store.credentials.listByUser(ctx.user!.id, 'recovery-codes')).length > 0;
    if (hasCodes) return { outcome: 'enrolled', patch: { ...result.patch, amr: [factor.amr, 'mfa'] } };
    // Recovery codes are shown once, right now; only their hashes are kept.
    const codes = await issueRecoveryCodes(ctx);
    return { update: { data: { [ctx.nodeId]: { ...result.patch?.data?.[ctx.nodeId], recoveryCodes: ctx.services.secrets.seal(JSON.stringify(codes)) } } } };
  },
  messages: mergeMessages(mfaMessages, factors.messages()),
});

/** Texts of the MFA steps themselves; each factor brings its own. */
const mfaMessages = {
  en: {
    'mfa.use': 'Use {method} instead',
    'mfa.tooMany': 'Too many wrong codes.',
    'mfa.skip': 'Not now',
    'mfa.enroll.title': 'Protect your account',
    'mfa.enroll.choose': 'Choose a second way to prove it is you.',
    'mfa.removed': 'That sign-in method was removed from your account meanwhile. Use another one.',
    'mfa.removed.title': 'Sign-in method removed',
    'mfa.removed.none': 'The sign-in methods of your account were removed meanwhile.',
    'mfa.continue': 'Continue',
    'mfa.remember': 'Remember this browser for {days} days',
    'mfa.rememberedName': '{browser}, remembered for the second factor',
  },
  id: {
    'mfa.use': 'Gunakan {method}',
    'mfa.tooMany': 'Terlalu banyak kode salah.',
    'mfa.skip': 'Nanti saja',
    'mfa.enroll.title': 'Lindungi akun Anda',
    'mfa.enroll.choose': 'Pilih cara kedua untuk membuktikan bahwa ini Anda.',
    'mfa.removed': 'Metode masuk itu telah dihapus dari akun Anda. Gunakan metode lain.',
    'mfa.removed.title': 'Metode masuk dihapus',
    'mfa.removed.none': 'Metode masuk akun Anda telah dihapus.',
    'mfa.continue': 'Lanjutkan',
    'mfa.remember': 'Ingat peramban ini selama {days} hari',
    'mfa.rememberedName': '{browser}, diingat untuk faktor kedua',
  },
};

function mergeMessages(...sets: Array<Record<string, Record<string, string>>>): Record<string, Record<string, string>> {
  const merged: Record<string, Record<string, string>> = {};
  for (const set of sets) for (const [lang, msgs] of Object.entries(set)) merged[lang] = { ...merged[lang], ...msgs };
  return merged;
}

/** The MFA steps over the factors Gerbang ships. */
const builtInFactors = createFactorRegistry();
export const mfaChallengeNode = mfaChallengeNodeFor(builtInFactors);
export const mfaEnrollNode = mfaEnrollNodeFor(builtInFactors);

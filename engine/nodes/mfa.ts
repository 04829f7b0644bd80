import type { NodeContext, NodeType, Page, StepResult } from './types.js';
import { allFactorIds, enrollableFactorIds, factorById } from '../methods/factors.js';
import { issueRecoveryCodes } from '../methods/recovery-codes/factor.js';
import type { Factor } from '../methods/factor.js';
import type { AmrKind } from '../flow/steps.js';

interface ChallengeSettings {
  factors: string[];
  maxAttempts: number;
}

interface EnrollSettings {
  factors: string[];
  allowSkip: boolean;
}

/** The amr values the given factors record (one of them, the one the person uses). */
const factorAmr = (ids: string[]): AmrKind[] => [...new Set(ids.map((id) => factorById(id)?.amr as AmrKind | undefined).filter((a): a is AmrKind => Boolean(a)))];
const mine = (ctx: NodeContext<unknown>) => ctx.state.data[ctx.nodeId] ?? {};

async function enrolled(ctx: NodeContext<ChallengeSettings>): Promise<Factor[]> {
  const out: Factor[] = [];
  for (const id of ctx.settings.factors) {
    const f = factorById(id);
    if (f && (await f.isEnrolled(ctx))) out.push(f);
  }
  return out;
}

/** Buttons to switch to another factor the user has. */
const switchActions = (ctx: NodeContext<unknown>, others: Factor[]) =>
  others.map((f) => ({ value: `method:${f.id}`, label: ctx.t('mfa.use', { method: ctx.t(`mfa.method.${f.id}`) }), kind: 'link' as const, formNoValidate: true }));

/** A second factor: the user proves it with one of the factors they have set up. */
export const mfaChallengeNode: NodeType<ChallengeSettings> = {
  type: 'mfa-challenge',
  title: 'Second factor',
  description: 'Asks for a second factor (authenticator app, passkey, email or SMS code, recovery code). Goes to "not set up" when the user has none yet.',
  icon: '2F',
  category: 'authenticate',
  requires: ['user'],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['factors', 'maxAttempts'],
    properties: {
      factors: { type: 'array', title: 'Factors accepted', minItems: 1, uniqueItems: true, items: { type: 'string', enum: allFactorIds } },
      maxAttempts: { type: 'integer', minimum: 1, maximum: 20, default: 5, title: 'Wrong codes allowed' },
    },
  },
  defaultSettings: { factors: ['totp', 'recovery-codes'], maxAttempts: 5 },
  outcomes: (s) => [
    { name: 'verified', label: 'Verified', provides: { amr: ['mfa'], amrOneOf: factorAmr(s.factors) } },
    { name: 'not-enrolled', label: 'Not set up yet', automatic: true },
    { name: 'failed', label: 'Too many wrong codes' },
  ],
  auto: async (ctx) => ((await enrolled(ctx)).length === 0 ? { outcome: 'not-enrolled' } : null),
  render: async (ctx) => {
    const have = await enrolled(ctx);
    const current = have.find((f) => f.id === mine(ctx).method) ?? have[0];
    const page = await current.challenge.render(ctx);
    return { ...page, actions: [...page.actions, ...switchActions(ctx, have.filter((f) => f !== current))] };
  },
  submit: async (ctx, input): Promise<StepResult> => {
    const have = await enrolled(ctx);
    if (input.action?.startsWith('method:')) {
      const id = input.action.slice('method:'.length);
      return have.some((f) => f.id === id) ? { update: { data: { [ctx.nodeId]: { method: id } } } } : { invalid: {} };
    }
    const current = have.find((f) => f.id === mine(ctx).method) ?? have[0];
    const result = await current.challenge.submit(ctx, input);
    if ('outcome' in result && result.outcome === 'done') {
      return { outcome: 'verified', patch: { amr: [current.amr, 'mfa'] }, notice: result.notice ?? null };
    }
    // A wrong code counts towards the limit of this step.
    const attempts = Number(mine(ctx).attempts ?? 0) + 1;
    await ctx.deps.store.audit.record({ at: ctx.deps.now(), type: 'mfa.failed', userId: ctx.user!.id, actor: null, ip: ctx.client.ip, details: { factor: current.id, attempts } });
    if (attempts >= ctx.settings.maxAttempts) return { outcome: 'failed', notice: { kind: 'error', key: 'mfa.tooMany' } };
    return { update: { data: { [ctx.nodeId]: { attempts } } }, notice: { kind: 'error', key: 'mfa.wrong' } };
  },
};

/** Sets up a factor (then recovery codes, shown once). */
export const mfaEnrollNode: NodeType<EnrollSettings> = {
  type: 'mfa-enroll',
  title: 'Set up a second factor',
  description: 'Lets the user set up an authenticator app, a passkey or a phone for SMS codes. Recovery codes are shown once afterwards.',
  icon: '2F+',
  category: 'authenticate',
  requires: ['user'],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['factors', 'allowSkip'],
    properties: {
      factors: { type: 'array', title: 'Factors offered', minItems: 1, uniqueItems: true, items: { type: 'string', enum: enrollableFactorIds } },
      allowSkip: { type: 'boolean', default: false, title: 'The user may skip this for now' },
    },
  },
  defaultSettings: { factors: ['totp'], allowSkip: false },
  // The first factor set up ends after the recovery codes are shown, which records `otp`.
  outcomes: (s) => [
    { name: 'enrolled', label: 'Set up', provides: { amr: ['mfa'], amrOneOf: [...new Set([...factorAmr(s.factors), 'otp' as const])] } },
    ...(s.allowSkip ? [{ name: 'skipped', label: 'Skipped' }] : []),
  ],
  render: async (ctx): Promise<Page> => {
    const data = mine(ctx);
    if (typeof data.recoveryCodes === 'string') {
      const codes = JSON.parse(ctx.deps.secrets.open(data.recoveryCodes)) as string[];
      return {
        title: ctx.t('recovery.show.title'),
        intro: ctx.t('recovery.show.intro'),
        blocks: [{ kind: 'code', text: codes.join('\n') }],
        fields: [],
        actions: [{ value: 'recovery-saved', label: ctx.t('recovery.show.saved') }],
      };
    }
    const factor = factorById(String(data.factor ?? (ctx.settings.factors.length === 1 ? ctx.settings.factors[0] : '')));
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
    const factor = factorById(String(data.factor ?? (ctx.settings.factors.length === 1 ? ctx.settings.factors[0] : '')));
    if (!factor?.enroll) return { invalid: {} };
    const result = await factor.enroll.submit(ctx, input);
    if (!('outcome' in result) || result.outcome !== 'done') return result;
    const hasCodes = (await ctx.deps.store.credentials.listByUser(ctx.user!.id, 'recovery-codes')).length > 0;
    if (hasCodes) return { outcome: 'enrolled', patch: { ...result.patch, amr: [factor.amr, 'mfa'] } };
    // Recovery codes are shown once, right now; only their hashes are kept.
    const codes = await issueRecoveryCodes(ctx);
    return { update: { data: { [ctx.nodeId]: { ...result.patch?.data?.[ctx.nodeId], recoveryCodes: ctx.deps.secrets.seal(JSON.stringify(codes)) } } } };
  },
};

export const mfaMessages = {
  en: {
    'mfa.use': 'Use {method} instead',
    'mfa.method.totp': 'an authenticator app',
    'mfa.method.recovery-codes': 'a recovery code',
    'mfa.method.email': 'a code by email',
    'mfa.method.webauthn': 'a passkey',
    'mfa.method.sms': 'a code by text message',
    'mfa.wrong': 'That code is not right. Please try again.',
    'mfa.tooMany': 'Too many wrong codes.',
    'mfa.skip': 'Not now',
    'mfa.enroll.title': 'Protect your account',
    'mfa.enroll.choose': 'Choose a second way to prove it is you.',
    'totp.enroll.title': 'Set up an authenticator app',
    'totp.enroll.intro': 'Use an app such as Google Authenticator, Microsoft Authenticator or 1Password to get a new code every 30 seconds.',
    'totp.enroll.start': 'Set up an authenticator app',
    'totp.enroll.scan': 'Scan this code with your authenticator app, then enter the 6-digit code it shows.',
    'totp.enroll.qr': 'QR code for your authenticator app',
    'totp.enroll.manual': 'Cannot scan? Enter this key in the app:',
    'totp.enroll.confirm': 'Confirm',
    'totp.code': '6-digit code',
    'totp.name': 'Authenticator app',
    'totp.wrong': 'That code is not right, or was already used. Enter the current code from your app.',
    'totp.challenge.title': 'Enter your code',
    'totp.challenge.intro': 'Open your authenticator app and enter the 6-digit code.',
    'totp.challenge.verify': 'Verify',
    'recovery.name': 'Recovery codes',
    'recovery.title': 'Use a recovery code',
    'recovery.intro': 'Enter one of the recovery codes you saved. Each code works once.',
    'recovery.code': 'Recovery code',
    'recovery.wrong': 'That recovery code is not valid or was already used.',
    'recovery.fewLeft': 'Only {n} recovery codes left. Create new ones in your account.',
    'recovery.show.title': 'Save your recovery codes',
    'recovery.show.intro': 'If you lose your phone, each of these codes lets you in once. They are shown only now: keep them somewhere safe.',
    'recovery.show.saved': 'I have saved them',
  },
  id: {
    'mfa.use': 'Gunakan {method}',
    'mfa.method.totp': 'aplikasi autentikator',
    'mfa.method.recovery-codes': 'kode pemulihan',
    'mfa.method.email': 'kode lewat email',
    'mfa.method.webauthn': 'passkey',
    'mfa.method.sms': 'kode lewat SMS',
    'mfa.wrong': 'Kode itu salah. Silakan coba lagi.',
    'mfa.tooMany': 'Terlalu banyak kode salah.',
    'mfa.skip': 'Nanti saja',
    'mfa.enroll.title': 'Lindungi akun Anda',
    'mfa.enroll.choose': 'Pilih cara kedua untuk membuktikan bahwa ini Anda.',
    'totp.enroll.title': 'Siapkan aplikasi autentikator',
    'totp.enroll.intro': 'Gunakan aplikasi seperti Google Authenticator, Microsoft Authenticator atau 1Password untuk mendapatkan kode baru setiap 30 detik.',
    'totp.enroll.start': 'Siapkan aplikasi autentikator',
    'totp.enroll.scan': 'Pindai kode ini dengan aplikasi autentikator Anda, lalu masukkan 6 digit kode yang ditampilkan.',
    'totp.enroll.qr': 'Kode QR untuk aplikasi autentikator Anda',
    'totp.enroll.manual': 'Tidak bisa memindai? Masukkan kunci ini di aplikasi:',
    'totp.enroll.confirm': 'Konfirmasi',
    'totp.code': 'Kode 6 digit',
    'totp.name': 'Aplikasi autentikator',
    'totp.wrong': 'Kode itu salah atau sudah dipakai. Masukkan kode terbaru dari aplikasi Anda.',
    'totp.challenge.title': 'Masukkan kode Anda',
    'totp.challenge.intro': 'Buka aplikasi autentikator Anda dan masukkan 6 digit kode.',
    'totp.challenge.verify': 'Verifikasi',
    'recovery.name': 'Kode pemulihan',
    'recovery.title': 'Gunakan kode pemulihan',
    'recovery.intro': 'Masukkan salah satu kode pemulihan yang Anda simpan. Setiap kode hanya berlaku sekali.',
    'recovery.code': 'Kode pemulihan',
    'recovery.wrong': 'Kode pemulihan itu tidak valid atau sudah dipakai.',
    'recovery.fewLeft': 'Tinggal {n} kode pemulihan. Buat yang baru di akun Anda.',
    'recovery.show.title': 'Simpan kode pemulihan Anda',
    'recovery.show.intro': 'Jika ponsel Anda hilang, setiap kode ini memungkinkan Anda masuk satu kali. Kode hanya ditampilkan sekarang: simpan di tempat aman.',
    'recovery.show.saved': 'Sudah saya simpan',
  },
};
mfaChallengeNode.messages = mfaMessages;

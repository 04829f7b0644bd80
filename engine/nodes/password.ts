import type { NodeType, StepResult } from './types.js';
import type { NodeContext, Page } from './types.js';
import { passwordSignInMessages, setPasswordMessages } from '../methods/password/messages.js';
import { DEFAULT_LOCKOUT_POLICY, lockoutSchemaProperties, type LockoutPolicy } from '../methods/password/lockout.js';
import { signInWithPassword } from '../methods/password/sign-in.js';
import { setNewPassword } from '../methods/password/set-password.js';
import { DEFAULT_PASSWORD_POLICY } from '../methods/password/policy.js';
import { codeMessages } from '../methods/codes/messages.js';
import { botMessages, challengeNeeded, passChallenge, withChallenge } from '../protection/bot-guard.js';

interface PasswordSettings extends LockoutPolicy {
  /** A right password that is known-breached: a new one is chosen before the sign-in goes on (default), or it is only flagged. */
  onBreached?: 'change' | 'flag';
}

/** The user whose right but breached password must be replaced before this step ends. */
const pendingChange = (ctx: NodeContext<unknown>): string | null => {
  const id = ctx.state.data[ctx.nodeId]?.breachedUser;
  return typeof id === 'string' ? id : null;
};

/** "Choose a new password": the sign-in is right, but the password is known from breaches. */
function changeBreachedPage(ctx: NodeContext<unknown>): Page {
  return {
    title: ctx.t('password.breached.title'),
    intro: ctx.t('password.breached.intro'),
    fields: [
      { name: 'email', label: ctx.t('password.email'), type: 'email', readonly: true, autocomplete: 'username', value: ctx.state.email ?? '' },
      { name: 'password', label: ctx.t('setPassword.password'), type: 'password', required: true, autocomplete: 'new-password', hint: ctx.t('register.hint', { n: DEFAULT_PASSWORD_POLICY.minLength }) },
      { name: 'confirm', label: ctx.t('setPassword.confirm'), type: 'password', required: true, autocomplete: 'new-password' },
    ],
    actions: [{ value: 'change-breached', label: ctx.t('setPassword.submit') }],
  };
}

function signInPage(ctx: NodeContext<unknown>): Page {
  return {
    title: ctx.t('password.title'),
    fields: [
      { name: 'email', label: ctx.t('password.email'), type: 'email', readonly: true, autocomplete: 'username', value: ctx.state.email ?? '' },
      { name: 'password', label: ctx.t('password.password'), type: 'password', required: true, autocomplete: 'current-password' },
    ],
    actions: [{ value: 'sign-in', label: ctx.t('password.submit') }],
    blocks: [{ kind: 'link', href: '/login?flow=password-reset', label: ctx.t('password.forgot') }],
  };
}

async function changeBreached(ctx: NodeContext<unknown>, userId: string, input: Record<string, string>): Promise<StepResult> {
  const user = await ctx.services.store.users.findById(userId);
  if (!user) return { outcome: 'unknown-user' };
  const problems = await setNewPassword(ctx, user, input.password ?? '', input.confirm ?? '', DEFAULT_PASSWORD_POLICY);
  if (problems) return { invalid: { fields: problems } };
  return { outcome: 'success', patch: { userId: user.id, amr: ['pwd'], data: { [ctx.nodeId]: { breachedUser: null, breached: true } } }, notice: { kind: 'info', key: 'setPassword.done' } };
}

/** Verifies the password of the identified email (argon2id), with lockout after repeated failures. */
export const passwordNode: NodeType<PasswordSettings> = {
  type: 'password',
  title: 'Password',
  description: 'Checks the password of the account. Repeated wrong passwords block that address for the account for a while; failures from many addresses slow the account down instead of locking it.',
  icon: '***',
  requires: ['email'],
  category: 'authenticate',
  words: {
    id: {
      title: 'Kata sandi',
      description: 'Memeriksa kata sandi akun. Kata sandi salah yang berulang dari satu alamat memblokir alamat itu untuk akun tersebut selama beberapa waktu; kegagalan dari banyak alamat memperlambat akun alih-alih menguncinya.',
      outcomes: {
        success: 'Kata sandi benar',
        'wrong-password': 'Kata sandi salah',
        'unknown-user': 'Akun tidak ada',
        locked: 'Akun terkunci',
      },
      settings: {
        'Wrong passwords from one address before that address is blocked for the account': 'Jumlah kata sandi salah dari satu alamat sebelum alamat itu diblokir untuk akun tersebut',
        'Minutes that address stays blocked for the account': 'Berapa menit alamat itu tetap diblokir untuk akun tersebut',
        'When the right password is a known-breached one': 'Bila kata sandi yang benar termasuk kata sandi yang diketahui bocor',
        'Ask for a new password before going on (recommended), or only flag the run (the risk step sees it).': 'Minta kata sandi baru sebelum melanjutkan (disarankan), atau hanya beri tanda pada proses masuk ini (langkah Pemeriksaan risiko melihatnya).',
        'Ask for a new password': 'Minta kata sandi baru',
        'Only flag the sign-in': 'Hanya beri tanda pada proses masuk',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['maxAttempts', 'lockMinutes'],
    properties: {
      ...lockoutSchemaProperties,
      onBreached: {
        type: 'string',
        enum: ['change', 'flag'],
        'x-enum-titles': { change: 'Ask for a new password', flag: 'Only flag the sign-in' },
        default: 'change',
        title: 'When the right password is a known-breached one',
        description: 'Ask for a new password before going on (recommended), or only flag the run (the risk step sees it).',
      },
    },
  },
  defaultSettings: { ...DEFAULT_LOCKOUT_POLICY, onBreached: 'change' },
  outcomes: () => [
    { name: 'success', label: 'Correct password', provides: { facts: ['user'], amr: ['pwd'] } },
    { name: 'wrong-password', label: 'Wrong password', description: 'Usually connected back to this step.' },
    { name: 'unknown-user', label: 'No such account' },
    { name: 'locked', label: 'Account locked' },
  ],
  // "Forgot password?" leads to this journey.
  references: () => [{ kind: 'journey', id: 'password-reset' }],
  messages: {
    en: { ...codeMessages.en, ...botMessages.en, ...setPasswordMessages.en, ...passwordSignInMessages.en },
    id: { ...codeMessages.id, ...botMessages.id, ...setPasswordMessages.id, ...passwordSignInMessages.id },
  },
  // An address with many failed sign-ins gets the bot challenge before any password is checked.
  render: async (ctx) => {
    if (pendingChange(ctx)) return changeBreachedPage(ctx);
    return (await challengeNeeded(ctx)) ? withChallenge(ctx, signInPage(ctx)) : signInPage(ctx);
  },
  submit: async (ctx, input): Promise<StepResult> => {
    const changing = pendingChange(ctx);
    if (changing) return changeBreached(ctx, changing, input);
    if (await challengeNeeded(ctx)) {
      const challenge = await passChallenge(ctx, input);
      if (challenge !== 'passed') return challenge;
    }
    const password = input.password ?? '';
    if (!password) return { invalid: { fields: { password: ctx.t('field.required') } } };
    const checked = await signInWithPassword(ctx, ctx.state.email, password, ctx.settings);
    switch (checked.result) {
      case 'ok': {
        // Right, but known from breaches: flagged (the risk step sees it) and, by default, replaced now.
        if (await ctx.services.breached.isBreached(password)) {
          await ctx.audit.record('password.breached', { userId: checked.user.id, details: { action: ctx.settings.onBreached ?? 'change' } });
          if ((ctx.settings.onBreached ?? 'change') === 'change') return { update: { data: { [ctx.nodeId]: { breachedUser: checked.user.id } } } };
          return { outcome: 'success', patch: { userId: checked.user.id, amr: ['pwd'], data: { [ctx.nodeId]: { breached: true } } } };
        }
        return { outcome: 'success', patch: { userId: checked.user.id, amr: ['pwd'] } };
      }
      case 'unknown-user':
        return { outcome: 'unknown-user' };
      case 'locked':
        // An account slowed by failures from many addresses, or an address failing on many accounts:
        // the person stays here and may try again later. This address blocked for this account: locked.
        if (checked.scope === 'account') return { update: {}, notice: { kind: 'error', key: 'password.slowed', vars: { seconds: checked.seconds } } };
        if (checked.scope === 'address') return { update: {}, notice: { kind: 'error', key: 'password.throttled', vars: { minutes: checked.minutes } } };
        return { outcome: 'locked', notice: { kind: 'error', key: 'password.locked', vars: { minutes: checked.minutes } } };
      case 'wrong':
        return { outcome: 'wrong-password', notice: { kind: 'error', key: 'password.wrong' } };
    }
  },
};

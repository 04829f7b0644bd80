import type { NodeType, StepResult } from './types.js';
import { passwordSignInMessages } from '../methods/password/messages.js';
import { DEFAULT_LOCKOUT_POLICY, lockoutSchemaProperties, type LockoutPolicy } from '../methods/password/lockout.js';
import { signInWithPassword } from '../methods/password/sign-in.js';

type PasswordSettings = LockoutPolicy;

/** Verifies the password of the identified email (argon2id), with lockout after repeated failures. */
export const passwordNode: NodeType<PasswordSettings> = {
  type: 'password',
  title: 'Password',
  description: 'Checks the password of the account. Repeated wrong passwords block that address for the account for a while; failures from many addresses slow the account down instead of locking it.',
  icon: '***',
  requires: ['email'],
  category: 'authenticate',
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['maxAttempts', 'lockMinutes'],
    properties: lockoutSchemaProperties,
  },
  defaultSettings: DEFAULT_LOCKOUT_POLICY,
  outcomes: () => [
    { name: 'success', label: 'Correct password', provides: { facts: ['user'], amr: ['pwd'] } },
    { name: 'wrong-password', label: 'Wrong password', description: 'Usually connected back to this step.' },
    { name: 'unknown-user', label: 'No such account' },
    { name: 'locked', label: 'Account locked' },
  ],
  // "Forgot password?" leads to this journey.
  references: () => [{ kind: 'journey', id: 'password-reset' }],
  messages: passwordSignInMessages,
  render: (ctx) => ({
    title: ctx.t('password.title'),
    fields: [
      { name: 'email', label: ctx.t('password.email'), type: 'email', readonly: true, autocomplete: 'username', value: ctx.state.email ?? '' },
      { name: 'password', label: ctx.t('password.password'), type: 'password', required: true, autocomplete: 'current-password' },
    ],
    actions: [{ value: 'sign-in', label: ctx.t('password.submit') }],
    blocks: [{ kind: 'link', href: '/login?flow=password-reset', label: ctx.t('password.forgot') }],
  }),
  submit: async (ctx, input): Promise<StepResult> => {
    const password = input.password ?? '';
    if (!password) return { invalid: { fields: { password: ctx.t('field.required') } } };
    const checked = await signInWithPassword(ctx, ctx.state.email, password, ctx.settings);
    switch (checked.result) {
      case 'ok':
        return { outcome: 'success', patch: { userId: checked.user.id, amr: ['pwd'] } };
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

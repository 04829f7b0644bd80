import type { NodeType, StepResult } from './types.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../identity/passwords.js';
import { registerNode } from './register.js';

interface SetPasswordSettings {
  policy: PasswordPolicy;
}

/** Sets a new password (password reset or change): replaces the old one and signs out every session. */
export const setPasswordNode: NodeType<SetPasswordSettings> = {
  type: 'set-password',
  title: 'Set new password',
  description: 'Asks for a new password, replaces the old one and signs the account out everywhere else.',
  icon: 'key-round',
  category: 'profile',
  settingsSchema: registerNode.settingsSchema,
  defaultSettings: { policy: DEFAULT_PASSWORD_POLICY },
  outcomes: () => [{ name: 'done', label: 'Password changed' }],
  check: (s) => (s.policy.minLength > s.policy.maxLength ? ['the shortest password is longer than the longest'] : []),
  messages: {
    en: {
      'setPassword.title': 'Choose a new password',
      'setPassword.password': 'New password',
      'setPassword.confirm': 'Repeat the new password',
      'setPassword.mismatch': 'The two passwords are not the same.',
      'setPassword.submit': 'Save password',
      'setPassword.done': 'Your password was changed. You were signed out on other devices.',
    },
    id: {
      'setPassword.title': 'Pilih kata sandi baru',
      'setPassword.password': 'Kata sandi baru',
      'setPassword.confirm': 'Ulangi kata sandi baru',
      'setPassword.mismatch': 'Kedua kata sandi tidak sama.',
      'setPassword.submit': 'Simpan kata sandi',
      'setPassword.done': 'Kata sandi Anda telah diubah. Anda telah dikeluarkan dari perangkat lain.',
    },
  },
  auto: async (ctx) => {
    if (!ctx.user) throw new Error(`Step ${ctx.nodeId} (set-password) needs an identified user; place it after a verification step`);
    return null;
  },
  render: (ctx) => ({
    title: ctx.t('setPassword.title'),
    fields: [
      { name: 'email', label: ctx.t('password.email'), type: 'email', readonly: true, autocomplete: 'username', value: ctx.user?.email ?? '' },
      {
        name: 'password',
        label: ctx.t('setPassword.password'),
        type: 'password',
        required: true,
        autocomplete: 'new-password',
        hint: ctx.t('register.hint', { n: ctx.settings.policy.minLength }),
      },
      { name: 'confirm', label: ctx.t('setPassword.confirm'), type: 'password', required: true, autocomplete: 'new-password' },
    ],
    actions: [{ value: 'save', label: ctx.t('setPassword.submit') }],
  }),
  submit: async (ctx, input): Promise<StepResult> => {
    const user = ctx.user!;
    const password = input.password ?? '';
    const problems = checkPasswordPolicy(password, ctx.settings.policy, user.email);
    if (problems.length) return { invalid: { fields: { password: problems.map((p) => ctx.t(p.key, p.vars)).join(' ') } } };
    if (password !== (input.confirm ?? '')) return { invalid: { fields: { confirm: ctx.t('setPassword.mismatch') } } };
    const { store, passwords, now } = ctx.deps;
    await store.credentials.replaceAll(user.id, { type: 'password', data: { hash: await passwords.hash(password) } });
    await store.sessions.deleteByUser(user.id);
    await store.users.recordLoginSuccess(user.id);
    await store.audit.record({ at: now(), type: 'password.changed', userId: user.id, actor: user.id, ip: ctx.client.ip, details: {} });
    return { outcome: 'done', notice: { kind: 'info', key: 'setPassword.done' } };
  },
};

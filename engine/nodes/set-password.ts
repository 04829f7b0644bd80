import type { NodeType, StepResult } from './types.js';
import { DEFAULT_PASSWORD_POLICY, passwordPolicySchema, policyProblems, type PasswordPolicy } from '../methods/password/policy.js';
import { setPasswordMessages } from '../methods/password/messages.js';
import { setNewPassword } from '../methods/password/set-password.js';
import { PASSWORD_RULES_WORDS } from './designer-words.js';

interface SetPasswordSettings {
  policy: PasswordPolicy;
}

/** Sets a new password (password reset or change): replaces the old one and signs out every session. */
export const setPasswordNode: NodeType<SetPasswordSettings> = {
  type: 'set-password',
  title: 'Set new password',
  description: 'Asks for a new password, replaces the old one and signs the account out everywhere else.',
  icon: '**+',
  requires: ['user'],
  category: 'profile',
  words: {
    id: {
      title: 'Atur kata sandi baru',
      description: 'Meminta kata sandi baru, mengganti yang lama, dan mengeluarkan akun dari semua tempat lain.',
      outcomes: {
        done: 'Kata sandi diubah',
      },
      settings: {
        ...PASSWORD_RULES_WORDS.id,
      },
    },
  },
  settingsSchema: { type: 'object', additionalProperties: false, required: ['policy'], properties: { policy: passwordPolicySchema } },
  defaultSettings: { policy: DEFAULT_PASSWORD_POLICY },
  outcomes: () => [{ name: 'done', label: 'Password changed' }],
  check: (s) => policyProblems(s.policy),
  messages: setPasswordMessages,
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
    const problems = await setNewPassword(ctx, ctx.user!, input.password ?? '', input.confirm ?? '', ctx.settings.policy);
    if (problems) return { invalid: { fields: problems } };
    return { outcome: 'done', notice: { kind: 'info', key: 'setPassword.done' } };
  },
};

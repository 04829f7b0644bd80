import type { NodeType } from './types.js';
import { DEFAULT_PASSWORD_POLICY, passwordPolicySchema, policyProblems, type PasswordPolicy } from '../methods/password/policy.js';
import { registrationMessages } from '../methods/password/messages.js';
import { registerWithPassword } from '../methods/password/registration.js';
import { PASSWORD_RULES_WORDS } from './designer-words.js';

interface RegisterSettings {
  policy: PasswordPolicy;
}

/** Creates an account with email and password (argon2id), checked against a configurable policy. */
export const registerNode: NodeType<RegisterSettings> = {
  type: 'register',
  title: 'Sign up',
  description: 'Creates an account with email and password. The password rules are configurable.',
  icon: '+',
  category: 'identify',
  words: {
    id: {
      title: 'Daftar',
      description: 'Membuat akun dengan email dan kata sandi. Aturan kata sandinya dapat diatur.',
      outcomes: {
        created: 'Akun dibuat',
      },
      settings: {
        ...PASSWORD_RULES_WORDS.id,
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['policy'],
    properties: {
      policy: passwordPolicySchema,
    },
  },
  defaultSettings: { policy: DEFAULT_PASSWORD_POLICY },
  outcomes: () => [{ name: 'created', label: 'Account created', provides: { facts: ['user', 'email'], amr: ['pwd'], forgets: ['email-verified'] } }],
  check: (s) => policyProblems(s.policy),
  messages: registrationMessages,
  render: (ctx) => ({
    title: ctx.t('register.title'),
    fields: [
      { name: 'email', label: ctx.t('register.email'), type: 'email', required: true, autocomplete: 'username', value: ctx.state.email ?? '' },
      {
        name: 'password',
        label: ctx.t('register.password'),
        type: 'password',
        required: true,
        autocomplete: 'new-password',
        hint: ctx.t('register.hint', { n: ctx.settings.policy.minLength }),
      },
    ],
    actions: [{ value: 'register', label: ctx.t('register.submit') }],
  }),
  submit: async (ctx, input) => {
    const registered = await registerWithPassword(ctx, input.email ?? '', input.password ?? '', ctx.settings.policy);
    if (registered.result === 'invalid') return { invalid: { fields: registered.fields } };
    return { outcome: 'created', patch: { userId: registered.user.id, email: registered.email, amr: ['pwd'] } };
  },
};

import type { NodeType } from './types.js';
import { isEmail } from '../identity/attributes.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../identity/passwords.js';
import { DuplicateError, normaliseEmail } from '../store/port.js';

interface RegisterSettings {
  policy: PasswordPolicy;
}

/** Creates an account with email and password (argon2id), checked against a configurable policy. */
export const registerNode: NodeType<RegisterSettings> = {
  type: 'register',
  title: 'Sign up',
  description: 'Creates an account with email and password. The password rules are configurable.',
  icon: 'user-plus',
  category: 'identify',
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['policy'],
    properties: {
      policy: {
        type: 'object',
        title: 'Password rules',
        additionalProperties: false,
        required: ['minLength', 'maxLength', 'requireLowercase', 'requireUppercase', 'requireDigit', 'requireSymbol'],
        properties: {
          minLength: { type: 'integer', minimum: 8, maximum: 128, default: 10, title: 'Shortest password' },
          maxLength: { type: 'integer', minimum: 16, maximum: 1024, default: 128, title: 'Longest password' },
          requireLowercase: { type: 'boolean', default: false, title: 'Needs a lower-case letter' },
          requireUppercase: { type: 'boolean', default: false, title: 'Needs an upper-case letter' },
          requireDigit: { type: 'boolean', default: false, title: 'Needs a digit' },
          requireSymbol: { type: 'boolean', default: false, title: 'Needs a symbol' },
        },
      },
    },
  },
  defaultSettings: { policy: DEFAULT_PASSWORD_POLICY },
  outcomes: () => [{ name: 'created', label: 'Account created' }],
  check: (s) => (s.policy.minLength > s.policy.maxLength ? ['the shortest password is longer than the longest'] : []),
  messages: {
    en: {
      'register.title': 'Create your account',
      'register.email': 'Email address',
      'register.password': 'Choose a password',
      'register.hint': 'At least {n} characters.',
      'register.submit': 'Create account',
      'register.duplicate': 'An account with this email already exists. Sign in instead.',
    },
    id: {
      'register.title': 'Buat akun Anda',
      'register.email': 'Alamat email',
      'register.password': 'Pilih kata sandi',
      'register.hint': 'Minimal {n} karakter.',
      'register.submit': 'Buat akun',
      'register.duplicate': 'Akun dengan email ini sudah ada. Silakan masuk.',
    },
  },
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
    const email = normaliseEmail(input.email ?? '');
    const password = input.password ?? '';
    const fields: Record<string, string> = {};
    if (!isEmail(email)) fields.email = ctx.t('field.email');
    const problems = checkPasswordPolicy(password, ctx.settings.policy, email);
    if (problems.length) fields.password = problems.map((p) => ctx.t(p.key, p.vars)).join(' ');
    if (Object.keys(fields).length) return { invalid: { fields } };
    const hash = await ctx.deps.passwords.hash(password);
    try {
      const user = await ctx.deps.store.users.create({ email }, { type: 'password', data: { hash } });
      await ctx.deps.store.audit.record({
        at: ctx.deps.now(),
        type: 'signup',
        userId: user.id,
        actor: user.id,
        ip: ctx.client.ip,
        details: { method: 'password' },
      });
      return { outcome: 'created', patch: { userId: user.id, email, amr: ['pwd'] } };
    } catch (err) {
      if (err instanceof DuplicateError) return { invalid: { fields: { email: ctx.t('register.duplicate') } } };
      throw err;
    }
  },
};

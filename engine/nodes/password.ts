import type { NodeType } from './types.js';
import { dummyPasswordHash } from '../identity/passwords.js';

interface PasswordSettings {
  maxAttempts: number;
  lockMinutes: number;
}

/** Verifies the password of the identified email (argon2id), with lockout after repeated failures. */
export const passwordNode: NodeType<PasswordSettings> = {
  type: 'password',
  title: 'Password',
  description: 'Checks the password of the account. Locks the account for a while after repeated wrong passwords.',
  icon: 'key',
  category: 'authenticate',
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['maxAttempts', 'lockMinutes'],
    properties: {
      maxAttempts: { type: 'integer', minimum: 1, maximum: 50, default: 5, title: 'Wrong passwords before the account is locked' },
      lockMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 15, title: 'Minutes the account stays locked' },
    },
  },
  defaultSettings: { maxAttempts: 5, lockMinutes: 15 },
  outcomes: () => [
    { name: 'success', label: 'Correct password' },
    { name: 'wrong-password', label: 'Wrong password', description: 'Usually connected back to this step.' },
    { name: 'unknown-user', label: 'No such account' },
    { name: 'locked', label: 'Account locked' },
  ],
  messages: {
    en: {
      'password.title': 'Enter your password',
      'password.email': 'Email address',
      'password.password': 'Password',
      'password.submit': 'Sign in',
      'password.wrong': 'That password is not right. Please try again.',
      'password.locked': 'Too many wrong passwords. Your account is locked; try again in {minutes} minutes.',
      'password.forgot': 'Forgot password?',
    },
    id: {
      'password.title': 'Masukkan kata sandi Anda',
      'password.email': 'Alamat email',
      'password.password': 'Kata sandi',
      'password.submit': 'Masuk',
      'password.wrong': 'Kata sandi salah. Silakan coba lagi.',
      'password.locked': 'Terlalu banyak kata sandi salah. Akun Anda dikunci; coba lagi dalam {minutes} menit.',
      'password.forgot': 'Lupa kata sandi?',
    },
  },
  render: (ctx) => ({
    title: ctx.t('password.title'),
    fields: [
      { name: 'email', label: ctx.t('password.email'), type: 'email', readonly: true, autocomplete: 'username', value: ctx.state.email ?? '' },
      { name: 'password', label: ctx.t('password.password'), type: 'password', required: true, autocomplete: 'current-password' },
    ],
    actions: [{ value: 'sign-in', label: ctx.t('password.submit') }],
    blocks: [{ kind: 'link', href: '/login?flow=password-reset', label: ctx.t('password.forgot') }],
  }),
  submit: async (ctx, input) => {
    const { store, passwords, now } = ctx.deps;
    const password = input.password ?? '';
    if (!password) return { invalid: { fields: { password: ctx.t('field.required') } } };
    const user = ctx.state.email ? await store.users.findByEmail(ctx.state.email) : null;
    const credential = user ? (await store.credentials.listByUser(user.id, 'password'))[0] : undefined;
    const storedHash = typeof credential?.data.hash === 'string' ? credential.data.hash : await dummyPasswordHash(passwords);
    const lockedMinutes = (until: Date | null) =>
      until && until.getTime() > now().getTime() ? Math.ceil((until.getTime() - now().getTime()) / 60_000) : 0;

    if (user && lockedMinutes(user.lockedUntil) > 0) {
      // Still verify, so a locked account answers in the same time as any other.
      await passwords.verify(storedHash, password);
      return { outcome: 'locked', notice: { kind: 'error', key: 'password.locked', vars: { minutes: lockedMinutes(user.lockedUntil) } } };
    }
    const ok = await passwords.verify(storedHash, password);
    if (!user) return { outcome: 'unknown-user' };
    if (!credential || !ok) {
      await store.audit.record({
        at: now(),
        type: 'signin.failed',
        userId: user.id,
        actor: null,
        ip: ctx.client.ip,
        details: { reason: 'wrong-password', userAgent: ctx.client.userAgent },
      });
      const after = await store.users.recordLoginFailure(user.id, now(), ctx.settings.maxAttempts, ctx.settings.lockMinutes * 60_000);
      const minutes = lockedMinutes(after?.lockedUntil ?? null);
      if (minutes > 0) return { outcome: 'locked', notice: { kind: 'error', key: 'password.locked', vars: { minutes } } };
      return { outcome: 'wrong-password', notice: { kind: 'error', key: 'password.wrong' } };
    }
    await store.users.recordLoginSuccess(user.id);
    return { outcome: 'success', patch: { userId: user.id, amr: ['pwd'] } };
  },
};

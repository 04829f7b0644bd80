import type { NodeType, StepResult } from './types.js';
import { authenticationOptions, ceremonyPage, pendingOf, verifyAuthentication } from '../methods/webauthn/ceremony.js';

/** Passwordless sign-in with a passkey (a discoverable WebAuthn credential): no email needed. */
export const passkeyNode: NodeType<{ allowOther: boolean }> = {
  type: 'passkey',
  title: 'Sign in with a passkey',
  description: 'Signs in with a passkey saved on the device (fingerprint, face or screen lock). Offers another way when the user has none.',
  icon: 'PK',
  category: 'authenticate',
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['allowOther'],
    properties: { allowOther: { type: 'boolean', default: true, title: 'Offer "sign in another way"' } },
  },
  defaultSettings: { allowOther: true },
  outcomes: (s) => [
    { name: 'signed-in', label: 'Signed in', provides: { facts: ['user', 'email'], amr: ['hwk'], forgets: ['email-verified'] } },
    ...(s.allowOther ? [{ name: 'other', label: 'Chose another way' }] : []),
  ],
  messages: {
    en: {
      'passkey.title': 'Sign in with a passkey',
      'passkey.intro': 'Use the fingerprint, face or screen lock of this device.',
      'passkey.start': 'Sign in with a passkey',
      'passkey.other': 'Sign in another way',
      'passkey.waiting': 'Follow the instructions of your browser or device.',
      'passkey.continue': 'Continue',
      'passkey.retry': 'Try again',
      'passkey.failed': 'That did not work. Try again, or use another way to sign in.',
      'passkey.name': 'Passkey',
      'passkey.enroll.title': 'Create a passkey',
      'passkey.enroll.intro': 'Next time, sign in with the fingerprint, face or screen lock of this device.',
      'passkey.enroll.start': 'Create a passkey',
      'passkey.challenge.title': 'Confirm with your passkey',
      'passkey.challenge.intro': 'Use the passkey you created for this account.',
      'passkey.challenge.start': 'Use my passkey',
    },
    id: {
      'passkey.title': 'Masuk dengan passkey',
      'passkey.intro': 'Gunakan sidik jari, wajah, atau kunci layar perangkat ini.',
      'passkey.start': 'Masuk dengan passkey',
      'passkey.other': 'Masuk dengan cara lain',
      'passkey.waiting': 'Ikuti petunjuk peramban atau perangkat Anda.',
      'passkey.continue': 'Lanjutkan',
      'passkey.retry': 'Coba lagi',
      'passkey.failed': 'Itu tidak berhasil. Coba lagi, atau gunakan cara lain untuk masuk.',
      'passkey.name': 'Passkey',
      'passkey.enroll.title': 'Buat passkey',
      'passkey.enroll.intro': 'Lain kali, masuk dengan sidik jari, wajah, atau kunci layar perangkat ini.',
      'passkey.enroll.start': 'Buat passkey',
      'passkey.challenge.title': 'Konfirmasi dengan passkey Anda',
      'passkey.challenge.intro': 'Gunakan passkey yang Anda buat untuk akun ini.',
      'passkey.challenge.start': 'Gunakan passkey saya',
    },
  },
  render: (ctx) => {
    const page = ceremonyPage(ctx, ctx.t('passkey.title'), ctx.t('passkey.intro'), pendingOf(ctx), ctx.t('passkey.start'));
    return ctx.settings.allowOther ? { ...page, actions: [...page.actions, { value: 'other', label: ctx.t('passkey.other'), kind: 'link' }] } : page;
  },
  submit: async (ctx, input): Promise<StepResult> => {
    if (input.action === 'other' && ctx.settings.allowOther) return { outcome: 'other' };
    const pending = pendingOf(ctx);
    if (input.action === 'passkey-start' || !pending) return { update: { data: { [ctx.nodeId]: { webauthn: await authenticationOptions(ctx, null) } } } };
    const userId = await verifyAuthentication(ctx, pending, input.credential ?? '');
    if (!userId) return { update: { data: { [ctx.nodeId]: { webauthn: null } } }, notice: { kind: 'error', key: 'passkey.failed' } };
    const user = await ctx.deps.store.users.findById(userId);
    return { outcome: 'signed-in', patch: { userId, email: user?.email, amr: ['hwk'], data: { [ctx.nodeId]: { webauthn: null } } } };
  },
};

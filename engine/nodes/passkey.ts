import type { NodeType, StepResult } from './types.js';
import { authenticationOptions, ceremonyPage, pendingOf, verifyAuthentication } from '../methods/webauthn/ceremony.js';
import { webauthnMessages } from '../methods/webauthn/messages.js';

/** Passwordless sign-in with a passkey (a discoverable WebAuthn credential): no email needed. */
export const passkeyNode: NodeType<{ allowOther: boolean }> = {
  type: 'passkey',
  title: 'Sign in with a passkey',
  description: 'Signs in with a passkey saved on the device (fingerprint, face or screen lock). Offers another way when the user has none.',
  icon: 'PK',
  category: 'authenticate',
  words: {
    id: {
      title: 'Masuk dengan passkey',
      description: 'Masuk dengan passkey yang tersimpan di perangkat (sidik jari, wajah, atau kunci layar). Menawarkan cara lain bila pengguna tidak memilikinya.',
      outcomes: {
        'signed-in': 'Berhasil masuk',
        other: 'Memilih cara lain',
      },
      settings: {
        'Offer "sign in another way"': 'Tawarkan "masuk dengan cara lain"',
      },
    },
  },
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
  messages: webauthnMessages,
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
    const user = await ctx.services.store.users.findById(userId);
    return { outcome: 'signed-in', patch: { userId, email: user?.email, amr: ['hwk'], data: { [ctx.nodeId]: { webauthn: null } } } };
  },
};

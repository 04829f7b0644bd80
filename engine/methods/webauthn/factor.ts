import type { Factor } from '../factor.js';
import { authenticationOptions, ceremonyPage, pendingOf, registrationOptions, verifyAuthentication, verifyRegistration } from './ceremony.js';
import { webauthnMessages } from './messages.js';

/** Passkeys and security keys (WebAuthn, @simplewebauthn/server). */
export const webauthnFactor: Factor = {
  id: 'webauthn',
  title: 'Passkey',
  amr: 'hwk',
  messages: webauthnMessages,
  async isEnrolled(ctx) {
    return (await ctx.services.store.credentials.listByUser(ctx.user!.id, 'webauthn')).length > 0;
  },
  enroll: {
    async render(ctx) {
      return ceremonyPage(ctx, ctx.t('passkey.enroll.title'), ctx.t('passkey.enroll.intro'), pendingOf(ctx), ctx.t('passkey.enroll.start'));
    },
    async submit(ctx, input) {
      const pending = pendingOf(ctx);
      if (input.action === 'passkey-start' || !pending) {
        const existing = await ctx.services.store.credentials.listByUser(ctx.user!.id, 'webauthn');
        return { update: { data: { [ctx.nodeId]: { webauthn: await registrationOptions(ctx, ctx.user!, existing) } } } };
      }
      const data = await verifyRegistration(ctx, pending, input.credential ?? '');
      if (!data) return { update: { data: { [ctx.nodeId]: { webauthn: null } } }, notice: { kind: 'error', key: 'passkey.failed' } };
      await ctx.services.store.credentials.add(ctx.user!.id, { type: 'webauthn', data });
      await ctx.audit.record('factor.added', { details: { factor: 'webauthn' } });
      return { outcome: 'done', patch: { data: { [ctx.nodeId]: { webauthn: null } } } };
    },
  },
  challenge: {
    async render(ctx) {
      return ceremonyPage(ctx, ctx.t('passkey.challenge.title'), ctx.t('passkey.challenge.intro'), pendingOf(ctx), ctx.t('passkey.challenge.start'));
    },
    async submit(ctx, input) {
      const pending = pendingOf(ctx);
      if (input.action === 'passkey-start' || !pending) {
        const mine = await ctx.services.store.credentials.listByUser(ctx.user!.id, 'webauthn');
        return { result: 'remember', data: { webauthn: await authenticationOptions(ctx, mine) } };
      }
      // A challenge is good for one answer: a failed one starts over.
      const userId = await verifyAuthentication(ctx, pending, input.credential ?? '', ctx.user!.id);
      return userId ? { result: 'verified' } : { result: 'wrong', key: 'passkey.failed', data: { webauthn: null } };
    },
  },
};

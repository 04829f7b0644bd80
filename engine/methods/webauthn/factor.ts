import type { Factor } from '../factor.js';
import { authenticationOptions, ceremonyPage, pendingOf, registrationOptions, verifyAuthentication, verifyRegistration } from './ceremony.js';

/** Passkeys and security keys (WebAuthn, @simplewebauthn/server). */
export const webauthnFactor: Factor = {
  id: 'webauthn',
  label: 'Passkey',
  amr: 'hwk',
  async isEnrolled(ctx) {
    return (await ctx.deps.store.credentials.listByUser(ctx.user!.id, 'webauthn')).length > 0;
  },
  enroll: {
    async render(ctx) {
      return ceremonyPage(ctx, ctx.t('passkey.enroll.title'), ctx.t('passkey.enroll.intro'), pendingOf(ctx), ctx.t('passkey.enroll.start'));
    },
    async submit(ctx, input) {
      const pending = pendingOf(ctx);
      if (input.action === 'passkey-start' || !pending) {
        const existing = await ctx.deps.store.credentials.listByUser(ctx.user!.id, 'webauthn');
        return { update: { data: { [ctx.nodeId]: { webauthn: await registrationOptions(ctx, ctx.user!, existing) } } } };
      }
      const data = await verifyRegistration(ctx, pending, input.credential ?? '');
      if (!data) return { update: { data: { [ctx.nodeId]: { webauthn: null } } }, notice: { kind: 'error', key: 'passkey.failed' } };
      await ctx.deps.store.credentials.add(ctx.user!.id, { type: 'webauthn', data });
      await ctx.deps.store.audit.record({ at: ctx.deps.now(), type: 'factor.added', userId: ctx.user!.id, actor: ctx.user!.id, ip: ctx.client.ip, details: { type: 'webauthn' } });
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
        const mine = await ctx.deps.store.credentials.listByUser(ctx.user!.id, 'webauthn');
        return { update: { data: { [ctx.nodeId]: { webauthn: await authenticationOptions(ctx, mine) } } } };
      }
      const userId = await verifyAuthentication(ctx, pending, input.credential ?? '', ctx.user!.id);
      return userId ? { outcome: 'done', patch: { data: { [ctx.nodeId]: { webauthn: null } } } } : { invalid: { form: ctx.t('passkey.failed') } };
    },
  },
};

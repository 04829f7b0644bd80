import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Credential, CredentialsRepo } from '../../store/port.js';
import type { Factor } from '../factor.js';
import type { NodeContext } from '../../nodes/types.js';
import { totpMessages } from './messages.js';
import { checkSecretUnderThrottles, refusalNotice } from '../../protection/secret-checks.js';

const PERIOD_TOLERANCE_SECONDS = 30; // one step either side, for clocks that drift

/** Unix seconds of the services' clock: codes are checked against the engine's time. */
const epochOf = (ctx: NodeContext<unknown>) => Math.floor(ctx.services.clock.now().getTime() / 1000);

function pendingSecret(ctx: NodeContext<unknown>): string | null {
  const sealed = ctx.state.data[ctx.nodeId]?.totpPending;
  return typeof sealed === 'string' ? ctx.services.secrets.open(sealed) : null;
}

/** Authenticator apps (RFC 6238). Seeds are sealed at rest; a code's time step is never accepted twice. */
export const totpFactor: Factor = {
  id: 'totp',
  title: 'Authenticator app',
  amr: 'otp',
  messages: totpMessages,
  async isEnrolled(ctx) {
    return (await ctx.services.store.credentials.listByUser(ctx.user!.id, 'totp')).length > 0;
  },
  enroll: {
    async render(ctx) {
      const secret = pendingSecret(ctx);
      if (!secret) {
        return {
          title: ctx.t('totp.enroll.title'),
          intro: ctx.t('totp.enroll.intro'),
          fields: [],
          actions: [{ value: 'totp-start', label: ctx.t('totp.enroll.start') }],
        };
      }
      const uri = generateURI({ issuer: new URL(ctx.services.publicUrl).host, label: ctx.user!.email, secret });
      return {
        title: ctx.t('totp.enroll.title'),
        intro: ctx.t('totp.enroll.scan'),
        blocks: [
          { kind: 'image', src: await QRCode.toDataURL(uri, { margin: 1, width: 220 }), alt: ctx.t('totp.enroll.qr') },
          { kind: 'text', text: ctx.t('totp.enroll.manual') },
          { kind: 'code', text: secret.replace(/(.{4})/g, '$1 ').trim() },
        ],
        fields: [{ name: 'code', label: ctx.t('totp.code'), type: 'code', required: true }],
        actions: [{ value: 'totp-confirm', label: ctx.t('totp.enroll.confirm') }],
      };
    },
    async submit(ctx, input) {
      if (input.action === 'totp-start' || !pendingSecret(ctx)) {
        return { update: { data: { [ctx.nodeId]: { totpPending: ctx.services.secrets.seal(generateSecret()) } } } };
      }
      const secret = pendingSecret(ctx)!;
      const result = await verify({ secret, token: (input.code ?? '').replace(/\s/g, ''), epoch: epochOf(ctx), epochTolerance: PERIOD_TOLERANCE_SECONDS }).catch(() => ({ valid: false as const }));
      if (!result.valid) return { invalid: { fields: { code: ctx.t('totp.wrong') } } };
      await ctx.services.store.credentials.add(ctx.user!.id, {
        type: 'totp',
        data: { name: ctx.t('totp.name'), secret: ctx.services.secrets.seal(secret), lastTimeStep: stepOf(result) },
      });
      await ctx.audit.record('factor.added', { details: { factor: 'totp' } });
      return { outcome: 'done', patch: { data: { [ctx.nodeId]: { totpPending: null } } } };
    },
  },
  challenge: {
    async render(ctx) {
      return {
        title: ctx.t('totp.challenge.title'),
        intro: ctx.t('totp.challenge.intro'),
        fields: [{ name: 'code', label: ctx.t('totp.code'), type: 'code', required: true, autocomplete: 'one-time-code' }],
        actions: [{ value: 'verify', label: ctx.t('totp.challenge.verify') }],
      };
    },
    async submit(ctx, input) {
      const token = (input.code ?? '').replace(/\s/g, '');
      if (!/^\d{6}$/.test(token)) return { result: 'wrong', key: 'totp.wrong' };
      const { store, throttles, clock } = ctx.services;
      const credentials = store.credentials;
      const user = ctx.user!;
      // A guessed code counts like a guessed password (same throttles: pair, account, address).
      const checked = await checkSecretUnderThrottles(throttles, user.email, ctx.client.ip, clock.now(), {
        async check() {
          for (const credential of await credentials.listByUser(user.id, 'totp')) {
            const used = await claimTimeStep(credentials, credential, async (c, last) => {
              const secret = ctx.services.secrets.open(String(c.data.secret));
              const result = await verify({ secret, token, epoch: epochOf(ctx), epochTolerance: PERIOD_TOLERANCE_SECONDS, afterTimeStep: last }).catch(() => ({ valid: false as const }));
              return result.valid ? stepOf(result) : null;
            });
            if (used) return { verdict: true, value: true };
          }
          return { verdict: false, value: false };
        },
      });
      if (checked.result === 'blocked') return { result: 'message', ...refusalNotice(checked) };
      if (checked.value) return { result: 'verified' };
      return { result: 'wrong', key: 'totp.wrong' };
    },
  },
};

/**
 * Accepts a code's time step once: `check` answers the step of the presented code when it is valid
 * after the last used step (null otherwise), and the step is recorded by compare-and-set on the
 * credential's revision. The same code sent twice at once: one write wins; the other re-reads, and
 * the check now refuses it. True when this request used the step.
 */
export async function claimTimeStep(
  credentials: CredentialsRepo,
  credential: Credential,
  check: (credential: Credential, lastTimeStep: number | undefined) => Promise<number | null>,
): Promise<boolean> {
  let current: Credential | undefined = credential;
  while (current) {
    const last = typeof current.data.lastTimeStep === 'number' ? current.data.lastTimeStep : undefined;
    const step = await check(current, last);
    if (step === null) return false;
    if (await credentials.compareAndSetData(current.id, current.revision, { ...current.data, lastTimeStep: step })) return true;
    current = (await credentials.listByUser(current.userId, 'totp')).find((c) => c.id === credential.id);
  }
  return false;
}

/** The RFC 6238 time step a valid code belonged to. */
function stepOf(result: object): number {
  const r = result as { timeStep?: number; epoch?: number };
  return r.timeStep ?? Math.floor((r.epoch ?? 0) / 30);
}

/** For tests and tools: the code of a secret at a time (now by default). */
export const currentTotp = (secret: string, at: Date = new Date()) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

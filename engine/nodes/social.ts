import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { NodeContext, NodeType, StepResult } from './types.js';
import type { SocialConnector } from '../../connectors/social/index.js';
import { DuplicateError } from '../store/port.js';
import { safeEqual } from '../runtime/crypto.js';

interface SocialSettings {
  connections: string[];
  allowEmail: boolean;
}

/** Where a pending account link waits for the proof of ownership (not a valid node id: no clash). */
export const PENDING_LINK = '$link';

export function socialConnectors(ctx: NodeContext<unknown>): Map<string, SocialConnector> {
  return (ctx.deps.connectors.social as Map<string, SocialConnector> | undefined) ?? new Map();
}

export const callbackUrl = (publicUrl: string, connection: string) => `${publicUrl}/social/callback/${connection}`;

/**
 * "Continue with Google / <any OpenID provider>": signs in a linked account, provisions a new one
 * from the provider's claims (BYOI), or asks the owner of an existing account with the same email to
 * prove it before linking.
 */
export const socialNode: NodeType<SocialSettings> = {
  type: 'social',
  title: 'Social sign-in',
  description: 'Buttons to continue with Google or any OpenID Connect / OAuth2 provider. New people get an account from the provider\'s profile.',
  icon: 'globe',
  category: 'identify',
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['connections', 'allowEmail'],
    properties: {
      connections: { type: 'array', title: 'Providers (connection names)', minItems: 1, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' } },
      allowEmail: { type: 'boolean', default: true, title: 'Also offer "continue with email"' },
    },
  },
  defaultSettings: { connections: ['google'], allowEmail: true },
  outcomes: (s) => [
    { name: 'signed-in', label: 'Signed in' },
    { name: 'signed-up', label: 'New account' },
    { name: 'link-required', label: 'Email belongs to an existing account' },
    ...(s.allowEmail ? [{ name: 'email', label: 'Chose email instead' }] : []),
    { name: 'cancelled', label: 'Cancelled at the provider' },
    { name: 'failed', label: 'Failed' },
  ],
  messages: {
    en: {
      'social.title': 'Sign in',
      'social.continueWith': 'Continue with {provider}',
      'social.email': 'Continue with email',
      'social.cancelled': 'You cancelled the sign-in at {provider}.',
      'social.failed': 'Signing in with {provider} did not work. Please try again.',
      'social.noEmail': '{provider} did not share an email address, which we need for your account.',
      'social.unverified': 'This email address belongs to an account here, but {provider} has not verified it.',
      'social.link': 'An account with {email} already exists. Enter its password to link {provider} to it.',
    },
    id: {
      'social.title': 'Masuk',
      'social.continueWith': 'Lanjutkan dengan {provider}',
      'social.email': 'Lanjutkan dengan email',
      'social.cancelled': 'Anda membatalkan proses masuk di {provider}.',
      'social.failed': 'Masuk dengan {provider} tidak berhasil. Silakan coba lagi.',
      'social.noEmail': '{provider} tidak membagikan alamat email, yang kami perlukan untuk akun Anda.',
      'social.unverified': 'Alamat email ini milik akun di sini, tetapi {provider} belum memverifikasinya.',
      'social.link': 'Akun dengan {email} sudah ada. Masukkan kata sandinya untuk menautkan {provider}.',
    },
  },
  render: (ctx) => {
    const available = socialConnectors(ctx);
    const buttons = ctx.settings.connections
      .map((name) => available.get(name))
      .filter((c): c is SocialConnector => Boolean(c))
      .map((c) => ({ value: `connect:${c.name}`, label: ctx.t('social.continueWith', { provider: c.label }), kind: 'secondary' as const }));
    return {
      title: ctx.t('social.title'),
      fields: [],
      actions: [...buttons, ...(ctx.settings.allowEmail ? [{ value: 'email', label: ctx.t('social.email') }] : [])],
    };
  },
  submit: async (ctx, input): Promise<StepResult> => {
    if (input.action === 'email' && ctx.settings.allowEmail) return { outcome: 'email' };
    if (input.action?.startsWith('connect:')) {
      const connector = socialConnectors(ctx).get(input.action.slice('connect:'.length));
      if (!connector || !ctx.settings.connections.includes(connector.name)) return { invalid: {} };
      // state is bound to this run (which is bound to this browser); nonce and PKCE to this attempt.
      const state = `${ctx.runId}.${randomBytes(16).toString('base64url')}`;
      const nonce = randomBytes(16).toString('base64url');
      const verifier = client.randomPKCECodeVerifier();
      const url = await connector.authorizationUrl({
        redirectUri: callbackUrl(ctx.deps.publicUrl, connector.name),
        state,
        nonce,
        codeChallenge: await client.calculatePKCECodeChallenge(verifier),
      });
      return { update: { data: { [ctx.nodeId]: { pending: { connection: connector.name, state, nonce, verifier: ctx.deps.secrets.seal(verifier) } } } }, redirect: url };
    }
    if (input.action !== 'social-callback') return { invalid: {} };
    return finishCallback(ctx, input);
  },
};

async function finishCallback(ctx: NodeContext<SocialSettings>, input: Record<string, string>): Promise<StepResult> {
  const pending = ctx.state.data[ctx.nodeId]?.pending as { connection: string; state: string; nonce: string; verifier: string } | null | undefined;
  const connector = pending ? socialConnectors(ctx).get(pending.connection) : undefined;
  if (!pending || !connector || input.connection !== pending.connection || !safeEqual(input.state ?? '', pending.state)) {
    throw Object.assign(new Error('This sign-in answer does not belong to this journey.'), { status: 400 });
  }
  const provider = { provider: connector.label };
  const clear = { data: { [ctx.nodeId]: { pending: null } } };
  if (input.error) {
    return { outcome: input.error === 'access_denied' ? 'cancelled' : 'failed', patch: clear, notice: { kind: 'error', key: input.error === 'access_denied' ? 'social.cancelled' : 'social.failed', vars: provider } };
  }
  let profile;
  try {
    profile = await connector.exchange({
      redirectUri: callbackUrl(ctx.deps.publicUrl, connector.name),
      callbackUrl: new URL(input.callbackUrl),
      state: pending.state,
      nonce: pending.nonce,
      codeVerifier: ctx.deps.secrets.open(pending.verifier),
    });
  } catch (err) {
    ctx.deps.logger.warn('social sign-in failed', { connection: connector.name, error: String(err) });
    return { outcome: 'failed', patch: clear, notice: { kind: 'error', key: 'social.failed', vars: provider } };
  }
  const { store } = ctx.deps;
  const audit = (type: string, userId: string) =>
    store.audit.record({ at: ctx.deps.now(), type, userId, actor: userId, ip: ctx.client.ip, details: { provider: connector.name } });

  const linked = await store.identities.find(connector.name, profile.subject);
  if (linked) return { outcome: 'signed-in', patch: { ...clear, userId: linked.userId, email: profile.email ?? undefined, amr: ['fed'] } };
  if (!profile.email) return { outcome: 'failed', patch: clear, notice: { kind: 'error', key: 'social.noEmail', vars: provider } };

  const existing = await store.users.findByEmail(profile.email);
  if (existing) {
    // Never link on the provider's word alone: the owner proves the account is theirs first.
    if (!profile.emailVerified) return { outcome: 'failed', patch: clear, notice: { kind: 'error', key: 'social.unverified', vars: provider } };
    return {
      outcome: 'link-required',
      patch: { data: { [ctx.nodeId]: { pending: null }, [PENDING_LINK]: { provider: connector.name, subject: profile.subject, email: profile.email } }, email: profile.email },
      notice: { kind: 'info', key: 'social.link', vars: { ...provider, email: profile.email } },
    };
  }
  try {
    const user = await store.users.create(
      { email: profile.email, emailVerified: profile.emailVerified, attributes: profile.attributes },
      undefined,
      { provider: connector.name, subject: profile.subject, email: profile.email },
    );
    await audit('signup', user.id);
    return { outcome: 'signed-up', patch: { ...clear, userId: user.id, email: profile.email, amr: ['fed'] } };
  } catch (err) {
    if (err instanceof DuplicateError) return { outcome: 'failed', patch: clear, notice: { kind: 'error', key: 'social.failed', vars: provider } };
    throw err;
  }
}

/** Links the provider account waiting from a social step to the user who just proved ownership. */
export const linkIdentityNode: NodeType<Record<string, never>> = {
  type: 'link-identity',
  title: 'Link social account',
  description: 'After the owner of an existing account proved it (for example with their password), links the social account to it. Shows no page.',
  icon: 'globe',
  category: 'identify',
  settingsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultSettings: {},
  outcomes: () => [{ name: 'linked', label: 'Linked' }],
  auto: async (ctx) => {
    const pending = ctx.state.data[PENDING_LINK] as { provider: string; subject: string; email: string } | undefined;
    if (!pending?.provider || !ctx.user) return { outcome: 'linked' };
    if (ctx.user.email !== pending.email) throw new Error('The signed-in account is not the one the social account was meant for');
    try {
      await ctx.deps.store.identities.link({ provider: pending.provider, subject: pending.subject, userId: ctx.user.id, email: pending.email, linkedAt: ctx.deps.now() });
      await ctx.deps.store.audit.record({ at: ctx.deps.now(), type: 'identity.linked', userId: ctx.user.id, actor: ctx.user.id, ip: ctx.client.ip, details: { provider: pending.provider } });
    } catch (err) {
      if (!(err instanceof DuplicateError)) throw err;
    }
    return { outcome: 'linked', patch: { data: { [PENDING_LINK]: { provider: null, subject: null, email: null } }, amr: ['fed'] } };
  },
};

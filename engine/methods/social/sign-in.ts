import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { StepRejected, type CallbackRequest, type NodeContext, type StepResult } from '../../nodes/types.js';
import type { SocialConnection } from './connection.js';
import { DuplicateError } from '../../store/port.js';
import { safeEqual } from '../../runtime/crypto.js';
import { PENDING_LINK, type PendingLink } from './link.js';
import { domainEvents } from '../../outbox/domain-events.js';
import { knownLanguage } from '../../languages.js';

export interface SocialSettings {
  connections: string[];
  allowEmail: boolean;
  /**
   * When a provider that is not trusted does not mark the email verified: verify it in the journey
   * (outcome `verify-email`) instead of refusing. Unset in journeys made before it existed: refuse.
   */
  verifyEmail?: boolean;
}

/** What the step keeps between sending the browser to the provider and its answer. */
export interface PendingSignIn {
  connection: string;
  state: string;
  nonce: string;
  /** The PKCE verifier, sealed. */
  verifier: string;
}

export const callbackUrl = (publicUrl: string, connection: string) => `${publicUrl}/social/callback/${connection}`;

/** Where to send the browser for `connector`, and what to remember until it comes back. */
export async function startSignIn(ctx: NodeContext<unknown>, connector: SocialConnection): Promise<{ pending: PendingSignIn; url: string }> {
  // state is bound to this run (which is bound to this browser); nonce and PKCE to this attempt.
  const state = `${ctx.runId}.${randomBytes(16).toString('base64url')}`;
  const nonce = randomBytes(16).toString('base64url');
  const verifier = client.randomPKCECodeVerifier();
  const url = await connector.authorizationUrl({
    redirectUri: callbackUrl(ctx.services.publicUrl, connector.name),
    state,
    nonce,
    codeChallenge: await client.calculatePKCECodeChallenge(verifier),
  });
  return { pending: { connection: connector.name, state, nonce, verifier: ctx.services.secrets.seal(verifier) }, url };
}

/**
 * The provider's answer came back: signs in a linked account, provisions a new one from the
 * provider's claims, or asks the owner of an existing account with the same email to prove it.
 */
export async function finishSignIn(ctx: NodeContext<unknown>, request: CallbackRequest): Promise<StepResult> {
  const input = { connection: request.params.connection ?? '', state: request.query.state ?? '', error: request.query.error ?? '' };
  const pending = ctx.state.data[ctx.nodeId]?.pending as PendingSignIn | null | undefined;
  const connector = pending ? await ctx.services.social.get(pending.connection) : undefined;
  if (!pending || !connector || input.connection !== pending.connection || !safeEqual(input.state ?? '', pending.state)) {
    throw new StepRejected({ en: 'This sign-in answer does not belong to this journey.', id: 'Jawaban masuk ini bukan milik perjalanan ini.' });
  }
  const provider = { provider: connector.label };
  const clear = { data: { [ctx.nodeId]: { pending: null } } };
  if (input.error) {
    return { outcome: input.error === 'access_denied' ? 'cancelled' : 'failed', patch: clear, notice: { kind: 'error', key: input.error === 'access_denied' ? 'social.cancelled' : 'social.failed', vars: provider } };
  }
  let profile;
  try {
    profile = await connector.exchange({
      redirectUri: callbackUrl(ctx.services.publicUrl, connector.name),
      callbackUrl: new URL(request.url),
      state: pending.state,
      nonce: pending.nonce,
      codeVerifier: ctx.services.secrets.open(pending.verifier),
    });
  } catch (err) {
    ctx.services.logger.warn('social sign-in failed', { connection: connector.name, error: String(err) });
    return { outcome: 'failed', patch: clear, notice: { kind: 'error', key: 'social.failed', vars: provider } };
  }
  const { store } = ctx.services;
  const audit = (type: string, userId: string) =>
    ctx.audit.record(type, { userId, details: { provider: connector.name } });

  const linked = await store.identities.find(connector.name, profile.subject);
  if (linked) return { outcome: 'signed-in', patch: { ...clear, userId: linked.userId, email: profile.email ?? undefined, amr: ['fed'] } };
  if (!profile.email) return { outcome: 'failed', patch: clear, notice: { kind: 'error', key: 'social.noEmail', vars: provider } };

  // An email may be relied on when the provider marks it verified, or when the administrator declared
  // the connection trusted (the link is then remembered as unproved, see `mailboxProved`).
  const trusted = connector.trusted === true;
  const existing = await store.users.findByEmail(profile.email);
  if (!profile.emailVerified && !trusted) {
    // Never create or link an account on the provider's unverified word: the journey proves the
    // mailbox first, which also identifies an existing account with that email.
    if (!(ctx.settings as SocialSettings).verifyEmail) {
      return { outcome: 'failed', patch: clear, notice: { kind: 'error', key: existing ? 'social.unverified' : 'social.unverifiedNew', vars: provider } };
    }
    const pending: PendingLink = { provider: connector.name, subject: profile.subject, email: profile.email, attributes: profile.attributes };
    return {
      outcome: 'verify-email',
      patch: { data: { [ctx.nodeId]: { pending: null }, [PENDING_LINK]: { ...pending } }, email: profile.email, userId: undefined },
      notice: { kind: 'info', key: 'social.verifyEmail', vars: { ...provider, email: profile.email } },
    };
  }
  if (existing) {
    // Never link on the provider's word alone: the owner proves the account is theirs first.
    return {
      outcome: 'link-required',
      patch: { data: { [ctx.nodeId]: { pending: null }, [PENDING_LINK]: { provider: connector.name, subject: profile.subject, email: profile.email } }, email: profile.email },
      notice: { kind: 'info', key: 'social.link', vars: { ...provider, email: profile.email } },
    };
  }
  try {
    const user = await store.users.create(
      { email: profile.email, emailVerified: profile.emailVerified, attributes: profile.attributes, language: knownLanguage(ctx.lang) },
      undefined,
      { provider: connector.name, subject: profile.subject, email: profile.email, emailVerified: profile.emailVerified },
      domainEvents.userCreated(connector.name),
    );
    await audit('signup', user.id);
    return { outcome: 'signed-up', patch: { ...clear, userId: user.id, email: profile.email, amr: ['fed'] } };
  } catch (err) {
    if (err instanceof DuplicateError) return { outcome: 'failed', patch: clear, notice: { kind: 'error', key: 'social.failed', vars: provider } };
    throw err;
  }
}


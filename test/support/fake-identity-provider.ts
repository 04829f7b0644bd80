import type { SocialConnection, SocialProfile } from '../../engine/methods/social/connection.js';
import { expect } from 'vitest';
import type { FakeWorld } from './fake-context.js';

/**
 * An identity provider in memory for unit tests of the social steps: it hands out authorization URLs
 * and answers exchanges with the profile the test chose, checking the state and the PKCE verifier
 * as a real provider would. The real protocol is tested against a provider on loopback.
 */
export class FakeIdentityProvider implements SocialConnection {
  profile: SocialProfile | null = null;
  /** Declared trusted by the administrator (its unverified emails are taken). */
  trusted = false;
  readonly requests: Array<{ state: string; nonce: string; codeChallenge: string; redirectUri: string }> = [];

  constructor(
    readonly name: string,
    readonly label: string,
  ) {}

  async authorizationUrl(p: { redirectUri: string; state: string; nonce: string; codeChallenge: string }): Promise<string> {
    this.requests.push(p);
    return `https://${this.name}.example/authorize?state=${encodeURIComponent(p.state)}`;
  }

  /** The URL the browser comes back to after the person agreed (or `error` when they did not). */
  callback(error?: string): string {
    const last = this.requests.at(-1)!;
    const query = new URLSearchParams(error ? { error, state: last.state } : { code: 'the-code', state: last.state });
    return `${last.redirectUri}?${query}`;
  }

  async exchange(p: { redirectUri: string; callbackUrl: URL; state: string; nonce: string; codeVerifier: string }): Promise<SocialProfile> {
    const { createHash } = await import('node:crypto');
    const request = this.requests.find((r) => r.state === p.state);
    if (!request || p.callbackUrl.searchParams.get('state') !== p.state) throw new Error('state mismatch');
    if (createHash('sha256').update(p.codeVerifier).digest('base64url') !== request.codeChallenge) throw new Error('PKCE mismatch');
    if (!this.profile) throw new Error('the provider refused');
    return this.profile;
  }
}

/**
 * Clicks "Continue with <provider>" on a social step of the fake world and comes back with the
 * provider's answer (or its `error`), through the connection's callback as a browser would.
 */
export async function signInAtProvider(step: ReturnType<FakeWorld['step']>, idp: FakeIdentityProvider, error?: string) {
  const sent = await step.submit({ action: `connect:${idp.name}` });
  expect(sent).toMatchObject({ redirect: expect.stringMatching(new RegExp(`^https://${idp.name}\\.example/authorize`)) });
  const pending = step.state.data.step.pending as { state: string };
  // The provider sends the browser back to the connection's callback URL, with its answer in the query.
  expect(idp.callback(error)).toContain(`state=${encodeURIComponent(pending.state)}`);
  return step.callback(idp.callback(error), { connection: idp.name });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import type { Gerbang } from '../../engine/server.js';
import { TestBrowser } from '../support/browser.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';

const REDIRECT = 'http://localhost:8080/callback';

describe('refresh token rotation with a reuse window', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let config: oidc.Configuration;
  let n = 0;

  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir, REFRESH_REUSE_SECONDS: '2' });
    config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => {
    await gerbang?.close();
    data?.cleanup();
  });

  /** A person signs up through the demo app, which gets its first tokens. */
  async function signIn(): Promise<oidc.TokenEndpointResponse> {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const browser = new TestBrowser(gerbang.url);
    const email = `refresh${++n}.${Date.now()}@example.com`;
    await browser.get(url.toString());
    await browser.submit({ email });
    await browser.submit({ email, password: 'refresh reuse password' });
    await browser.submit({ given_name: 'Rina', family_name: '' }, { action: 'save' });
    return oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: verifier, expectedState: state });
  }

  it('two tabs refreshing with the same token at once both get the same successor, and the user stays signed in', async () => {
    const tokens = await signIn();
    const [a, b] = await Promise.all([oidc.refreshTokenGrant(config, tokens.refresh_token!), oidc.refreshTokenGrant(config, tokens.refresh_token!)]);
    expect(a.refresh_token).toBeTruthy();
    expect(b.refresh_token).toBe(a.refresh_token);
    // Each got a working access token, and the shared successor keeps rotating.
    for (const t of [a, b]) expect((await fetch(`${gerbang.url}/me`, { headers: { Authorization: `Bearer ${t.access_token}` } })).status).toBe(200);
    const next = await oidc.refreshTokenGrant(config, a.refresh_token!);
    expect(next.refresh_token).not.toBe(a.refresh_token);
  });

  it('the old token presented after the window is reuse: the grant is revoked', async () => {
    const tokens = await signIn();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    await new Promise((r) => setTimeout(r, 2300));
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The thief's reuse signed the app out everywhere: the successor no longer works either.
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await fetch(`${gerbang.url}/me`, { headers: { Authorization: `Bearer ${refreshed.access_token}` } })).status).toBe(401);
  });
});

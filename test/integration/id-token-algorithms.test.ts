import { describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { appAt, appAuthorization } from '../support/openid-journey.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'correct horse battery';
const FAST_REDIRECT = 'https://fast.example.com/callback';
const DEMO_REDIRECT = 'http://localhost:8080/callback';

/** Apps choose how their ID tokens are signed: RS256 (default) or ES256, each verifying against the published key set. */
describe('ID token signature per app (RS256 by default, ES256 when the app chooses it)', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${gerbang.url}/api${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const discover = (clientId: string) => oidc.discovery(new URL(gerbang.url), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const publishedKeys = async () => (await (await fetch(`${gerbang.url}/jwks`)).json()) as JSONWebKeySet;
  /** Verifies an ID token against the key set the provider publishes now; returns its header and claims. */
  const verified = async (idToken: string, audience: string) => {
    const { payload, protectedHeader } = await jwtVerify(idToken, createLocalJWKSet(await publishedKeys()), { issuer: gerbang.url, audience });
    return { alg: protectedHeader.alg, kid: protectedHeader.kid, email: payload.email };
  };

  /** The app's side of a sign-in with PKCE: the browser goes through the journey (or single sign-on) and comes back with a code. */
  async function signIn(browser: TestBrowser, config: oidc.Configuration, redirectUri: string, address?: string) {
    const { path, verifier, state } = appAuthorization(appAt(config, redirectUri));
    await browser.get(path);
    if (address) {
      await browser.submit({ email: address });
      await browser.submit({ email: address, password: PASSWORD });
      await browser.submit({ given_name: 'Ayu', family_name: 'Lestari' }, { action: 'save' });
    }
    expect(browser.page!.url.startsWith(`${redirectUri}?code=`)).toBe(true);
    return oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: verifier, expectedState: state });
  }

  it('publishes an RSA key and an EC P-256 key and offers both algorithms in discovery', async () => {
    const meta = (await discover('demo-app')).serverMetadata();
    expect(meta.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
    const { keys } = await publishedKeys();
    expect(keys.map((k) => [k.kty, k.alg, k.crv])).toEqual([['RSA', 'RS256', undefined], ['EC', 'ES256', 'P-256']]);
    expect(keys.every((k) => k.d === undefined)).toBe(true);
  });

  it('signs an ES256 app’s ID tokens with the EC key, at sign-in and at every refresh, while the demo app stays RS256', async () => {
    const created = await admin('POST', '/apps', { id: 'fast-app', name: 'Fast', type: 'public', redirectUris: [FAST_REDIRECT], flowId: 'login-signup', idTokenSignedResponseAlg: 'ES256' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ idTokenSignedResponseAlg: 'ES256' });

    const browser = new TestBrowser(gerbang.url);
    const address = `fast.${Date.now()}@example.com`;
    const fast = await discover('fast-app');
    const tokens = await signIn(browser, fast, FAST_REDIRECT, address);
    expect(await verified(tokens.id_token!, 'fast-app')).toMatchObject({ alg: 'ES256', email: address });

    const refreshed = await oidc.refreshTokenGrant(fast, tokens.refresh_token!);
    expect(refreshed.id_token).not.toBe(tokens.id_token);
    expect(await verified(refreshed.id_token!, 'fast-app')).toMatchObject({ alg: 'ES256', email: address });

    // The demo app, signed in to by single sign-on in the same browser, still gets RS256.
    const demo = await signIn(browser, await discover('demo-app'), DEMO_REDIRECT);
    expect(await verified(demo.id_token!, 'demo-app')).toMatchObject({ alg: 'RS256', email: address });
  });

  it('rotation gives the ES256 app a new EC key while its earlier ID token keeps verifying', async () => {
    const browser = new TestBrowser(gerbang.url);
    const fast = await discover('fast-app');
    const before = await signIn(browser, fast, FAST_REDIRECT, `rotate.${Date.now()}@example.com`);
    const oldKid = decodeProtectedHeader(before.id_token!).kid;

    const { kids } = (await (await admin('POST', '/oidc/keys/rotate')).json()) as { kids: string[] };
    const { keys } = await publishedKeys();
    expect(keys.map((k) => k.kid)).toEqual(kids);
    const newEcKid = keys.find((k) => k.kty === 'EC')!.kid;
    expect(newEcKid).not.toBe(oldKid);
    expect(keys.filter((k) => k.kty === 'EC').map((k) => k.kid)).toEqual([newEcKid, oldKid]);

    expect((await verified(before.id_token!, 'fast-app')).kid).toBe(oldKid);
    const after = await signIn(browser, await discover('fast-app'), FAST_REDIRECT);
    expect(await verified(after.id_token!, 'fast-app')).toMatchObject({ alg: 'ES256', kid: newEcKid });
  });

  it('refuses an algorithm it does not offer with a 400 naming the field, and switches an app back to RS256', async () => {
    for (const alg of ['HS256', 'none', 'ES384', 42]) {
      const res = await admin('PUT', '/apps/fast-app', { idTokenSignedResponseAlg: alg });
      expect(res.status).toBe(400);
      // Named by the console's label; API clients get the field's JSON pointer beside the words.
      expect(await res.json()).toMatchObject({ message: expect.stringContaining('ID token signature'), pointer: '/idTokenSignedResponseAlg' });
    }
    expect((await gerbang.store.apps.get('fast-app'))?.idTokenSignedResponseAlg).toBe('ES256');

    const res = await admin('PUT', '/apps/fast-app', { idTokenSignedResponseAlg: 'RS256' });
    expect(res.status).toBe(200);
    const browser = new TestBrowser(gerbang.url);
    const tokens = await signIn(browser, await discover('fast-app'), FAST_REDIRECT, `back.${Date.now()}@example.com`);
    expect((await verified(tokens.id_token!, 'fast-app')).alg).toBe('RS256');
  });
});

import { describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { appAt, appAuthorization } from '../support/openid-journey.js';

const PASSWORD = 'correct horse battery';
const DEMO_REDIRECT = 'http://localhost:8080/callback';

describe('apps sign users in through OpenID Connect', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: 'test-admin-token-0123456789' });
  let n = 0;
  const email = () => `oidc${++n}.${Date.now()}@example.com`;


  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${gerbang.url}/api${path}`, {
      ...init,
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json', ...init.headers },
    });

  const discover = (clientId: string, secret?: string) =>
    oidc.discovery(new URL(gerbang.url), clientId, undefined, secret ? oidc.ClientSecretBasic(secret) : oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });

  /** The app's side of an authorization request with PKCE. */
  const authorize = (config: oidc.Configuration, extra: Record<string, string> = {}, redirectUri = DEMO_REDIRECT) =>
    appAuthorization(appAt(config, redirectUri), { scope: 'openid profile email', ...extra });

  async function signUpThroughApp(browser: TestBrowser, config: oidc.Configuration, address: string) {
    const req = authorize(config);
    await browser.get(req.path);
    expect(browser.title()).toBe('Sign in or create an account');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    await browser.submit({ given_name: 'Dewi', family_name: 'Anggraini' }, { action: 'save' });
    expect(browser.page!.url.startsWith(DEMO_REDIRECT)).toBe(true);
    return { req, callback: new URL(browser.page!.url) };
  }

  it('publishes discovery and a signing key set', async () => {
    const config = await discover('demo-app');
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(gerbang.url);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await fetch(meta.jwks_uri!)).json()) as { keys: Array<{ kid: string; d?: string }> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });

  it('runs the demo app through its journey and returns ID, access and refresh tokens', async () => {
    const config = await discover('demo-app');
    const browser = new TestBrowser(gerbang.url);
    const address = email();
    const { req, callback } = await signUpThroughApp(browser, config, address);

    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: gerbang.url, aud: 'demo-app', email: address, given_name: 'Dewi', amr: ['pwd'], acr: 'urn:gerbang:loa:1' });
    expect(tokens.refresh_token).toBeTruthy();

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ sub: claims.sub, email: address, name: 'Dewi Anggraini' });

    // Refresh tokens rotate: the new one works; the old one, presented again within the reuse window
    // (REFRESH_REUSE_SECONDS, 30 s), answers with the same successor (later reuse: test/ops/refresh-reuse).
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).refresh_token).toBe(refreshed.refresh_token);

    // The same code cannot be exchanged twice.
    await expect(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state })).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    // RP-initiated logout ends the provider session: the next request shows the journey again.
    const logout = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://localhost:8080/' });
    await browser.get(logout.toString());
    expect(browser.title()).toBe('Sign out');
    await browser.submit({ logout: 'yes' });
    expect(browser.page!.url).toBe('http://localhost:8080/');
    // Gerbang's own session ended too.
    await browser.get('/');
    expect(browser.page!.html).toContain('You are not signed in.');
    await browser.get(authorize(config).path);
    expect(browser.title()).toBe('Sign in or create an account');
  });

  it('signs the user into a second app without asking again (single sign-on), unless prompt=login', async () => {
    const created = await admin('/apps', {
      method: 'POST',
      body: JSON.stringify({
        id: 'shop-app',
        name: 'Shop',
        type: 'confidential',
        redirectUris: ['https://shop.example.com/callback'],
        flowId: 'login-signup',
        branding: { name: 'Toko Kita', primaryColor: '#aa3300' },
      }),
    });
    expect(created.status).toBe(201);
    const { clientSecret } = (await created.json()) as { clientSecret: string };
    expect(clientSecret.length).toBeGreaterThan(30);

    const browser = new TestBrowser(gerbang.url);
    const address = email();
    const demo = await discover('demo-app');
    await signUpThroughApp(browser, demo, address);

    const shop = await discover('shop-app', clientSecret);
    const req = authorize(shop, {}, 'https://shop.example.com/callback');
    await browser.get(req.path);
    expect(browser.page!.url.startsWith('https://shop.example.com/callback?code=')).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(shop, new URL(browser.page!.url), { pkceCodeVerifier: req.verifier, expectedState: req.state });
    expect(tokens.claims()).toMatchObject({ aud: 'shop-app', email: address });

    // prompt=login: the shop's own branding on the journey, and the journey runs again.
    const again = authorize(shop, { prompt: 'login' }, 'https://shop.example.com/callback');
    await browser.get(again.path);
    expect(browser.title()).toBe('Sign in or create an account');
    expect(browser.page!.html).toContain('Toko Kita');
    expect(browser.page!.html).toContain('--primary:#aa3300');
  });

  it('lets a flow demand a second factor when the app asks for acr_values, and honours max_age', async () => {
    const at = { x: 0, y: 0 };
    const graph = {
      id: 'acr-demo',
      name: 'MFA when the app asks for it',
      version: 0,
      start: 'identify',
      nodes: [
        { id: 'identify', type: 'identify', settings: {}, position: at },
        { id: 'password', type: 'password', settings: { maxAttempts: 5, lockMinutes: 15 }, position: at },
        { id: 'register', type: 'register', settings: { policy: { minLength: 10, maxLength: 128, requireLowercase: false, requireUppercase: false, requireDigit: false, requireSymbol: false } }, position: at },
        { id: 'check', type: 'condition', settings: { rules: [{ outcome: 'strong', all: [{ field: 'request.acrValues', op: 'contains', value: 'urn:gerbang:loa:2' }] }] }, position: at },
        { id: 'mfa', type: 'mfa-challenge', settings: { factors: ['totp'], maxAttempts: 5 }, position: at },
        { id: 'enroll', type: 'mfa-enroll', settings: { factors: ['totp'], allowSkip: false }, position: at },
        { id: 'no', type: 'failure', settings: {}, position: at },
        { id: 'done', type: 'success', settings: {}, position: at },
      ],
      edges: [
        { from: 'identify', outcome: 'known', to: 'password' },
        { from: 'identify', outcome: 'unknown', to: 'register' },
        { from: 'password', outcome: 'success', to: 'check' },
        { from: 'password', outcome: 'wrong-password', to: 'password' },
        { from: 'password', outcome: 'unknown-user', to: 'register' },
        { from: 'password', outcome: 'locked', to: 'no' },
        { from: 'register', outcome: 'created', to: 'check' },
        { from: 'check', outcome: 'strong', to: 'mfa' },
        { from: 'check', outcome: 'otherwise', to: 'done' },
        { from: 'mfa', outcome: 'verified', to: 'done' },
        { from: 'mfa', outcome: 'not-enrolled', to: 'enroll' },
        { from: 'mfa', outcome: 'failed', to: 'no' },
        { from: 'enroll', outcome: 'enrolled', to: 'done' },
      ],
    };
    expect((await admin('/flows', { method: 'POST', body: JSON.stringify({ id: 'acr-demo', name: 'ACR demo' }) })).status).toBe(201);
    expect((await admin('/flows/acr-demo', { method: 'PUT', body: JSON.stringify({ graph }) })).status).toBe(200);
    expect((await admin('/flows/acr-demo/publish', { method: 'POST' })).status).toBe(201);
    await admin('/apps', { method: 'POST', body: JSON.stringify({ id: 'bank-app', name: 'Bank', type: 'public', redirectUris: [DEMO_REDIRECT], flowId: 'acr-demo' }) });
    const bank = await discover('bank-app');

    const browser = new TestBrowser(gerbang.url);
    const address = email();
    const strong = authorize(bank, { acr_values: 'urn:gerbang:loa:2' });
    await browser.get(strong.path);
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    expect(browser.title()).toBe('Set up an authenticator app');
    await browser.submit({}, { action: 'totp-start' });
    const secret = /<pre class="code">([\s\S]*?)<\/pre>/.exec(browser.page!.html)![1].replace(/\s/g, '');
    await browser.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
    const recovery = /<pre class="code">([\s\S]*?)<\/pre>/.exec(browser.page!.html)![1].split('\n');
    await browser.submit({}, { action: 'recovery-saved' });
    const tokens = await oidc.authorizationCodeGrant(bank, new URL(browser.page!.url), { pkceCodeVerifier: strong.verifier, expectedState: strong.state });
    expect(tokens.claims()).toMatchObject({ acr: 'urn:gerbang:loa:2', amr: ['pwd', 'otp', 'mfa'] });

    // max_age=0: the session is too old by definition (like prompt=login), so the journey runs again.
    const again = authorize(bank, { max_age: '0' });
    await browser.get(again.path);
    expect(browser.title()).toBe('Sign in or create an account');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    // Without acr_values this journey would stop after the password, but the account has a second
    // factor now: the engine asks it before any code is issued.
    expect(browser.page!.url.startsWith(DEMO_REDIRECT)).toBe(false);
    expect(browser.title()).toBe('Enter your code');
    await browser.submit({}, { action: 'method:recovery-codes' });
    await browser.submit({ code: recovery[0] }, { action: 'verify' });
    const fresh = await oidc.authorizationCodeGrant(bank, new URL(browser.page!.url), { pkceCodeVerifier: again.verifier, expectedState: again.state, maxAge: 0 });
    expect(fresh.claims()).toMatchObject({ acr: 'urn:gerbang:loa:2', amr: ['pwd', 'otp', 'mfa'] });
  });

  it('refuses an unregistered redirect URI with an error page and no redirect', async () => {
    const config = await discover('demo-app');
    const browser = new TestBrowser(gerbang.url);
    const req = authorize(config, {}, 'http://localhost:8080/evil');
    const res = await browser.get(req.path);
    expect(res.status).toBe(400);
    expect(browser.page!.url.startsWith(gerbang.url)).toBe(true);
    expect(browser.page!.html).toContain('redirect_uri');
  });

  it('requires PKCE from the public client', async () => {
    const url = new URL('/auth', gerbang.url);
    url.search = new URLSearchParams({ client_id: 'demo-app', response_type: 'code', scope: 'openid', redirect_uri: DEMO_REDIRECT, state: 's' }).toString();
    const browser = new TestBrowser(gerbang.url);
    await browser.get(url.toString());
    const back = new URL(browser.page!.url);
    expect(back.origin + back.pathname).toBe(DEMO_REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('rejects a code presented by another client, and a tampered state', async () => {
    const config = await discover('demo-app');
    const browser = new TestBrowser(gerbang.url);
    const { req, callback } = await signUpThroughApp(browser, config, email());
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'not-the-state');
    const error = await oidc.authorizationCodeGrant(config, tampered, { pkceCodeVerifier: req.verifier, expectedState: req.state }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error & { cause?: { message?: string } }).cause?.message ?? (error as Error).message)).toMatch(/state/);

    const created = await admin('/apps', {
      method: 'POST',
      body: JSON.stringify({ name: 'Other', type: 'public', redirectUris: [DEMO_REDIRECT], flowId: 'login-signup' }),
    });
    const other = (await created.json()) as { id: string };
    const otherConfig = await discover(other.id);
    await expect(oidc.authorizationCodeGrant(otherConfig, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('sends the user back to the app with access_denied when the journey fails', async () => {
    const config = await discover('demo-app');
    const owner = new TestBrowser(gerbang.url);
    const address = email();
    await signUpThroughApp(owner, config, address);

    const browser = new TestBrowser(gerbang.url);
    await browser.get(authorize(config).path);
    await browser.submit({ email: address });
    for (let i = 0; i < 5; i++) await browser.submit({ email: address, password: `wrong-${i}` });
    expect(browser.title()).toBe('We could not sign you in');
    await browser.get(/href="(\/interaction\/[^"]+\/abort)"/.exec(browser.page!.html)![1]);
    const back = new URL(browser.page!.url);
    expect(back.origin + back.pathname).toBe(DEMO_REDIRECT);
    expect(back.searchParams.get('error')).toBe('access_denied');
  });

  it('keeps tokens verifiable across a signing key rotation', async () => {
    const config = await discover('demo-app');
    const browser = new TestBrowser(gerbang.url);
    const { req, callback } = await signUpThroughApp(browser, config, email());
    const before = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state });
    const oldKid = JSON.parse(Buffer.from(before.id_token!.split('.')[0], 'base64url').toString()).kid;

    const rotated = (await (await admin('/oidc/keys/rotate', { method: 'POST' })).json()) as { kids: string[] };
    expect(rotated.kids[1]).toBe(oldKid);
    const jwks = (await (await fetch(`${gerbang.url}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([rotated.kids[0], oldKid]));

    // Still signed in after the rotation; the new ID token uses the new key.
    const fresh = await discover('demo-app');
    const next = authorize(fresh);
    await browser.get(next.path);
    const tokens = await oidc.authorizationCodeGrant(fresh, new URL(browser.page!.url), { pkceCodeVerifier: next.verifier, expectedState: next.state });
    expect(JSON.parse(Buffer.from(tokens.id_token!.split('.')[0], 'base64url').toString()).kid).toBe(rotated.kids[0]);
  });
});

describe('the app registry admin API', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: 'test-admin-token-0123456789' });
  const call = (method: string, path: string, body?: unknown, token = 'test-admin-token-0123456789') =>
    fetch(`${gerbang.url}/api${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('refuses wildcard, non-https and fragment redirect URIs with a clear 400', async () => {
    for (const uri of ['https://*.example.com/cb', 'http://example.com/cb', 'https://example.com/cb#x']) {
      const res = await call('POST', '/apps', { name: 'X', type: 'public', redirectUris: [uri], flowId: 'login-signup' });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('invalid_redirect_uri');
      expect(body.message).toContain(uri);
    }
  });

  it('validates input and refers only to published flows', async () => {
    const bad = await call('POST', '/apps', { name: 'X', type: 'weird', redirectUris: [] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_request');
    const noFlow = await call('POST', '/apps', { name: 'X', type: 'public', redirectUris: ['https://a.example/cb'], flowId: 'nope' });
    expect(noFlow.status).toBe(400);
  });

  it('creates, reads, updates and deletes an app, never showing its secret again', async () => {
    const created = await call('POST', '/apps', { id: 'crm', name: 'CRM', type: 'confidential', redirectUris: ['https://crm.example/cb'], flowId: 'login-signup' });
    expect(created.status).toBe(201);
    expect(await created.json()).toHaveProperty('clientSecret');
    const read = (await (await call('GET', '/apps/crm')).json()) as Record<string, unknown>;
    expect(read).toMatchObject({ id: 'crm', hasSecret: true });
    expect(read).not.toHaveProperty('clientSecret');
    expect(read).not.toHaveProperty('secretCiphertext');
    const updated = await call('PUT', '/apps/crm', { redirectUris: ['https://crm.example/cb2'] });
    expect(((await updated.json()) as { redirectUris: string[] }).redirectUris).toEqual(['https://crm.example/cb2']);
    expect((await call('POST', '/apps', { id: 'crm', name: 'Again', type: 'public', redirectUris: ['https://a.example/cb'], flowId: 'login-signup' })).status).toBe(409);
    expect((await call('DELETE', '/apps/crm')).status).toBe(204);
    expect((await call('GET', '/apps/crm')).status).toBe(404);
  });

  it('refuses callers without an administrator token or session', async () => {
    const res = await call('GET', '/apps', undefined, '');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    expect((await call('GET', '/apps', undefined, 'wrong')).status).toBe(401);
  });
});

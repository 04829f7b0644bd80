import { beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { appAt, appAuthorization } from '../support/openid-journey.js';

const PASSWORD = 'correct horse battery';

describe('native mobile and desktop apps sign users in as RFC 8252 prescribes', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: 'test-admin-token-0123456789' });
  let app: oidc.Configuration;
  let n = 0;
  const email = () => `native${++n}.${Date.now()}@example.com`;

  beforeAll(async () => {
    const created = await register({
      id: 'shop-mobile',
      name: 'Shop for Android',
      type: 'native',
      redirectUris: ['http://127.0.0.1/callback', 'com.example.shop:/callback', 'https://shop.example.com/app/callback'],
      flowId: 'login-signup',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ type: 'native', hasSecret: false });
    app = await oidc.discovery(new URL(gerbang.url), 'shop-mobile', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });

  function register(body: unknown) {
    return fetch(`${gerbang.url}/api/apps`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  const authorize = (redirectUri: string, extra: Record<string, string> = {}) => appAuthorization(appAt(app, redirectUri), extra);

  async function signUp(browser: TestBrowser) {
    const address = email();
    expect(browser.title()).toBe('Sign in or create an account');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    await browser.submit({ given_name: 'Budi', family_name: 'Santoso' }, { action: 'save' });
    return address;
  }

  /** The app's loopback listener, started on a port the system picks, as a desktop app does. */
  async function loopbackListener(): Promise<{ server: Server; port: number; received: string[] }> {
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(req.url ?? '');
      res.end('You can return to the app.');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port, received };
  }

  it('a loopback redirect on a port chosen at run time is accepted; the app receives the code and exchanges it', async () => {
    const listener = await loopbackListener();
    try {
      const redirectUri = `http://127.0.0.1:${listener.port}/callback`;
      const browser = new TestBrowser(gerbang.url, {}, [`http://127.0.0.1:${listener.port}`]);
      const req = authorize(redirectUri);
      await browser.get(req.path);
      const address = await signUp(browser);

      // The browser really landed on the app's loopback listener with the code.
      expect(listener.received).toHaveLength(1);
      const callback = new URL(listener.received[0], redirectUri);
      expect(callback.searchParams.get('code')).toBeTruthy();
      const tokens = await oidc.authorizationCodeGrant(app, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state });
      expect(tokens.claims()).toMatchObject({ aud: 'shop-mobile', email: address });
    } finally {
      listener.server.close();
    }
  });

  it('a private-use scheme redirect hands the code to the app (captured, not followed)', async () => {
    const browser = new TestBrowser(gerbang.url);
    const req = authorize('com.example.shop:/callback');
    await browser.get(req.path);
    const address = await signUp(browser);

    expect(browser.page!.status).toBe(303);
    const callback = new URL(browser.page!.url);
    expect(callback.protocol).toBe('com.example.shop:');
    expect(callback.pathname).toBe('/callback');
    const tokens = await oidc.authorizationCodeGrant(app, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state });
    expect(tokens.claims()).toMatchObject({ aud: 'shop-mobile', email: address });
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('refuses a loopback redirect to another path, localhost, or a scheme the app did not register: an error page, never a redirect', async () => {
    for (const redirectUri of ['http://127.0.0.1:4567/other', 'http://localhost:4567/callback', 'myapp:/callback', 'com.example.evil:/callback', 'https://shop.example.com/app/other']) {
      const browser = new TestBrowser(gerbang.url);
      await browser.get(authorize(redirectUri).path);
      expect(browser.page!.status, redirectUri).toBe(400);
      // Said to the person in their words, the OAuth code kept for the app's developer.
      expect(browser.errors(), redirectUri).toEqual(['This app asked to send you back to an address it has not registered. For your safety, the sign-in stops here.']);
      expect(browser.page!.html, redirectUri).toContain('invalid_redirect_uri');
      expect(browser.page!.headers.get('location')).toBeNull();
    }
  });

  it('requires PKCE: an authorization request without a code challenge is refused with invalid_request', async () => {
    const url = oidc.buildAuthorizationUrl(app, { redirect_uri: 'com.example.shop:/callback', scope: 'openid', state: 'abc' });
    const browser = new TestBrowser(gerbang.url);
    await browser.get(url.toString());
    const back = new URL(browser.page!.url);
    expect(back.protocol).toBe('com.example.shop:');
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('a native app is public: it has no secret and cannot be given one', async () => {
    const res = await fetch(`${gerbang.url}/api/apps/shop-mobile/secret`, { method: 'POST', headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'public_client' });
  });

  it('refuses to register redirect URIs RFC 8252 does not allow, naming the problem', async () => {
    const cases: Array<[string, RegExp]> = [
      ['myapp:/callback', /reverse order, like com\.example\.shop/],
      ['http://localhost/callback', /native apps must use the loopback IP literal 127\.0\.0\.1 or \[::1\]/],
      ['http://192.168.1.10/callback', /must use https, or http on the loopback IP/],
      ['javascript:alert(1)//x', /javascript scheme/],
      ['com.example.shop:/callback#frag', /fragment/],
      ['com.example.*:/callback', /wildcard/],
      ['https://127.0.0.1/callback', /loopback address/],
    ];
    for (const [uri, message] of cases) {
      const res = await register({ name: 'Bad', type: 'native', redirectUris: [uri], flowId: 'login-signup' });
      expect(res.status, uri).toBe(400);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error, uri).toBe('invalid_redirect_uri');
      expect(body.message, uri).toMatch(message);
    }
    // The same URIs are web app rules' business too: a web app still cannot use a private-use scheme.
    const web = await register({ name: 'Web', type: 'public', redirectUris: ['com.example.shop:/callback'], flowId: 'login-signup' });
    expect(web.status).toBe(400);
  });
});

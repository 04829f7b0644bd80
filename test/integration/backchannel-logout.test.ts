import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { appAt, appAuthorization } from '../support/openid-journey.js';
import { codeIn, hasCode, MailCatcher } from '../support/mail.js';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';
const REDIRECT = 'https://shop.example.com/callback';
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * The shop's back-channel logout endpoint: a real HTTP server on loopback that, like a relying party
 * must (OpenID Back-Channel Logout 1.0, 2.6), verifies each logout token's signature against the
 * provider's /jwks and its claims before it believes it.
 */
class LogoutReceiver {
  readonly tokens: JWTPayload[] = [];
  readonly rejected: string[] = [];
  private server!: Server;
  private waiters: Array<() => void> = [];
  url = '';

  async start(issuer: string, clientId: string) {
    const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const token = new URLSearchParams(body).get('logout_token') ?? '';
        jwtVerify(token, jwks, { issuer, audience: clientId, typ: 'logout+jwt', maxTokenAge: '2 minutes' })
          .then(({ payload }) => {
            const events = payload.events as Record<string, unknown> | undefined;
            if (!events || typeof events[LOGOUT_EVENT] !== 'object' || 'nonce' in payload || !payload.jti || !payload.sid) throw new Error('not a logout token');
            this.tokens.push(payload);
            res.statusCode = 200;
          })
          .catch((err: Error) => {
            this.rejected.push(err.message);
            res.statusCode = 400;
          })
          .finally(() => {
            res.setHeader('cache-control', 'no-store');
            res.end();
            for (const w of this.waiters.splice(0)) w();
          });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/backchannel-logout`;
  }

  /** Waits until `count` logout tokens have arrived. */
  async received(count: number): Promise<JWTPayload[]> {
    const deadline = Date.now() + 5000;
    while (this.tokens.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} logout tokens, got ${this.tokens.length} (rejected: ${this.rejected.join(', ')})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.tokens.slice(0, count);
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('apps with a back-channel logout URI are told when a session with them ends anywhere', () => {
  let shop: oidc.Configuration;
  const receiver = new LogoutReceiver();
  const mail = useStarted(new MailCatcher());
  // Stops after the server closed (registered before it), though it starts after (it needs the server's address).
  afterAll(async () => {
    await receiver.stop();
  });
  const gerbang = useGerbang(() => ({ ADMIN_API_TOKEN: 'test-admin-token-0123456789', ...mail.env() }));
  let n = 0;
  const email = () => `bcl${++n}.${Date.now()}@example.com`;

  beforeAll(async () => {
    await receiver.start(gerbang.url, 'shop');
    const created = await admin('POST', '/apps', {
      id: 'shop',
      name: 'Shop',
      type: 'confidential',
      redirectUris: [REDIRECT],
      postLogoutRedirectUris: ['https://shop.example.com/'],
      flowId: 'login-signup',
      backchannelLogoutUri: receiver.url,
    });
    expect(created.status).toBe(201);
    const { clientSecret } = (await created.json()) as { clientSecret: string };
    shop = await oidc.discovery(new URL(gerbang.url), 'shop', undefined, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
  });

  function admin(method: string, path: string, body?: unknown) {
    return fetch(`${gerbang.url}/api${path}`, {
      method,
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A customer signs up through the shop; the shop keeps the ID token's sid for its session. */
  async function signInToShop(browser: TestBrowser, address = email()) {
    const { path, verifier, state } = appAuthorization(appAt(shop, REDIRECT), { scope: 'openid email offline_access', prompt: 'consent' });
    await browser.get(path);
    if (browser.title() === 'Sign in or create an account') {
      await browser.submit({ email: address });
      await browser.submit({ email: address, password: PASSWORD });
      if (browser.title() !== '') await browser.submit({ given_name: 'Sari', family_name: 'Wulandari' }, { action: 'save' });
    }
    expect(browser.page!.url.startsWith(`${REDIRECT}?code=`)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(shop, new URL(browser.page!.url), { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims()!;
    expect(claims.sid).toBeTruthy();
    return { address, tokens, sub: claims.sub, sid: String(claims.sid) };
  }

  const refreshWorks = async (refreshToken: string) =>
    oidc.refreshTokenGrant(shop, refreshToken).then(
      () => true,
      () => false,
    );

  it('sign-out at the provider (RP-initiated logout) sends a signed logout token naming the user and session', async () => {
    const before = receiver.tokens.length;
    const browser = new TestBrowser(gerbang.url);
    const session = await signInToShop(browser);
    await browser.get(oidc.buildEndSessionUrl(shop, { id_token_hint: session.tokens.id_token!, post_logout_redirect_uri: 'https://shop.example.com/' }).toString());
    await browser.submit({ logout: 'yes' });
    const [token] = (await receiver.received(before + 1)).slice(before);
    expect(token).toMatchObject({ iss: gerbang.url, aud: 'shop', sub: session.sub, sid: session.sid });
    expect(typeof token.iat).toBe('number');
    expect(receiver.rejected).toEqual([]);
  });

  it("signing out of Gerbang's own pages ends the app's session too", async () => {
    const before = receiver.tokens.length;
    const browser = new TestBrowser(gerbang.url);
    const session = await signInToShop(browser);
    await browser.get('/');
    expect(browser.page!.html).toContain('You are signed in as');
    await browser.submit({});
    expect(browser.page!.html).toContain('You have been signed out.');
    const [token] = (await receiver.received(before + 1)).slice(before);
    expect(token).toMatchObject({ sub: session.sub, sid: session.sid });
  });

  it('support revoking the user’s sessions tells the app and ends its tokens, even offline ones', async () => {
    const before = receiver.tokens.length;
    const browser = new TestBrowser(gerbang.url);
    const session = await signInToShop(browser);
    expect(session.tokens.refresh_token).toBeTruthy();
    const revoked = await admin('DELETE', `/users/${session.sub}/sessions`);
    expect(await revoked.json()).toEqual({ ended: 1 });
    const [token] = (await receiver.received(before + 1)).slice(before);
    expect(token).toMatchObject({ sub: session.sub, sid: session.sid });
    expect(await refreshWorks(session.tokens.refresh_token!)).toBe(false);

    // The provider session is gone as well: the app's next sign-in runs the journey again.
    await browser.get(appAuthorization(appAt(shop, REDIRECT), { scope: 'openid' }).path);
    expect(browser.title()).toBe('Sign in or create an account');
  });

  it('signing out another device from the account page tells the app of that device only', async () => {
    const before = receiver.tokens.length;
    const laptop = new TestBrowser(gerbang.url);
    const first = await signInToShop(laptop);
    const phone = new TestBrowser(gerbang.url);
    const second = await signInToShop(phone, first.address);

    await laptop.get('/account');
    const phoneSession = (await gerbang.store.sessions.listByUser(first.sub)).find((s) => laptop.page!.html.includes(`/account/sessions/${s.id}/revoke`));
    expect(phoneSession).toBeDefined();
    await laptop.post(`/account/sessions/${phoneSession!.id}/revoke`, { _csrf: laptop.csrfToken()! });

    const [token] = (await receiver.received(before + 1)).slice(before);
    expect(token).toMatchObject({ sub: second.sub, sid: second.sid });
    expect(await refreshWorks(second.tokens.refresh_token!)).toBe(true); // offline access outlives a sign-out
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.tokens.length).toBe(before + 1); // the laptop's session goes on
    expect(await refreshWorks(first.tokens.refresh_token!)).toBe(true);
  });

  it('a password reset ends every session of the account, on every device, and each app is told', async () => {
    const before = receiver.tokens.length;
    const laptop = new TestBrowser(gerbang.url);
    const first = await signInToShop(laptop);
    const phone = new TestBrowser(gerbang.url);
    const second = await signInToShop(phone, first.address);
    expect(second.sid).not.toBe(first.sid);

    const someone = new TestBrowser(gerbang.url);
    await someone.get('/login?flow=password-reset');
    const sent = mail.mails.length;
    await someone.submit({ email: first.address });
    await someone.submit({ code: codeIn(await mail.next(first.address, sent, hasCode)) }, { action: 'verify' });
    await someone.submit({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { action: 'save' });

    const tokens = (await receiver.received(before + 2)).slice(before);
    expect(tokens.map((t) => t.sid).sort()).toEqual([first.sid, second.sid].sort());
    expect(tokens.every((t) => t.sub === first.sub)).toBe(true);
    expect(await refreshWorks(first.tokens.refresh_token!)).toBe(false);
    expect(await refreshWorks(second.tokens.refresh_token!)).toBe(false);
  });

  it("a password chosen through support's link ends every session of the account and each app is told", async () => {
    const before = receiver.tokens.length;
    const laptop = new TestBrowser(gerbang.url);
    const session = await signInToShop(laptop);
    const sent = mail.mails.length;
    expect((await admin('POST', `/users/${session.sub}/password-link`)).status).toBeLessThan(300);
    const link = /(http:\/\/[^\s"<]+\/set-password\?user=[A-Za-z0-9-]+&token=[A-Za-z0-9_-]{43})/.exec((await mail.next(session.address, sent)).text)![1];

    const someone = new TestBrowser(gerbang.url);
    await someone.get(link);
    await someone.submit({ password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(someone.page!.status).toBe(200);

    const [token] = (await receiver.received(before + 1)).slice(before);
    expect(token).toMatchObject({ sub: session.sub, sid: session.sid });
    expect(await refreshWorks(session.tokens.refresh_token!)).toBe(false);
  });

  it('refuses a back-channel logout URI that is not https (or http on loopback), and machine apps cannot have one', async () => {
    const plain = await admin('POST', '/apps', { name: 'Bad', type: 'confidential', redirectUris: [REDIRECT], flowId: 'login-signup', backchannelLogoutUri: 'http://shop.example.com/logout' });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { message: string }).message).toMatch(/^back-channel logout URI .* must use https/);
    const machine = await admin('POST', '/apps', { name: 'Bad', type: 'machine', resources: [{ indicator: 'https://api.example.com', scopes: [] }], backchannelLogoutUri: 'https://x.example.com/logout' });
    expect(machine.status).toBe(400);
  });
});

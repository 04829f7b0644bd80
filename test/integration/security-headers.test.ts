import { beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Gerbang } from '../../engine/server.js';
import { TestBrowser } from '../support/browser.js';
import { AdminSignIn } from '../support/admin.js';
import { useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';

const PASSWORD = 'a long enough password';

/** Headers every answer carries, whoever wrote it. */
function expectBaseline(what: string, headers: Headers) {
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('x-frame-options'), what).toBe('DENY');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
}

/** An HTML page: a policy that allows our own scripts only and no framing. */
function expectPage(what: string, headers: Headers) {
  expectBaseline(what, headers);
  expect(headers.get('content-type'), what).toMatch(/text\/html/);
  const csp = headers.get('content-security-policy')!;
  expect(csp, what).toMatch(/default-src 'self'/);
  expect(csp, what).toMatch(/base-uri 'none'/);
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers.get('cache-control'), what).toMatch(/no-store/);
}

function expectNoStore(what: string, headers: Headers) {
  expect(headers.get('cache-control'), what).toMatch(/no-store/);
}

async function signUp(browser: TestBrowser, email: string) {
  await browser.get('/login');
  await browser.submit({ email });
  await browser.submit({ email, password: PASSWORD });
  await browser.submit({ given_name: 'Sari', family_name: 'Dewi' }, { action: 'save' });
}

describe('security headers on every response type', () => {
  const gerbang = useGerbang();
  const get = (path: string, init: RequestInit = {}) => fetch(`${gerbang.url}${path}`, { redirect: 'manual', ...init });

  it('hosted pages: a step, its inline errors, error pages, the CSRF refusal, home', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    expectPage('journey step', browser.page!.headers);
    await browser.submit({ email: 'not an email' });
    expect(browser.page!.status).toBe(422);
    expectPage('step with inline errors', browser.page!.headers);
    await browser.submit({ email: 'someone@example.com' }, { csrf: 'forged' });
    expect(browser.page!.status).toBe(403);
    expectPage('CSRF refusal', browser.page!.headers);
    const missing = await get('/flow/AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(missing.status).toBe(404);
    expectPage('run not found', missing.headers);
    expectPage('home', (await get('/')).headers);
    const css = await get('/assets/hosted.css');
    expectBaseline('stylesheet', css.headers);
    expect(css.headers.get('cache-control')).toBe('public, max-age=3600');
    expectBaseline('health', (await get('/healthz')).headers);
    expectNoStore('health', (await get('/healthz')).headers);
  });

  it('the account pages, the data download and the account API', async () => {
    const browser = new TestBrowser(gerbang.url);
    await signUp(browser, 'headers@example.com');
    await browser.get('/account');
    expect(browser.title()).toBe('Your account');
    expectPage('account', browser.page!.headers);
    await browser.get('/account/export');
    expect(browser.page!.headers.get('content-disposition')).toMatch(/attachment/);
    expectBaseline('account export', browser.page!.headers);
    expectNoStore('account export', browser.page!.headers);
    const api = await get('/account/api/profile');
    expect(api.status).toBe(401);
    expectBaseline('account API', api.headers);
    expectNoStore('account API', api.headers);
  });

  it('the admin API (answers, errors, its description) and the designer with its assets', async () => {
    for (const path of ['/api/flows', '/api/openapi.json', '/api/no-such-thing']) {
      const res = await get(path);
      expect(res.headers.get('content-type'), path).toMatch(/json/);
      expectBaseline(path, res.headers);
      expectNoStore(path, res.headers);
    }
    // The administrator signs in with the second factor administrators need.
    const admin = await new AdminSignIn(gerbang.url).signIn('/login?flow=admin-login&return_to=/designer/');
    expect(new URL(admin.page!.url).pathname).toBe('/designer/');
    expectBaseline('designer', admin.page!.headers);
    expectNoStore('designer', admin.page!.headers);
    const asset = /src="(\/designer\/assets\/[^"]+\.js)"/.exec(admin.page!.html)![1];
    const js = await get(asset);
    expect(js.status).toBe(200);
    expectBaseline('designer script', js.headers);
    expect(js.headers.get('cache-control')).toMatch(/max-age=31536000/);
  });

  it("the provider's endpoints, its error page, its logout page and its auto-submitting logout form", async () => {
    for (const path of ['/.well-known/openid-configuration', '/jwks']) expectBaseline(path, (await get(path)).headers);
    const error = await get('/auth?client_id=nobody&response_type=code&scope=openid');
    expect(error.status).toBe(400);
    expectPage('provider error page', error.headers);

    // Without a provider session, /session/end answers a page that submits itself by script: the
    // hosted pages' own script file, which the policy admits, and nothing inline.
    const autoSubmit = await get('/session/end');
    expect(await autoSubmit.text()).toMatch(/<form method="post" action="[^"]+" id="auto-submit">[\s\S]*<script src="\/assets\/auto-submit\.js" defer><\/script>/);
    expectPage('logout auto-submit page', autoSubmit.headers);
    expect(autoSubmit.headers.get('content-security-policy')).toMatch(/script-src 'self';/);

    // With one, it asks whether to sign out of every app.
    const browser = new TestBrowser(gerbang.url);
    await browser.get(demoAppAuthorization().path);
    await browser.submit({ email: 'logout@example.com' });
    await browser.submit({ email: 'logout@example.com', password: PASSWORD });
    await browser.submit({ given_name: 'Ayu', family_name: 'Lestari' }, { action: 'save' });
    expect(browser.page!.url).toMatch(/^http:\/\/localhost:8080\/callback\?code=/);
    await browser.get('/session/end');
    expect(browser.title()).toBe('Sign out');
    expectPage('provider logout page', browser.page!.headers);
  });

  it('carries no Strict-Transport-Security over plain HTTP', async () => {
    expect((await get('/login')).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('over HTTPS (PUBLIC_URL https://)', () => {
  // TLS ends at a proxy in front: Gerbang itself is reached over plain HTTP on loopback.
  const gerbang = useGerbang({ PUBLIC_URL: 'https://id.example.test' });
  let local: string;
  beforeAll(async () => {
    local = `http://127.0.0.1:${(gerbang.server.address() as AddressInfo).port}`;
  });

  it('sends Strict-Transport-Security on every response type', async () => {
    for (const path of ['/login', '/assets/hosted.css', '/api/flows', '/account', '/.well-known/openid-configuration', '/jwks', '/session/end']) {
      const res = await fetch(`${local}${path}`, { redirect: 'manual' });
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
    }
  });

  it("marks the provider's interaction and session cookies Secure, like Gerbang's own", async () => {
    const browser = new TestBrowser(local);
    await browser.get(demoAppAuthorization().path);
    expect(browser.title()).toBe('Sign in or create an account');
    await browser.submit({ email: 'secure@example.com' });
    await browser.submit({ email: 'secure@example.com', password: PASSWORD });
    await browser.submit({ given_name: 'Tono', family_name: 'Wijaya' }, { action: 'save' });
    // The provider resumes over https (login, then consent): the proxy in front would bring the
    // browser back here each time.
    for (let hop = 0; hop < 3 && browser.page!.url.startsWith('https://'); hop++) {
      const resume = new URL(browser.page!.url);
      expect(resume.pathname).toMatch(/^\/auth\//);
      await browser.get(resume.pathname + resume.search);
    }
    expect(browser.page!.url).toMatch(/^http:\/\/localhost:8080\/callback\?code=/);

    const names = browser.setCookies.map((c) => c.split('=')[0]);
    expect(names).toEqual(expect.arrayContaining(['_interaction', '_interaction_resume', '_session', '__Host-gb_bid', '__Host-gb_sid']));
    for (const cookie of browser.setCookies) {
      expect(cookie, cookie.split(';')[0]).toMatch(/;\s*secure/i);
      expect(cookie, cookie.split(';')[0]).toMatch(/;\s*httponly/i);
    }
  });
});

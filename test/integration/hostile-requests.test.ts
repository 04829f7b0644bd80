import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as oidc from 'openid-client';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';
import { declaredRoutes, type DeclaredRoute } from '../support/routes.js';

const TOKEN = 'hostile-requests-admin-token-0123456789';
const PASSWORD = 'a long enough password';

/** Inputs an attacker types: markup, script URLs, template and query syntax, traversal, odd bytes. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '" autofocus onfocus=alert(1) x="',
  'javascript:alert(document.domain)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  "' OR '1'='1' --",
  '{"$gt":""}',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  '%00%0d%0aSet-Cookie: x=1',
  '\u0000\u202e\ud83d\ude00',
  'a'.repeat(5000),
  '-1',
  '1e309',
  '',
];
/** The hostile inputs above as they would read if echoed unescaped (escaped, they read &lt;… or &quot;…). */
const LIVE_MARKUP = /<script>alert\(|<img src=x onerror=alert\(|<svg\/onload=alert\(|" autofocus onfocus=alert\(/i;

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 120 });
const anyText = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 50 }));
/** A JSON value with hostile strings, sometimes deeply nested. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(anyText, fc.constantFrom('__proto__', 'constructor', 'graph', 'id', 'name', 'email', 'password', 'version', 'nodeId')), tie('value'), { maxKeys: 6 }),
  ),
})).value;

interface Known {
  runId: string;
  runCsrf: string;
  /** The cookies of the browser the run belongs to, and of the signed-in customer. */
  visitorCookies: string;
  customerCookies: string;
  accountCsrf: string;
  accessToken: string;
  userId: string;
}

/** Values a path parameter may take: real ones (to get past lookups) and hostile ones. */
function paramValue(name: string, known: Known): fc.Arbitrary<string> {
  const real: Record<string, string[]> = {
    runId: [known.runId],
    id: ['login-signup', 'demo-app', known.userId, 'marketing', 'mfa-setup'],
    version: ['1', '2'],
    purposeId: ['marketing'],
    connection: ['google', 'idp'],
    provider: ['google'],
    subject: ['someone'],
    uid: ['AAAAAAAAAAAAAAAAAAAAA'],
  };
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(real[name] ?? ['x'])) }, anyText.filter((s) => s.length > 0).map(encodeURIComponent), fc.constantFrom('%', '%zz', '..', '%2e%2e%2f', '%00'));
}

const query = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.oneof(anyText, fc.constantFrom('lang', 'flow', 'return_to', 'code', 'state', 'error', 'token', 'q', 'limit', 'before')), anyText, { maxKeys: 5 }).map((d) => new URLSearchParams(d).toString()),
  fc.constantFrom('a[b][c]=1', '__proto__[admin]=1', 'lang=id&lang=en', '%', 'return_to=//evil.example/', 'limit=-1&before=not-a-date', 'lang=<script>alert(1)</script>'),
);

type Body = { contentType?: string; body?: string };
function bodies(known: Known): fc.Arbitrary<Body> {
  return fc.oneof(
    fc.constant({}),
    jsonValue.map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) ?? 'null' })),
    fc
      .dictionary(fc.oneof(anyText, fc.constantFrom('email', 'password', 'given_name', 'action', 'confirm_email', 'currentPassword', 'newPassword', 'code')), anyText, { maxKeys: 8 })
      .chain((d) => fc.constantFrom({ ...d }, { ...d, _csrf: known.runCsrf }, { ...d, _csrf: known.accountCsrf }))
      .map((d) => ({ contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(d).toString() })),
    fc.constantFrom(
      { contentType: 'application/json', body: '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000) },
      { contentType: 'application/json', body: '['.repeat(20_000) + ']'.repeat(20_000) },
      { contentType: 'application/json', body: '{oops' },
      { contentType: 'application/x-www-form-urlencoded', body: 'a[b][c][d]=1&%=%&_csrf[]=x' },
      { contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n<script>alert(1)</script>\r\n--x--' },
      { contentType: 'text/plain', body: '<script>alert(1)</script>' },
      { contentType: 'application/json; charset=utf-7', body: '{}' },
    ),
    printable.map((s) => ({ contentType: 'application/octet-stream', body: s })),
  );
}

function headers(known: Known): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    {
      authorization: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(`Bearer ${TOKEN}`, `Bearer ${known.accessToken}`) },
        fc.constantFrom('Bearer <script>alert(1)</script>', 'Basic Og==', 'Bearer '),
      ),
      cookie: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(known.customerCookies, known.visitorCookies) },
        fc.constantFrom(`${known.customerCookies}; lang=<script>alert(1)</script>`, 'gb_sid=%zz; gb_sid=x', '__proto__=1', 'lang=id'),
        printable.map((s) => `gb_sid=${s.replace(/[;,\s]/g, '')}`),
      ),
      'accept-language': fc.oneof(printable, fc.constantFrom('id-ID,id;q=0.9', '*;q=abc', 'in')),
      'x-csrf-token': printable,
      'x-forwarded-for': fc.constantFrom('1.2.3.4', 'not an ip', '::1, 10.0.0.1'),
      accept: fc.constantFrom('text/html', 'application/json', '*/*', 'x/y'),
    },
    { requiredKeys: ['authorization', 'cookie'] },
  );
}

interface Attempt {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Body;
}

/** The route's path with its parameters filled in, mostly with real values (to get past lookups). */
function paramsFor(route: DeclaredRoute, known: Known): fc.Arbitrary<string> {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  if (!names.length) return fc.constant(route.path);
  return fc.tuple(...names.map((n) => paramValue(n, known))).map((values) => {
    let i = 0;
    return route.path.replace(/:(\w+)/g, () => values[i++]);
  });
}

/** A whole request to the route: its path (parameters filled in), query, headers and body. */
function attempts(route: DeclaredRoute, known: Known): fc.Arbitrary<Attempt> {
  return fc
    .record({ path: paramsFor(route, known), query, headers: headers(known), body: route.method === 'GET' ? fc.constant({}) : bodies(known) })
    .map((a) => ({ method: route.method, path: a.query ? `${a.path}?${a.query}` : a.path, headers: a.headers, body: a.body }));
}

describe('hostile requests to every hosted, account and admin route (property-based)', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let known: Known;

  beforeAll(async () => {
    // A customer signed in (cookie and the account page's CSRF token)...
    const customer = new TestBrowser(gerbang.url);
    await customer.get('/login');
    await customer.submit({ email: 'fuzz.customer@example.com' });
    await customer.submit({ email: 'fuzz.customer@example.com', password: PASSWORD });
    await customer.submit({ given_name: 'Fuzz', family_name: '' }, { action: 'save' });
    await customer.get('/account');
    // ...a journey in progress with its form token...
    const visitor = new TestBrowser(gerbang.url);
    await visitor.get('/login');
    // ...and an app's access token for the account API.
    const config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const { path, verifier, state } = demoAppAuthorization({ scope: 'openid profile email consents' });
    const app = new TestBrowser(gerbang.url);
    await app.get(path);
    await app.submit({ email: 'fuzz.app@example.com' });
    await app.submit({ email: 'fuzz.app@example.com', password: PASSWORD });
    await app.submit({ given_name: 'App', family_name: '' }, { action: 'save' });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(app.page!.url), { pkceCodeVerifier: verifier, expectedState: state });
    known = {
      runId: new URL(visitor.page!.url).pathname.split('/')[2],
      runCsrf: visitor.csrfToken()!,
      visitorCookies: visitor.cookieHeader(),
      customerCookies: customer.cookieHeader(),
      accountCsrf: customer.csrfToken()!,
      accessToken: tokens.access_token,
      userId: (await gerbang.store.users.findByEmail('fuzz.customer@example.com'))!.id,
    };
  }, 60_000);

  async function send(a: Attempt) {
    const res = await fetch(`${gerbang.url}${a.path}`, {
      method: a.method,
      redirect: 'manual',
      headers: { ...a.headers, ...(a.body.contentType ? { 'content-type': a.body.contentType } : {}) },
      body: a.body.body,
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  }

  const ADMIN_JOURNEYS = /^\/api\/(flows|flow-templates|node-types)\b/;
  const ADMIN_PEOPLE = /^\/api\/(users|audit|admins|organisations|roles|me|attributes|dashboard)\b/;
  const groups: Array<[string, (r: DeclaredRoute) => boolean]> = [
    // The admin API in three parts, so that each stays well within its time on a loaded machine.
    ['admin API: journeys and step types', (r) => ADMIN_JOURNEYS.test(r.path)],
    ['admin API: people and organisations', (r) => ADMIN_PEOPLE.test(r.path)],
    ['admin API: apps and settings', (r) => r.path.startsWith('/api') && !ADMIN_JOURNEYS.test(r.path) && !ADMIN_PEOPLE.test(r.path)],
    ['account API', (r) => r.path.startsWith('/account/api')],
    ['account pages', (r) => r.path.startsWith('/account') && !r.path.startsWith('/account/api')],
    ['hosted pages, interactions and the designer', (r) => !r.path.startsWith('/api') && !r.path.startsWith('/account')],
  ];

  it('answers the forms of a journey and of the account, posted in the right browser with a valid token but hostile fields, with no 5xx and no live echo', { timeout: 240_000 }, async () => {
    const forms = declaredRoutes(gerbang.app).filter((r) => r.method === 'POST' && !r.path.startsWith('/api') && !r.path.startsWith('/account/api'));
    expect(forms.length).toBeGreaterThan(5);
    const fields = fc.dictionary(
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom('email', 'password', 'given_name', 'family_name', 'nickname', 'code', 'phone', 'action', 'confirm_email', 'current_password', 'new_password', 'consent:marketing', 'sessionId', 'provider', 'subject') }, anyText),
      anyText,
      { maxKeys: 8 },
    );
    for (const route of forms) {
      const account = route.path.startsWith('/account');
      await fc.assert(
        fc.asyncProperty(paramsFor(route, known), fields, fc.constantFrom('save', 'skip', 'submit', 'resend', 'connect:google', 'passkey-start', '<script>alert(1)</script>'), async (path, form, action) => {
          const res = await send({
            method: 'POST',
            path,
            headers: { cookie: account ? known.customerCookies : known.visitorCookies, 'accept-language': 'id' },
            body: { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ action, ...form, _csrf: account ? known.accountCsrf : known.runCsrf }).toString() },
          });
          expect(res.status, `POST ${path} answered ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (!res.type.includes('json')) expect(LIVE_MARKUP.test(res.text), `POST ${path} echoed live markup`).toBe(false);
        }),
        { numRuns: 12 },
      );
    }
  });

  it('answers random and hostile queries and bodies on the OpenID Provider endpoints with no 5xx and no live echo', { timeout: 240_000 }, async () => {
    const meta = (await (await fetch(`${gerbang.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const endpoints = Object.entries(meta)
      .filter(([k, v]) => k.endsWith('_endpoint') && typeof v === 'string' && v.startsWith(gerbang.url))
      .map(([, v]) => new URL(v as string).pathname);
    expect(endpoints).toEqual(expect.arrayContaining(['/auth', '/token']));
    for (const path of [...endpoints, '/jwks', '/.well-known/openid-configuration']) {
      for (const method of ['GET', 'POST']) {
        await fc.assert(
          fc.asyncProperty(attempts({ method, path }, known), async (attempt) => {
            const res = await send(attempt);
            expect(res.status, `${attempt.method} ${attempt.path.slice(0, 300)} answered ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
            if (!res.type.includes('json')) expect(LIVE_MARKUP.test(res.text), `${attempt.method} ${attempt.path.slice(0, 300)} echoed live markup`).toBe(false);
          }),
          { numRuns: 12 },
        );
      }
    }
  });

  for (const [group, belongs] of groups) {
    it(`answers random and hostile bodies, queries and headers on the ${group} with no 5xx and no live echo`, { timeout: 240_000 }, async () => {
      const routes = declaredRoutes(gerbang.app).filter(belongs);
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(attempts(route, known), async (attempt) => {
            const res = await send(attempt);
            const where = `${attempt.method} ${attempt.path.slice(0, 300)} (route ${route.method} ${route.path})`;
            expect(res.status, `${where} answered ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
            if (!res.type.includes('json')) expect(LIVE_MARKUP.test(res.text), `${where} echoed live markup`).toBe(false);
          }),
          { numRuns: 100 },
        );
      }
      // Still standing, and still serving.
      expect((await fetch(`${gerbang.url}/healthz`)).status).toBe(200);
    });
  }
});

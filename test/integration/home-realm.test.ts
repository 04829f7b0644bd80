import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { readFileSync } from 'node:fs';
import { TestBrowser } from '../support/browser.js';
import { freePort, useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';
import { startIdentityProvider } from '../support/identity-provider.js';
import { adminApi } from '../support/admin-api.js';
import { PASSWORD, signUp } from '../support/organisations.js';

const TOKEN = 'home-realm-admin-token-0123456789';
const REDIRECT = 'http://localhost:8080/callback';

/**
 * The shipped sign-in journey with home-realm discovery after the email (known and new people alike)
 * and the organisation step before its end.
 */
function homeRealmJourney() {
  const base = JSON.parse(readFileSync('flows/login-signup.json', 'utf8')) as { nodes: Array<Record<string, unknown>>; edges: Array<{ from: string; outcome: string; to: string; id: string }> };
  const at = (x: number) => ({ x, y: 300 });
  return {
    ...base,
    id: 'b2b-realm',
    name: 'Sign in, at your organisation when it has its own provider',
    nodes: [
      ...base.nodes,
      { id: 'realm-known', type: 'home-realm', settings: {}, position: at(200) },
      { id: 'realm-new', type: 'home-realm', settings: {}, position: at(400) },
      { id: 'organisation', type: 'organisation', settings: { askWhenOne: false }, position: at(800) },
    ],
    edges: [
      ...base.edges.filter((e) => !(e.from === 'identify') && e.from !== 'profile'),
      { id: 'i1', from: 'identify', outcome: 'known', to: 'realm-known' },
      { id: 'i2', from: 'identify', outcome: 'unknown', to: 'realm-new' },
      { id: 'r1', from: 'realm-known', outcome: 'other', to: 'password' },
      { id: 'r2', from: 'realm-new', outcome: 'other', to: 'register' },
      { id: 'r3', from: 'realm-known', outcome: 'signed-in', to: 'organisation' },
      { id: 'r4', from: 'realm-new', outcome: 'signed-in', to: 'organisation' },
      { id: 'p1', from: 'profile', outcome: 'done', to: 'organisation' },
      { id: 'o1', from: 'organisation', outcome: 'chosen', to: 'done' },
      { id: 'o2', from: 'organisation', outcome: 'none', to: 'done' },
    ],
  };
}

describe("home-realm discovery: an organisation's own OpenID provider on loopback, with just-in-time membership", () => {
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  // Closes after the server (registered before it), though it starts after (it needs the server's address).
  afterAll(async () => {
    await idp?.close();
  });
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let api: ReturnType<typeof adminApi>;
  let config: oidc.Configuration;

  beforeAll(async () => {
    api = adminApi(gerbang.url, { token: TOKEN });
    idp = await startIdentityProvider({ clientId: 'gerbang', clientSecret: 'acme-idp-secret', redirectUris: [`${gerbang.url}/social/callback/org-acme`] });
    const journey = homeRealmJourney();
    await gerbang.store.flows.saveDraft({ id: journey.id, name: journey.name, graph: journey as never, updatedBy: 'test' }, 0, new Date());
    await gerbang.store.flows.publish({ flowId: journey.id, version: 1, graph: journey as never, publishedAt: new Date(), publishedBy: 'test' });
    await gerbang.store.apps.update('demo-app', { flowId: 'b2b-realm' });
    await api('POST', '/organisations', { id: 'acme', name: 'Acme Supplies', domains: ['acme.example'] });
    const provider = await api('PUT', '/organisations/acme/provider', { issuer: idp.issuer, clientId: 'gerbang', clientSecret: 'acme-idp-secret' });
    expect(provider.json.provider).toEqual({ issuer: idp.issuer, clientId: 'gerbang' });
    expect(JSON.stringify(await gerbang.store.organisations.get('acme'))).not.toContain('acme-idp-secret');
    config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });

  const authorize = () => demoAppAuthorization();
  const account = (sub: string, email: string) =>
    idp.accounts.set(sub, { sub, email, email_verified: true, given_name: 'Rina', family_name: 'Wijaya', picture: 'https://example.com/rina.png' });

  it('routes a new person of the domain to the organisation, creates their account and membership, and the tokens speak for it', async () => {
    account('acme-rina', 'rina@acme.example');
    idp.control.nextLogin = 'acme-rina';
    const browser = new TestBrowser(gerbang.url, {}, [idp.issuer]);
    const req = authorize();
    await browser.get(req.path);
    await browser.submit({ email: 'rina@acme.example' });
    expect(browser.title()).toBe('Sign in with Acme Supplies');
    await browser.submit({}, { action: 'continue' });
    expect(browser.page!.url.startsWith(REDIRECT)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: req.verifier, expectedState: req.state });
    expect(tokens.claims()).toMatchObject({ email: 'rina@acme.example', amr: ['fed'], org_id: 'acme', org_name: 'Acme Supplies', org_roles: [] });
    const user = (await gerbang.store.users.findByEmail('rina@acme.example'))!;
    expect(user.emailVerified).toBe(true);
    expect(await gerbang.store.memberships.get('acme', user.id)).toMatchObject({ source: 'just-in-time' });
    expect((await gerbang.store.identities.listByUser(user.id)).map((i) => i.provider)).toEqual(['org-acme']);
  });

  it('links an existing customer of the domain on their first sign-in there, and makes them a member', async () => {
    const email = 'budi@acme.example';
    await signUp(new TestBrowser(gerbang.url), email);
    account('acme-budi', email);
    idp.control.nextLogin = 'acme-budi';
    const browser = new TestBrowser(gerbang.url, {}, [idp.issuer]);
    const req = authorize();
    await browser.get(req.path);
    await browser.submit({ email });
    await browser.submit({}, { action: 'continue' });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: req.verifier, expectedState: req.state });
    const user = (await gerbang.store.users.findByEmail(email))!;
    expect(tokens.claims()).toMatchObject({ sub: user.id, org_id: 'acme' });
    expect(await gerbang.store.memberships.get('acme', user.id)).toMatchObject({ source: 'just-in-time' });
  });

  it('people of other domains never see it; an answer for an address outside the domains is refused', async () => {
    const outsider = `outsider.${Date.now()}@example.com`;
    await signUp(new TestBrowser(gerbang.url), outsider);
    const browser = new TestBrowser(gerbang.url, {}, [idp.issuer]);
    await browser.get(authorize().path);
    await browser.submit({ email: outsider });
    expect(browser.title()).toBe('Enter your password');

    // The organisation's provider answers for someone of another domain: no account, no membership.
    account('acme-stranger', 'stranger@elsewhere.example');
    idp.control.nextLogin = 'acme-stranger';
    const other = new TestBrowser(gerbang.url, {}, [idp.issuer]);
    await other.get(authorize().path);
    await other.submit({ email: 'someone@acme.example' });
    await other.submit({}, { action: 'continue' });
    expect(other.errors()).toContain('Acme Supplies answered for an address outside its domains.');
    expect(await gerbang.store.users.findByEmail('stranger@elsewhere.example')).toBeNull();
  });

  it("when the organisation's provider is down, says so and offers the other ways its policy allows", async () => {
    const deadPort = await freePort();
    await api('POST', '/organisations', { id: 'initech', name: 'Initech', domains: ['initech.example'] });
    await api('PUT', '/organisations/initech/provider', { issuer: `http://127.0.0.1:${deadPort}`, clientId: 'gerbang', clientSecret: 'secret' });
    const email = 'milton@initech.example';
    await signUp(new TestBrowser(gerbang.url), email, '/login?flow=login-signup');
    const browser = new TestBrowser(gerbang.url);
    await browser.get(authorize().path);
    await browser.submit({ email });
    expect(browser.title()).toBe('Sign in with Initech');
    await browser.submit({}, { action: 'continue' });
    expect(browser.errors()).toContain("Initech's sign-in service cannot be reached right now. Please try again in a moment.");
    await browser.submit({}, { action: 'other' });
    expect(browser.title()).toBe('Enter your password');
    await browser.submit({ email, password: PASSWORD });

    // An organisation that allows only its own provider offers no other way.
    await api('PATCH', '/organisations/initech', { policy: { allowedMethods: ['fed'] } });
    const strict = new TestBrowser(gerbang.url);
    await strict.get(authorize().path);
    await strict.submit({ email });
    expect(strict.page!.html).not.toContain('Sign in another way');
    const sneaky = await strict.submit({}, { action: 'other' });
    expect(sneaky.url).not.toContain(REDIRECT);
    expect(strict.title()).not.toBe('Enter your password');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { readFileSync } from 'node:fs';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';
import { adminApi } from '../support/admin-api.js';
import { PASSWORD, signUp } from '../support/organisations.js';

const TOKEN = 'organisation-tokens-token-0123456789';
const REDIRECT = 'http://localhost:8080/callback';

/** The shipped sign-in journey with the organisation step before its end. */
function b2bJourney() {
  const base = JSON.parse(readFileSync('flows/login-signup.json', 'utf8')) as { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> };
  return {
    ...base,
    id: 'b2b-login',
    name: 'Sign in for an organisation',
    nodes: [...base.nodes, { id: 'organisation', type: 'organisation', settings: { askWhenOne: false }, position: { x: 900, y: 0 } }],
    edges: [
      ...base.edges.filter((e) => e.from !== 'profile'),
      { id: 'p1', from: 'profile', outcome: 'done', to: 'organisation' },
      { id: 'o1', from: 'organisation', outcome: 'chosen', to: 'done' },
      { id: 'o2', from: 'organisation', outcome: 'none', to: 'done' },
    ],
  };
}

describe('tokens carry the organisation a person signed in for (openid-client)', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let api: ReturnType<typeof adminApi>;
  let config: oidc.Configuration;
  let n = 0;
  const newEmail = () => `partner${++n}.${Date.now()}@example.com`;

  beforeAll(async () => {
    api = adminApi(gerbang.url, { token: TOKEN });
    const journey = b2bJourney();
    await gerbang.store.flows.saveDraft({ id: journey.id, name: journey.name, graph: journey as never, updatedBy: 'test' }, 0, new Date());
    await gerbang.store.flows.publish({ flowId: journey.id, version: 1, graph: journey as never, publishedAt: new Date(), publishedBy: 'test' });
    await gerbang.store.apps.update('demo-app', { flowId: 'b2b-login' });
    // The app understands order permissions only: other permissions of the same roles stay out of its tokens.
    expect((await api('PUT', '/apps/demo-app/permissions', { permissions: ['orders:read', 'orders:create'] })).status).toBe(200);
    await api('POST', '/organisations', { id: 'acme', name: 'Acme Supplies', roles: [{ name: 'buyer', permissions: ['orders:create', 'orders:read', 'warehouse:open'] }] });
    await api('POST', '/organisations', { id: 'globex', name: 'Globex', roles: [{ name: 'viewer', permissions: ['orders:read'] }] });
    await api('POST', '/organisations', { id: 'initech', name: 'Initech' });
    await api('POST', '/organisations', { id: 'keyholders', name: 'Keyholders', policy: { allowedMethods: ['hwk'] } });
    await api('POST', '/organisations', { id: 'vault', name: 'Vault', policy: { minAcr: 'urn:gerbang:loa:2' } });
    config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });

  const authorize = demoAppAuthorization;
  const tokensFrom = (browser: TestBrowser, req: ReturnType<typeof authorize>) =>
    oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: req.verifier, expectedState: req.state });

  async function member(orgs: Record<string, string[]>) {
    const email = newEmail();
    await signUp(new TestBrowser(gerbang.url), email);
    for (const [org, roles] of Object.entries(orgs)) expect((await api('POST', `/organisations/${org}/members`, { email, roles })).status).toBe(201);
    return email;
  }
  async function signInThroughApp(browser: TestBrowser, email: string, extra: Record<string, string> = {}) {
    const req = authorize(extra);
    await browser.get(req.path);
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    if (browser.fieldNames().includes('family_name')) await browser.submit({}, { action: 'skip' });
    return req;
  }

  it('a member of several organisations picks one; the tokens carry it, the roles and the permissions the app understands', async () => {
    const email = await member({ acme: ['buyer'], globex: ['viewer'] });
    const browser = new TestBrowser(gerbang.url);
    const req = await signInThroughApp(browser, email);
    expect(browser.title()).toBe('Choose an organisation');
    expect(browser.page!.html).toContain('>Acme Supplies</option>');
    expect(browser.page!.html).toContain('>Globex</option>');
    await browser.submit({ organisation: 'acme' });
    expect(browser.page!.url.startsWith(REDIRECT)).toBe(true);

    const tokens = await tokensFrom(browser, req);
    expect(tokens.claims()).toMatchObject({ email, org_id: 'acme', org_name: 'Acme Supplies', org_roles: ['buyer'], org_permissions: ['orders:create', 'orders:read'] });
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info).toMatchObject({ org_id: 'acme', org_permissions: ['orders:create', 'orders:read'] });
    // Refreshed tokens speak for the same organisation.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()).toMatchObject({ org_id: 'acme', org_roles: ['buyer'] });

    // The app asks for the other organisation on single sign-on: no journey, the tokens speak for it.
    const second = authorize({ organization: 'globex' });
    await browser.get(second.path);
    expect(browser.page!.url.startsWith(REDIRECT)).toBe(true);
    expect((await tokensFrom(browser, second)).claims()).toMatchObject({ org_id: 'globex', org_name: 'Globex', org_roles: ['viewer'], org_permissions: ['orders:read'] });

    // And for an organisation the person is not a member of: refused.
    const foreign = authorize({ organization: 'initech' });
    await browser.get(foreign.path);
    const answer = new URL(browser.page!.url);
    expect(answer.searchParams.get('error')).toBe('access_denied');
    expect(answer.searchParams.get('error_description')).toBe('The user is not a member of the requested organization.');
  });

  it('a person asking for an organisation they are not in is refused after signing in; a member of one gets it without a question', async () => {
    const email = await member({ globex: ['viewer'] });
    const browser = new TestBrowser(gerbang.url);
    await signInThroughApp(browser, email, { organization: 'acme' });
    const answer = new URL(browser.page!.url);
    expect(answer.origin + answer.pathname).toBe(REDIRECT);
    expect(answer.searchParams.get('error')).toBe('access_denied');

    const fresh = new TestBrowser(gerbang.url);
    const req = await signInThroughApp(fresh, email);
    expect((await tokensFrom(fresh, req)).claims()).toMatchObject({ org_id: 'globex', org_roles: ['viewer'] });
  });

  it("an organisation's minimum level steps a password-only sign-in up before any token", async () => {
    const email = await member({ vault: [] });
    const browser = new TestBrowser(gerbang.url);
    await signInThroughApp(browser, email, { organization: 'vault' });
    // Not back at the app: the person must add a second factor first (the step-up journey).
    expect(browser.page!.url.startsWith(REDIRECT)).toBe(false);
    expect(browser.title()).toBe('Protect your account');
  });

  it("an organisation's allowed sign-in methods are enforced: a password is refused where only passkeys are allowed", async () => {
    const email = await member({ keyholders: [] });
    const browser = new TestBrowser(gerbang.url);
    await signInThroughApp(browser, email, { organization: 'keyholders' });
    const answer = new URL(browser.page!.url);
    expect(answer.searchParams.get('error')).toBe('access_denied');
    expect(answer.searchParams.get('error_description')).toBe('The organization keyholders does not allow the sign-in methods used.');
  });

  it("removing a member revokes that organisation's tokens; tokens for other organisations keep working", async () => {
    const email = await member({ acme: ['buyer'], globex: ['viewer'] });
    const acmeBrowser = new TestBrowser(gerbang.url);
    const acmeReq = await signInThroughApp(acmeBrowser, email, { organization: 'acme' });
    const acme = await tokensFrom(acmeBrowser, acmeReq);
    const globexBrowser = new TestBrowser(gerbang.url);
    const globexReq = await signInThroughApp(globexBrowser, email, { organization: 'globex' });
    const globex = await tokensFrom(globexBrowser, globexReq);
    expect(acme.claims()!.org_id).toBe('acme');

    const userId = acme.claims()!.sub;
    const removed = await api('DELETE', `/organisations/acme/members/${userId}`);
    expect(removed.json).toEqual({ revokedGrants: 1 });

    await expect(oidc.refreshTokenGrant(config, acme.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.fetchUserInfo(config, acme.access_token, userId)).rejects.toBeTruthy();
    const stillGlobex = await oidc.refreshTokenGrant(config, globex.refresh_token!);
    expect(stillGlobex.claims()).toMatchObject({ org_id: 'globex' });
  });
});

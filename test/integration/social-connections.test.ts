import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow/types.js';
import { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';
import { freePort, useGerbang } from '../support/gerbang.js';
import { startIdentityProvider } from '../support/identity-provider.js';

const TOKEN = 'connections-test-admin-token-0123456789';
const SECRET = 'acme-secret-at-the-provider';

describe('social connections defined through the admin API, against a real OpenID provider on loopback', () => {
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let base: string;

  beforeAll(async () => {
    base = `http://127.0.0.1:${await freePort()}`;
    idp = await startIdentityProvider({ clientId: 'gerbang-acme', clientSecret: SECRET, redirectUris: [`${base}/social/callback/acme`] });
  });
  afterAll(async () => {
    await idp?.close();
  });
  const gerbang = useGerbang(() => {
    // The environment still defines connections (the bootstrap); the console's live beside them.
    const env = [{ name: 'legacy', kind: 'oidc', label: 'Legacy', clientId: 'x', clientSecret: 'env-secret-value', issuer: idp.issuer }];
    return { PORT: new URL(base).port, PUBLIC_URL: base, ADMIN_API_TOKEN: TOKEN, SOCIAL_CONNECTIONS: JSON.stringify(env) };
  });

  const call = tokenApi(() => gerbang.url, TOKEN);

  it('discovers a provider from its issuer URL, and says so clearly when nothing answers there', async () => {
    const found = await call('POST', '/social-connections/discover', { issuer: idp.issuer });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ issuer: idp.issuer, authorizationUrl: `${idp.issuer}/auth`, tokenUrl: `${idp.issuer}/token`, userinfoUrl: `${idp.issuer}/userinfo` });
    const nothing = await call('POST', '/social-connections/discover', { issuer: `http://127.0.0.1:${await freePort()}` });
    expect(nothing.status).toBe(422);
    expect(nothing.body).toMatchObject({ error: 'invalid_field', field: 'issuer', message: expect.stringContaining('No OpenID provider answered') });
    expect((await call('POST', '/social-connections/discover', { issuer: 'javascript:alert(1)' })).status).toBe(400);
  });

  it('keeps the secret sealed, never shows it, tells a wrong secret from a right one, and signs a person in through a journey', async () => {
    // A journey naming a connection nobody defined yet cannot be published.
    const draft = await call('GET', '/flows/social-login');
    const graph: FlowGraph = draft.body.graph;
    const social = graph.nodes.find((n) => n.type === 'social')!;
    social.settings = { ...social.settings, connections: ['acme'] };
    expect((await call('PUT', '/flows/social-login', { graph })).status).toBe(200);
    const early = await call('POST', '/flows/social-login/publish');
    expect(early.status).toBe(422);
    expect(JSON.stringify(early.body.problems)).toContain('acme');

    // A new connection without its secret is refused next to the field.
    const noSecret = await call('PUT', '/social-connections/acme', { kind: 'oidc', label: 'Acme ID', clientId: 'gerbang-acme', issuer: idp.issuer, revision: 0 });
    expect(noSecret).toMatchObject({ status: 422, body: { field: 'clientSecret' } });
    // An OpenID connection needs its issuer: the schema says so before anything is stored.
    expect((await call('PUT', '/social-connections/acme', { kind: 'oidc', label: 'Acme ID', clientId: 'gerbang-acme', clientSecret: 'x' })).status).toBe(400);
    const created = await call('PUT', '/social-connections/acme', { kind: 'oidc', label: 'Acme ID', clientId: 'gerbang-acme', clientSecret: 'not-the-secret', issuer: idp.issuer, revision: 0 });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'acme', source: 'console', revision: 1, callbackUrl: `${base}/social/callback/acme` });
    expect(JSON.stringify(created.body)).not.toContain('not-the-secret');
    // Creating it again under the same name is refused (nothing overwritten).
    expect(await call('PUT', '/social-connections/acme', { kind: 'oidc', label: 'Other', clientId: 'y', clientSecret: 'z', issuer: idp.issuer, revision: 0 })).toMatchObject({ status: 422, body: { field: 'name' } });

    const wrong = await call('POST', '/social-connections/acme/test');
    expect(wrong.body).toMatchObject({ ok: false, field: 'clientSecret' });
    expect(wrong.body.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
      ['discovery', true],
      ['client', false],
    ]);

    // The right secret; the label changes with it. A change from a stale revision is refused.
    expect((await call('PUT', '/social-connections/acme', { kind: 'oidc', label: 'Stale', clientId: 'gerbang-acme', issuer: idp.issuer, revision: 5 })).status).toBe(409);
    const fixed = await call('PUT', '/social-connections/acme', { kind: 'oidc', label: 'Acme ID', clientId: 'gerbang-acme', clientSecret: SECRET, issuer: idp.issuer, revision: 1 });
    expect(fixed.body.revision).toBe(2);
    expect((await call('POST', '/social-connections/acme/test')).body).toMatchObject({ ok: true });
    // Changing the label alone keeps the secret that works.
    const relabelled = await call('PUT', '/social-connections/acme', { kind: 'oidc', label: 'Acme Account', clientId: 'gerbang-acme', issuer: idp.issuer });
    expect(relabelled.body).toMatchObject({ label: 'Acme Account', revision: 3 });
    expect((await call('POST', '/social-connections/acme/test')).body).toMatchObject({ ok: true });

    // At rest the secret is sealed: not in the stored document.
    const stored = await gerbang.store.settings.get('social:acme');
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    expect(String(stored!.value.clientSecretSealed)).toMatch(/^v1\./);

    // The list shows both the console's and the environment's connections, without secrets.
    const list = await call('GET', '/social-connections');
    expect(list.body.map((c: { name: string; source: string }) => [c.name, c.source])).toEqual([
      ['acme', 'console'],
      ['legacy', 'environment'],
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/secret-at-the-provider|env-secret-value/);

    // The journey's social step now picks the new connection: the proof on publish accepts it.
    const published = await call('POST', '/flows/social-login/publish');
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    idp.accounts.set('acme-1', { sub: 'acme-1', email: 'ayu@example.com', email_verified: true, given_name: 'Ayu', family_name: 'Lestari', picture: 'https://img.example.com/ayu.png' });
    idp.control.nextLogin = 'acme-1';
    const browser = new TestBrowser(gerbang.url, {}, [idp.issuer]);
    await browser.get('/login?flow=social-login');
    expect(browser.page!.html).toContain('Continue with Acme Account');
    await browser.submit({}, { action: 'connect:acme' });
    expect(browser.errors()).toEqual([]);
    expect(browser.title()).toBe('Welcome Ayu');
    const user = (await gerbang.store.users.findByEmail('ayu@example.com'))!;
    expect(await gerbang.store.identities.listByUser(user.id)).toEqual([expect.objectContaining({ provider: 'acme', subject: 'acme-1' })]);

    // Deleting it while the published journey uses it is refused, naming the journey.
    const refused = await call('DELETE', '/social-connections/acme');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('Sign in with Google, another provider or email (published: Choose how to sign in)');
    expect((await call('GET', '/social-connections/acme')).body.usedBy).toEqual([{ journeyId: 'social-login', journeyName: 'Sign in with Google, another provider or email', in: 'published', steps: ['Choose how to sign in'] }]);
    // The environment's connections are not the console's to delete.
    expect((await call('DELETE', '/social-connections/legacy')).status).toBe(409);
  });

  it('deletes a connection no journey uses, and audits who changed connections', async () => {
    expect((await call('PUT', '/social-connections/spare', { kind: 'oauth2', label: 'Spare', clientId: 'a', clientSecret: 'b', authorizationUrl: `${idp.issuer}/auth`, tokenUrl: `${idp.issuer}/token`, userinfoUrl: `${idp.issuer}/userinfo` })).status).toBe(200);
    // A plain OAuth2 provider is tested at its token endpoint: this client is unknown there.
    expect((await call('POST', '/social-connections/spare/test')).body).toMatchObject({ ok: false, field: 'clientSecret' });
    expect((await call('DELETE', '/social-connections/spare')).status).toBe(204);
    expect((await call('GET', '/social-connections/spare')).status).toBe(404);
    const audit = await gerbang.store.audit.list({ type: 'settings.social-connection.deleted', limit: 10 });
    expect(audit).toEqual([expect.objectContaining({ actor: 'api-token', details: expect.objectContaining({ connection: 'spare' }) })]);
  });
});

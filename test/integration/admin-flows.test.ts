import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow/types.js';
import { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';
import { registeredRoutes } from '../support/routes.js';
import { AdminSignIn } from '../support/admin.js';

const TOKEN = 'test-admin-token-0123456789';

describe('admin API of flows', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let admins: AdminSignIn;
  beforeAll(async () => {
    admins = new AdminSignIn(gerbang.url);
  });

  const call = tokenApi(() => gerbang.url, TOKEN);

  it('lists the node types of the registry with their settings schema and outcomes', async () => {
    const { status, body } = await call('GET', '/node-types');
    expect(status).toBe(200);
    const password = body.find((t: { type: string }) => t.type === 'password');
    expect(password).toMatchObject({ title: 'Password', category: 'authenticate', terminal: null });
    expect(password.outcomes.map((o: { name: string }) => o.name)).toEqual(['success', 'wrong-password', 'unknown-user', 'locked']);
    expect(password.settingsSchema.properties.maxAttempts.title).toBe('Wrong passwords from one address before that address is blocked for the account');
    // What it needs and gives, as declared by the step: the palette and the proof read the same.
    expect(password).toMatchObject({ icon: '***', categoryTitle: 'Authenticate', interactive: true, requires: ['email'] });
    expect(password.outcomes[0]).toEqual({ name: 'success', label: 'Correct password', provides: { facts: ['user'], amr: ['pwd'] } });
    // Every step type of the registry has its glyph and palette group, grouped in palette order.
    const groups = body.map((t: { categoryTitle: string }) => t.categoryTitle);
    expect([...new Set(groups)]).toEqual(['Identify', 'Authenticate', 'Profile & consent', 'Logic', 'End']);
    expect(body.map((t: { type: string }) => t.type).sort()).toEqual(gerbang.registry.list().map((t) => t.type).sort());
    for (const t of body as Array<{ type: string; icon: string }>) expect(t.icon, t.type).toMatch(/^\S{1,3}$/u);
    // …and each its own: no two step types look alike on the canvas.
    const icons = (body as Array<{ icon: string }>).map((t) => t.icon);
    expect(new Set(icons).size).toBe(icons.length);
  });

  it('creates a flow, saves drafts with their problems, and refuses to publish a broken graph', async () => {
    const created = await call('POST', '/flows', { id: 'onboarding', name: 'Onboarding' });
    expect(created.status).toBe(201);
    expect(created.body.problems.map((p: { code: string }) => p.code)).toContain('unwired-outcome');
    expect((await call('POST', '/flows', { id: 'onboarding', name: 'Again' })).status).toBe(409);

    const publish = await call('POST', '/flows/onboarding/publish');
    expect(publish.status).toBe(422);
    expect(publish.body.error).toBe('invalid_flow');
    expect(publish.body.problems).toContainEqual(
      expect.objectContaining({ code: 'unwired-outcome', nodeId: 'identify', outcome: 'known', message: 'Outcome "Has an account" of step "Ask for email" is not connected to a next step.' }),
    );

    // Wired, but nobody signs in on the way to success: the proof refuses it and names the path.
    const graph: FlowGraph = created.body.graph;
    graph.edges = [
      { from: 'identify', outcome: 'known', to: 'success' },
      { from: 'identify', outcome: 'unknown', to: 'success' },
    ];
    const unproven = await call('PUT', '/flows/onboarding', { graph });
    expect(unproven.status).toBe(200);
    expect(unproven.body.problems).toEqual([
      {
        code: 'success-without-user',
        nodeId: 'success',
        path: [{ nodeId: 'identify', outcome: 'known' }, { nodeId: 'success' }],
        message: 'The journey can reach "Success" without signing anyone in: "Ask for email" (Has an account) → "Success".',
      },
    ]);
    expect((await call('POST', '/flows/onboarding/publish')).status).toBe(422);

    graph.nodes.push({ id: 'password', type: 'password', settings: { maxAttempts: 5, lockMinutes: 15 }, position: { x: 300, y: 0 } });
    graph.nodes.push({ id: 'failure', type: 'failure', settings: {}, position: { x: 600, y: 200 } });
    graph.edges = [
      { from: 'identify', outcome: 'known', to: 'password' },
      { from: 'identify', outcome: 'unknown', to: 'failure' },
      { from: 'password', outcome: 'success', to: 'success' },
      { from: 'password', outcome: 'wrong-password', to: 'password' },
      { from: 'password', outcome: 'unknown-user', to: 'failure' },
      { from: 'password', outcome: 'locked', to: 'failure' },
    ];
    const saved = await call('PUT', '/flows/onboarding', { graph });
    expect(saved.status).toBe(200);
    expect(saved.body.problems).toEqual([]);
    const published = await call('POST', '/flows/onboarding/publish');
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 1, publishedBy: 'api-token' });
  });

  it('shows, for each app bound to a journey, the ways its customers reach success below the app\'s level', async () => {
    const bank = await call('POST', '/apps', {
      name: 'Bank',
      type: 'public',
      redirectUris: ['http://localhost:8081/callback'],
      flowId: 'passkey-login',
      minAcr: 'urn:gerbang:loa:2',
    });
    expect(bank.status).toBe(201);
    const { status, body } = await call('GET', '/flows/passkey-login');
    expect(status).toBe(200);
    expect(body.problems).toEqual([]);
    // The passkey is strong enough; the password way is one factor, so those customers get step-up.
    expect(body.stepUps).toEqual([
      {
        appId: bank.body.id,
        appName: 'Bank',
        required: 'urn:gerbang:loa:2',
        reached: 'urn:gerbang:loa:1',
        path: [
          { nodeId: 'passkey', outcome: 'other' },
          { nodeId: 'identify', outcome: 'known' },
          { nodeId: 'password', outcome: 'success' },
          { nodeId: 'profile', outcome: 'done' },
          { nodeId: 'done' },
        ],
        message:
          'People signing in to "Bank" this way reach "Success" with one factor, below the two factors of different kinds the app requires, so they will be asked for more (step-up): "Sign in with a passkey" (Chose another way) → "Ask for email" (Has an account) → "Password" (Correct password) → "Your name" (Done) → "Success".',
      },
    ]);
    // Information, not a problem: the journey still publishes.
    expect((await call('POST', '/flows/passkey-login/publish')).status).toBe(201);
  });

  it('rejects bad input with a clear 400', async () => {
    const notJson = await call('PUT', '/flows/login-signup', '{oops', { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    const badGraph = await call('PUT', '/flows/login-signup', { graph: { id: 'login-signup', name: 'x' } });
    expect(badGraph.status).toBe(400);
    expect(badGraph.body).toMatchObject({ error: 'invalid_request' });
    expect(badGraph.body.message).toContain('The journey needs "Version number".');
    // A hand-edited graph is refused in the canvas's words: the step by its label, the connection by its outcome's.
    const saved = (await call('GET', '/flows/login-signup')).body.graph;
    saved.nodes.find((n: { id: string }) => n.id === 'profile').config = { ask: 'name' };
    saved.edges.find((e: { from: string; outcome: string }) => e.from === 'password' && e.outcome === 'success').to = 'the end';
    const edited = await call('PUT', '/flows/login-signup', { graph: saved });
    expect(edited.status).toBe(400);
    expect(edited.body.message).toContain('Step "Your name" has something the designer does not know ("config").');
    expect(edited.body.message).toContain('The connection "Correct password" from "Password": Step it leads to is not written the expected way');
    expect(edited.body.message).not.toMatch(/nodes|edges|graph|\/\d/);
    const mismatch = await call('PUT', '/flows/login-signup', { graph: { id: 'other', name: 'x', version: 0, start: 'a', nodes: [{ id: 'a', type: 'success', settings: {}, position: { x: 0, y: 0 } }], edges: [] } });
    expect(mismatch.status).toBe(400);
    expect((await call('GET', '/flows/NOT valid')).status).toBe(400);
    expect((await call('GET', '/flows/nope')).status).toBe(404);
    expect((await call('POST', '/flows/login-signup/rollback', { version: 'one' })).status).toBe(400);
  });

  it('keeps immutable versions with who and when, and rolls back in one call', async () => {
    const flow = await call('GET', '/flows/login-signup');
    const graph: FlowGraph = flow.body.graph;
    const profile = graph.nodes.find((n) => n.id === 'profile')!;
    (profile.settings.fields as unknown[]).push({ name: 'phone_number', label: 'Phone number', type: 'tel', required: false });
    expect((await call('PUT', '/flows/login-signup', { graph })).status).toBe(200);
    expect((await call('POST', '/flows/login-signup/publish')).body.version).toBe(2);

    const versions = await call('GET', '/flows/login-signup/versions');
    expect(versions.body.activeVersion).toBe(2);
    expect(versions.body.versions.map((v: { version: number; publishedBy: string }) => [v.version, v.publishedBy])).toEqual([
      [2, 'api-token'],
      [1, 'seed'],
    ]);
    const v1 = await call('GET', '/flows/login-signup/versions/1');
    expect(JSON.stringify(v1.body.graph)).not.toContain('phone_number');

    expect((await call('POST', '/flows/login-signup/rollback', { version: 1 })).body).toEqual({ flowId: 'login-signup', activeVersion: 1, draftReset: false });
    expect((await call('GET', '/flows/login-signup/versions')).body.activeVersion).toBe(1);
    expect((await call('POST', '/flows/login-signup/rollback', { version: 9 })).status).toBe(404);
  });

  it('previews a step as the hosted page renders it, in either language', async () => {
    const en = await call('POST', '/flows/login-signup/preview', { nodeId: 'password' });
    expect(en.status).toBe(200);
    expect(en.body.html).toContain('<h1>Enter your password</h1>');
    expect(en.body.html).toContain('/assets/hosted.css');
    const id = await call('POST', '/flows/login-signup/preview', { nodeId: 'identify', lang: 'id' });
    expect(id.body.html).toContain('Masuk atau buat akun');
    expect((await call('POST', '/flows/login-signup/preview', { nodeId: 'done' })).status).toBe(404);
  });

  it('describes itself in an OpenAPI document, publicly, with every route it registered and no other', async () => {
    const res = await fetch(`${gerbang.url}/api/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { summary: string; requestBody?: unknown }>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const registered = registeredRoutes(gerbang.app, '/api');
    expect(registered.length).toBeGreaterThan(25);
    expect(documented.sort()).toEqual(registered.sort());
    // The request bodies are the very schemas the routes validate with.
    expect(doc.paths['/apps'].post.requestBody).toMatchObject({ content: { 'application/json': { schema: { required: ['name', 'type'] } } } });
    expect(doc.paths['/consent-purposes/{id}'].put.summary).toMatch(/consent purpose/);
  });

  it('reads no body before the caller is known: an anonymous megabyte of broken JSON gets 401, not a parse', async () => {
    const broken = `{"name": "${'x'.repeat(1024 * 1024 - 100)}`;
    const anonymous = await fetch(`${gerbang.url}/api/flows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: broken });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toBe('unauthorized');
    // The same body from an administrator is read, and refused for what it is.
    const admin = await fetch(`${gerbang.url}/api/flows`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: broken });
    expect(admin.status).toBe(400);
  });

  it('refuses anonymous callers, non-administrators, and cookie writes without the CSRF header', async () => {
    expect((await call('GET', '/flows', undefined, {})).status).toBe(401);

    // A customer's session is not an administrator's.
    const customer = new TestBrowser(gerbang.url);
    await customer.get('/login');
    await customer.submit({ email: 'customer@example.com' });
    await customer.submit({ email: 'customer@example.com', password: 'a long enough password' });
    await customer.submit({ given_name: 'Cus', family_name: '' }, { action: 'save' });
    const cookie = `gb_sid=${customer.cookie('gb_sid')}`;
    const forbidden = await call('GET', '/flows', undefined, { cookie });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toBe('forbidden');

    // An administrator's password alone is not enough, whichever journey: the engine asks (here: sets
    // up) a second factor before any session.
    const weak = new TestBrowser(gerbang.url);
    await weak.get('/login?flow=login-signup');
    await weak.submit({ email: 'admin@example.com' });
    await weak.submit({ email: 'admin@example.com', password: 'admin password for tests' });
    expect(weak.title()).toBe('Protect your account');
    expect((await call('GET', '/flows', undefined, { cookie: `gb_sid=${weak.cookie('gb_sid')}` })).status).toBe(401);

    const admin = await admins.signIn();
    const adminCookie = `gb_sid=${admin.cookie('gb_sid')}`;
    expect((await call('GET', '/flows', undefined, { cookie: adminCookie })).status).toBe(200);
    const noHeader = await call('POST', '/flows/login-signup/publish', undefined, { cookie: adminCookie });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error).toBe('csrf');
    expect((await call('POST', '/flows/login-signup/rollback', { version: 1 }, { cookie: adminCookie, 'x-requested-with': 'gerbang' })).status).toBe(200);
  });

  it('runs the draft with "try it" without publishing it', async () => {
    const admin = await admins.signIn();
    const flow = await call('GET', '/flows/onboarding');
    const graph: FlowGraph = flow.body.graph;
    graph.nodes.find((n) => n.id === 'identify')!.settings = { heading: 'Draft heading' };
    await call('PUT', '/flows/onboarding', { graph });

    const res = await fetch(`${gerbang.url}/api/flows/onboarding/try`, {
      method: 'POST',
      headers: { cookie: `gb_sid=${admin.cookie('gb_sid')}; gb_bid=${admin.cookie('gb_bid')}`, 'x-requested-with': 'gerbang' },
    });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    await admin.get(url);
    expect(admin.title()).toBe('Draft heading');
    // The published version is untouched.
    const live = await gerbang.store.flows.getActive('onboarding');
    expect(JSON.stringify(live!.graph)).not.toContain('Draft heading');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';
import { AdminSignIn } from '../support/admin.js';
import { useGerbang } from '../support/gerbang.js';
import type { FlowGraph } from '../../engine/flow/types.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';

const TOKEN = 'test-admin-token-0123456789';
const GRACE_PASSWORD = 'grace types a long password';

/** "Try it" keeps the tester's answers (sealed) and saves the run as a test case that runs on publish. */
describe('recording a test case from a "Try it" run', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let admin: TestBrowser;
  const token = tokenApi(() => gerbang.url, TOKEN);

  beforeAll(async () => {
    admin = await new AdminSignIn(gerbang.url).signIn();
    await token('POST', '/flows', { name: 'Shop sign-in', template: 'login-signup' });
  });

  /** The admin API as the console calls it: the administrator's session cookie. */
  const asAdmin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gerbang.url}/api${path}`, {
      method,
      headers: { cookie: admin.cookieHeader(), 'x-requested-with': 'gerbang', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads the route's answer
    return { status: res.status, body: (await res.json()) as any };
  };
  const tryIt = async () => {
    const started = await asAdmin('POST', '/flows/shop-sign-in/try');
    expect(started.status).toBe(201);
    await admin.get(started.body.url);
    return started.body.runId as string;
  };
  const storedDraft = async () => JSON.stringify(await gerbang.store.flows.getDraft('shop-sign-in'));

  it('saves a newcomer signing up as a case whose password stays sealed, which passes and is run on publish', async () => {
    const runId = await tryIt();
    await admin.submit({ email: 'grace@example.com' });
    expect(admin.title()).toBe('Create your account');
    await admin.submit({ email: 'grace@example.com', password: GRACE_PASSWORD });
    await admin.submit({ given_name: 'Grace', family_name: 'Hopper' });
    expect(admin.title()).toBe('Test finished');
    expect(admin.page!.html).toContain('choose &quot;Save as test case&quot; in the designer');

    // What the run kept is sealed: the password typed is nowhere in the store in clear.
    const recording = await gerbang.store.runs.recording(runId);
    expect(recording).toHaveLength(3);
    expect(recording.join()).not.toContain(GRACE_PASSWORD);
    expect(recording.join()).not.toContain('grace@example.com');

    const saved = await asAdmin('POST', `/flows/shop-sign-in/try/${runId}/test-case`, {});
    expect(saved.status).toBe(201);
    const testCase = saved.body.testCase;
    expect(testCase).toMatchObject({
      name: 'Tried: grace@example.com ends in success at "Success"',
      persona: { email: 'grace@example.com', exists: false },
      expect: { end: 'success', step: 'done' },
    });
    expect(testCase.answers.map((a: { step: string }) => a.step)).toEqual(['identify', 'register', 'profile']);
    expect(testCase.answers[1].values.email).toBe('grace@example.com');
    expect(testCase.answers[1].values.password).toEqual({ sealed: expect.stringMatching(/^v1\./) });
    expect(testCase.answers[2].values).toEqual({ given_name: 'Grace', family_name: 'Hopper' });
    expect(await storedDraft()).not.toContain(GRACE_PASSWORD);
    expect(JSON.stringify((await asAdmin('GET', '/flows/shop-sign-in')).body)).not.toContain(GRACE_PASSWORD);

    const ran = await asAdmin('POST', '/flows/shop-sign-in/tests/run', {});
    expect(ran.body.results).toMatchObject([{ caseId: testCase.id, passed: true, ended: 'success', stoppedAt: 'done' }]);
    const published = await asAdmin('POST', '/flows/shop-sign-in/publish');
    expect(published.status).toBe(201);
    expect(published.body.testResults).toMatchObject([{ name: testCase.name, passed: true }]);
    // The published version keeps the case, its password still sealed.
    expect(JSON.stringify(await gerbang.store.flows.getVersion('shop-sign-in', published.body.version))).not.toContain(GRACE_PASSWORD);
  });

  it('saves a returning customer half-way (waiting at the password) and at the end (mistyped once), both passing', async () => {
    // Grace's account exists now (made by the test above, marked as test data): this run meets it.
    const runId = await tryIt();
    await admin.submit({ email: 'grace@example.com' });
    await admin.submit({ password: 'not the password' });
    expect(admin.errors().join(' ')).toMatch(/password/i);

    const halfway = await asAdmin('POST', `/flows/shop-sign-in/try/${runId}/test-case`, { name: 'Grace mistypes her password' });
    expect(halfway.status).toBe(201);
    expect(halfway.body.testCase).toMatchObject({
      id: 'grace-mistypes-her-password',
      persona: { email: 'grace@example.com', exists: true, attributes: { given_name: 'Grace', family_name: 'Hopper' } },
      expect: { end: 'waits', step: 'password' },
    });

    await admin.submit({ password: GRACE_PASSWORD });
    expect(admin.title()).toBe('Test finished');
    const ended = await asAdmin('POST', `/flows/shop-sign-in/try/${runId}/test-case`, {});
    const returning = ended.body.testCase;
    expect(returning.expect).toEqual({ end: 'success', step: 'done' });
    // The persona's password is the one that proved the account, sealed; the wrong one is an answer, sealed too.
    expect(returning.persona.password).toEqual({ sealed: expect.stringMatching(/^v1\./) });
    expect(returning.answers.map((a: { step: string }) => a.step)).toEqual(['identify', 'password', 'password']);
    expect(returning.answers[1].values.password).toEqual({ sealed: expect.any(String) });
    expect(await storedDraft()).not.toContain(GRACE_PASSWORD);

    const ran = await asAdmin('POST', '/flows/shop-sign-in/tests/run', {});
    expect(ran.body.results.map((r: { name: string; passed: boolean; reason: string | null }) => [r.name, r.passed, r.reason])).toEqual([
      ['Tried: grace@example.com ends in success at "Success"', true, null],
      ['Grace mistypes her password', true, null],
      ['Tried: grace@example.com ends in success at "Success"', true, null],
    ]);
    expect(ran.body.results[2].path.map((m: { outcome: string }) => m.outcome)).toEqual(['known', 'wrong-password', 'success', 'done']);
  });

  it("refuses another administrator's run, a run with nothing answered, and a sealed value this server did not seal", async () => {
    const runId = await tryIt();
    const empty = await asAdmin('POST', `/flows/shop-sign-in/try/${runId}/test-case`, {});
    expect(empty).toMatchObject({ status: 422, body: { error: 'nothing_recorded' } });
    await admin.submit({ email: 'someone@example.com' });
    // The automation's token is another administrator: the run is not theirs.
    expect((await token('POST', `/flows/shop-sign-in/try/${runId}/test-case`, {})).status).toBe(404);

    const draft = (await token('GET', '/flows/shop-sign-in')).body.graph;
    const forged = { ...draft.tests[0], id: 'forged', name: 'Forged', persona: { email: 'x@example.com', exists: true, password: { sealed: 'v1.AAAAAAAA.AAAA.AAAA.AAAA' } } };
    const refused = await token('PUT', '/flows/shop-sign-in', { graph: { ...draft, tests: [...draft.tests, forged] } });
    expect(refused).toMatchObject({ status: 400, body: { message: 'Test case "Forged" holds a sealed value this server cannot open; type the value again.' } });

    // A persona password typed in clear (the form, an automation) is sealed before it is stored.
    const typed = { ...draft.tests[0], id: 'typed', name: 'Typed', persona: { email: 'x@example.com', exists: true, password: 'typed in clear' } };
    expect((await token('PUT', '/flows/shop-sign-in', { graph: { ...draft, tests: [...draft.tests, typed] } })).status).toBe(200);
    expect(await storedDraft()).not.toContain('typed in clear');
    const stored = (await gerbang.store.flows.getDraft('shop-sign-in'))!.graph.tests!.find((c) => c.id === 'typed')!;
    expect(stored.persona.password).toEqual({ sealed: expect.stringMatching(/^v1\./) });
  });

  it('records the steps of a journey the tried one leads into, under their names in the run', async () => {
    const at = { x: 0, y: 0 };
    const child: FlowGraph = {
      id: 'basic-login',
      name: 'Basic sign-in',
      version: 0,
      start: 'identify',
      nodes: [
        { id: 'identify', type: 'identify', settings: {}, position: at },
        { id: 'password', type: 'password', settings: { maxAttempts: 5, lockMinutes: 15 }, position: at },
        { id: 'ok', type: 'success', settings: {}, position: at },
        { id: 'nope', type: 'failure', settings: {}, position: at },
      ],
      edges: [
        { id: 'c1', from: 'identify', outcome: 'known', to: 'password' },
        { id: 'c2', from: 'identify', outcome: 'unknown', to: 'nope' },
        { id: 'c3', from: 'password', outcome: 'success', to: 'ok' },
        { id: 'c4', from: 'password', outcome: 'wrong-password', to: 'password' },
        { id: 'c5', from: 'password', outcome: 'unknown-user', to: 'nope' },
        { id: 'c6', from: 'password', outcome: 'locked', to: 'nope' },
      ],
    };
    const parent: FlowGraph = {
      id: 'login-with-name',
      name: 'Sign-in, then the name',
      version: 0,
      start: 'login',
      nodes: [
        { id: 'login', type: 'subflow', label: 'Sign in', settings: { journey: 'basic-login' }, position: at },
        { id: 'profile', type: 'profile', label: 'Your name', settings: { fields: [{ attribute: 'given_name', required: true }] }, position: at },
        { id: 'done', type: 'success', settings: {}, position: at },
        { id: 'failed', type: 'failure', settings: {}, position: at },
      ],
      edges: [
        { id: 'p1', from: 'login', outcome: 'success', to: 'profile' },
        { id: 'p2', from: 'login', outcome: 'failure', to: 'failed' },
        { id: 'p3', from: 'profile', outcome: 'done', to: 'done' },
      ],
    };
    for (const graph of [child, parent]) {
      expect((await token('POST', '/flows', { id: graph.id, name: graph.name })).status).toBe(201);
      expect((await token('PUT', `/flows/${graph.id}`, { graph })).status).toBe(200);
    }
    expect((await token('POST', '/flows/basic-login/publish')).status).toBe(201);
    await gerbang.store.users.create({ email: 'rina@example.com', attributes: {} }, { type: 'password', data: { hash: await argon2idHasher.hash('rina password 1') } });

    const started = await asAdmin('POST', '/flows/login-with-name/try');
    await admin.get(started.body.url);
    await admin.submit({ email: 'rina@example.com' });
    await admin.submit({ password: 'rina password 1' });
    await admin.submit({ given_name: 'Rina' });
    expect(admin.title()).toBe('Test finished');
    const saved = await asAdmin('POST', `/flows/login-with-name/try/${started.body.runId}/test-case`, {});
    expect(saved.status).toBe(201);
    expect(saved.body.testCase.answers.map((a: { step: string }) => a.step)).toEqual(['login/identify', 'login/password', 'profile']);
    expect(saved.body.testCase.persona).toMatchObject({ email: 'rina@example.com', exists: true, password: { sealed: expect.any(String) } });
    // The draft with the case is still one the designer can save.
    const draft = (await token('GET', '/flows/login-with-name')).body.graph;
    expect((await token('PUT', '/flows/login-with-name', { graph: draft })).status).toBe(200);
    const ran = await token('POST', '/flows/login-with-name/tests/run', {});
    expect(ran.body.results).toMatchObject([{ passed: true, ended: 'success', stoppedAt: 'done' }]);

    // Had it stopped inside the journey it leads into, the reason names that step as the run does.
    const halfway = { ...saved.body.testCase, id: 'halfway', answers: saved.body.testCase.answers.slice(0, 1), expect: { end: 'success' } };
    const failed = await token('POST', '/flows/login-with-name/tests/run', { graph: { ...draft, tests: [halfway] } });
    expect(failed.body.results[0].reason).toMatch(/^It stopped at "Basic sign-in: password": the case has no answer for that step/);

    // A password typed in clear through the API for a step of the journey it leads into is sealed
    // too: which fields are secret comes from that step's own page.
    const typed = { ...saved.body.testCase, id: 'typed', name: 'Typed', answers: [{ step: 'login/identify', values: { email: 'rina@example.com' } }, { step: 'login/password', values: { password: 'rina password 1' } }, { step: 'profile', values: { given_name: 'Rina' } }] };
    expect((await token('PUT', '/flows/login-with-name', { graph: { ...draft, tests: [typed] } })).status).toBe(200);
    const stored = (await gerbang.store.flows.getDraft('login-with-name'))!.graph.tests![0]!;
    expect(stored.answers.map((a) => a.values)).toEqual([{ email: 'rina@example.com' }, { password: { sealed: expect.stringMatching(/^v1\./) } }, { given_name: 'Rina' }]);
    expect((await token('POST', '/flows/login-with-name/tests/run', {})).body.results).toMatchObject([{ passed: true, stoppedAt: 'done' }]);
  });

  it('adds a saved try to the draft as it is now, and refuses it when the designer sends a revision saved over since', async () => {
    const opened = (await asAdmin('GET', '/flows/shop-sign-in')).body;
    const runId = await tryIt();
    await admin.submit({ email: 'dewi@example.com' });
    // Meanwhile the automation relabels a step.
    const relabelled = { ...opened.graph, nodes: opened.graph.nodes.map((n: { id: string }) => (n.id === 'done' ? { ...n, label: 'Welcome' } : n)) };
    expect((await token('PUT', '/flows/shop-sign-in', { graph: relabelled, revision: opened.revision })).status).toBe(200);

    // From the designer, which still shows the revision it opened: refused, nothing added.
    const stale = await asAdmin('POST', `/flows/shop-sign-in/try/${runId}/test-case`, { revision: opened.revision });
    expect(stale).toMatchObject({ status: 409, body: { error: 'draft_changed', savedBy: 'An automation (the admin API token)' } });
    expect((await gerbang.store.flows.getDraft('shop-sign-in'))!.graph.tests!.map((c) => c.persona.email)).not.toContain('dewi@example.com');

    // Without a revision (an API client), the case is added on top of the relabelled draft.
    const saved = await asAdmin('POST', `/flows/shop-sign-in/try/${runId}/test-case`, {});
    expect(saved.status).toBe(201);
    const draft = (await gerbang.store.flows.getDraft('shop-sign-in'))!;
    expect(saved.body.revision).toBe(draft.revision);
    expect(draft.graph.nodes.find((n) => n.id === 'done')!.label).toBe('Welcome');
    expect(draft.graph.tests!.map((c) => c.persona.email)).toContain('dewi@example.com');
  });
});

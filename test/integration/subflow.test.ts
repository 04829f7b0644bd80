import { beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import type { FlowGraph } from '../../engine/flow/types.js';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'subflow password 1';
const at = { x: 0, y: 0 };

/** A sign-in journey of its own: email, password, Success; an unknown email ends in Failure. */
const child = (identifyId = 'identify'): FlowGraph => ({
  id: 'basic-login',
  name: 'Basic sign-in',
  version: 0,
  start: identifyId,
  nodes: [
    { id: identifyId, type: 'identify', settings: {}, position: at },
    { id: 'password', type: 'password', settings: { maxAttempts: 5, lockMinutes: 15 }, position: at },
    { id: 'ok', type: 'success', settings: {}, position: at },
    { id: 'nope', type: 'failure', settings: { message: { en: 'No account with this email.' } }, position: at },
  ],
  edges: [
    { id: 'c1', from: identifyId, outcome: 'known', to: 'password' },
    { id: 'c2', from: identifyId, outcome: 'unknown', to: 'nope' },
    { id: 'c3', from: 'password', outcome: 'success', to: 'ok' },
    { id: 'c4', from: 'password', outcome: 'wrong-password', to: 'password' },
    { id: 'c5', from: 'password', outcome: 'unknown-user', to: 'nope' },
    { id: 'c6', from: 'password', outcome: 'locked', to: 'nope' },
  ],
});

/** Runs the sign-in above, then asks the name: it can only pass the proof if the child's person flows back. */
const parent = (journey = 'basic-login'): FlowGraph => ({
  id: 'login-with-name',
  name: 'Sign-in, then the name',
  version: 0,
  start: 'login',
  nodes: [
    { id: 'login', type: 'subflow', label: 'Sign in', settings: { journey }, position: at },
    { id: 'profile', type: 'profile', label: 'Your name', settings: { fields: [{ attribute: 'given_name', required: true }] }, position: at },
    { id: 'done', type: 'success', settings: {}, position: at },
    { id: 'failed', type: 'failure', settings: { message: { en: 'The sign-in did not complete.' } }, position: at },
  ],
  edges: [
    { id: 'p1', from: 'login', outcome: 'success', to: 'profile' },
    { id: 'p2', from: 'login', outcome: 'failure', to: 'failed' },
    { id: 'p3', from: 'profile', outcome: 'done', to: 'done' },
  ],
});

describe('a subflow step runs another published journey and continues with its outcome', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${gerbang.url}/api${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const messages = (body: { problems: Array<{ message: string }> }) => body.problems.map((p) => p.message);
  const publish = async (graph: FlowGraph) => {
    if ((await api(`/flows/${graph.id}`)).status === 404) expect((await api('/flows', { method: 'POST', body: { id: graph.id, name: graph.name } })).status).toBe(201);
    const saved = await api(`/flows/${graph.id}`, { method: 'PUT', body: { graph } });
    expect(messages(saved.body)).toEqual([]);
    const published = await api(`/flows/${graph.id}/publish`, { method: 'POST' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  };

  beforeAll(async () => {
    await gerbang.store.users.create({ email: 'rina@example.com', attributes: {} }, { type: 'password', data: { hash: await hash(PASSWORD, ARGON2_PARAMS) } });
  });

  it('refuses a journey naming a journey that is not published', async () => {
    expect((await api('/flows', { method: 'POST', body: { id: 'login-with-name', name: 'Sign-in, then the name' } })).status).toBe(201);
    const saved = await api('/flows/login-with-name', { method: 'PUT', body: { graph: parent() } });
    expect(messages(saved.body)).toContain('Step "Sign in" names the journey "basic-login", which does not exist.');
  });

  it("signs in through the child's steps, then continues with the parent's, the child's person carried over", async () => {
    await publish(child());
    // The proof sees the child's steps in place: the name step and Success need the person the child signs in.
    await publish(parent());

    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-with-name');
    await browser.submit({ email: 'rina@example.com' });
    expect(browser.page!.html).toContain('name="password"');
    await browser.submit({ email: 'rina@example.com', password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    await browser.submit({ given_name: 'Rina' }, { action: 'save' });
    expect(browser.page!.html).toContain('You are signed in as rina@example.com.');
    const user = await gerbang.store.users.findByEmail('rina@example.com');
    expect(user!.attributes.given_name).toBe('Rina');
  });

  it("takes the subflow's failure outcome when the child ends in Failure", async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-with-name');
    await browser.submit({ email: 'nobody@example.com' });
    expect(browser.page!.html).toContain('The sign-in did not complete.');
    expect(browser.page!.html).not.toContain('No account with this email.');
  });

  it('keeps a run on the child version it started with when the child is published again', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-with-name');
    // Version 2 of the child renames its first step: the run started on version 1 goes on regardless.
    await publish(child('ask-email'));
    await browser.submit({ email: 'rina@example.com' });
    expect(browser.page!.html).toContain('name="password"');
    await browser.submit({ email: 'rina@example.com', password: PASSWORD });
    expect(browser.page!.html).toContain('You are signed in as rina@example.com.');
  });

  it('counts the subflow step in the funnel like a step: entered with the child, left by how the child ended', async () => {
    const { status, body } = await api('/flows/login-with-name/funnel');
    expect(status).toBe(200);
    const f = body as { steps: Array<{ id: string; entered: number; left: number; dropped: number }>; edges: Array<{ from: string; outcome: string; to: string; count: number }> };
    // Three runs so far: two signed in (one of them across the child's republication), one unknown email.
    expect(f.steps.find((s) => s.id === 'login')).toMatchObject({ entered: 3, left: 3, dropped: 0 });
    expect(f.edges.filter((e) => e.from === 'login').map((e) => [e.outcome, e.to, e.count]).sort()).toEqual([
      ['failure', 'failed', 1],
      ['success', 'profile', 2],
    ]);
    // The second time, the name step had nothing to ask and moved on by itself.
    expect(f.steps.find((s) => s.id === 'profile')).toMatchObject({ entered: 2, left: 2 });
  });

  it('refuses journeys that run each other in a circle', async () => {
    const loop = child();
    loop.nodes.push({ id: 'again', type: 'subflow', label: 'Run the other', settings: { journey: 'login-with-name' }, position: at });
    loop.edges = loop.edges.map((e) => (e.outcome === 'unknown' ? { ...e, to: 'again' } : e));
    loop.edges.push({ id: 'c7', from: 'again', outcome: 'success', to: 'ok' }, { id: 'c8', from: 'again', outcome: 'failure', to: 'nope' });
    const saved = await api('/flows/basic-login', { method: 'PUT', body: { graph: loop } });
    expect(messages(saved.body)).toEqual(['Step "Run the other" runs journeys that run this journey again (Basic sign-in → Sign-in, then the name → Basic sign-in): a journey cannot run itself.']);
    expect((await api('/flows/basic-login/publish', { method: 'POST' })).status).toBeGreaterThanOrEqual(400);
    const self = await api('/flows/login-with-name', { method: 'PUT', body: { graph: parent('login-with-name') } });
    expect(messages(self.body)[0]).toMatch(/runs journeys that run this journey again .*a journey cannot run itself/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow/types.js';
import type { JourneyTestCase } from '../../engine/flow/test-cases.js';
import { useGerbang } from '../support/gerbang.js';
import { ADMIN_EMAIL, AdminSignIn } from '../support/admin.js';
import { adminApi } from '../support/admin-api.js';

const TOKEN = 'test-admin-token-0123456789';

/**
 * A journey's draft is written by compare-and-set on its revision: two editors saving from the same
 * revision never silently drop each other's changes; the later one is told who saved and when.
 */
describe("a journey's draft saved from two places at once", () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let person: ReturnType<typeof adminApi>;
  let automation: ReturnType<typeof adminApi>;

  beforeAll(async () => {
    person = adminApi(gerbang.url, { browser: await new AdminSignIn(gerbang.url).signIn() });
    automation = adminApi(gerbang.url, { token: TOKEN });
    expect((await automation('POST', '/flows', { name: 'Shop sign-in', template: 'login-signup' })).status).toBe(201);
  });

  const opened = async () => {
    const { json } = await person('GET', '/flows/shop-sign-in');
    return { graph: json.graph as unknown as FlowGraph, revision: json.revision as number };
  };
  const labelled = (graph: FlowGraph, step: string, label: string): FlowGraph => ({ ...graph, nodes: graph.nodes.map((n) => (n.id === step ? { ...n, label } : n)) });

  it('refuses the second of two saves from the same revision, saying who saved and when, and keeps the first', async () => {
    const base = await opened();
    const first = await automation('PUT', '/flows/shop-sign-in', { graph: labelled(base.graph, 'identify', 'Your email'), revision: base.revision });
    expect(first.status).toBe(200);
    expect(first.json.revision).toBe(base.revision + 1);

    const second = await person('PUT', '/flows/shop-sign-in', { graph: labelled(base.graph, 'password', 'Your password'), revision: base.revision });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ error: 'draft_changed', savedBy: 'An automation (the admin API token)', savedByAutomation: true, revision: base.revision + 1 });
    expect(second.json.message).toMatch(/^An automation \(the admin API token\) saved this journey at \d\d:\d\d UTC on \d+ \w+ \d{4}, after the version this change was made from, so this change was not saved\. Reload the journey/);
    expect(new Date(second.json.savedAt as string).getTime()).toBeLessThanOrEqual(Date.now());

    const now = await opened();
    expect(now.graph.nodes.find((n) => n.id === 'identify')!.label).toBe('Your email');
    expect(now.graph.nodes.find((n) => n.id === 'password')!.label).not.toBe('Your password');
    // Reloaded, the person makes the change again and it is saved on top of the other one.
    const again = await person('PUT', '/flows/shop-sign-in', { graph: labelled(now.graph, 'password', 'Your password'), revision: now.revision });
    expect(again.status).toBe(200);
    const both = await opened();
    expect(both.graph.nodes.filter((n) => n.label === 'Your email' || n.label === 'Your password')).toHaveLength(2);
  });

  it('tells a person whose other tab saved first that it was them, naming the other administrator otherwise', async () => {
    const base = await opened();
    expect((await person('PUT', '/flows/shop-sign-in', { graph: labelled(base.graph, 'done', 'Welcome'), revision: base.revision })).status).toBe(200);
    const otherTab = await person('PUT', '/flows/shop-sign-in', { graph: labelled(base.graph, 'done', 'Signed in'), revision: base.revision });
    expect(otherTab.status).toBe(409);
    expect(otherTab.json.message).toMatch(/^You saved this journey in another tab or window at /);
    const stale = await automation('PUT', '/flows/shop-sign-in', { graph: base.graph, revision: base.revision });
    expect(stale.json).toMatchObject({ error: 'draft_changed', savedBy: ADMIN_EMAIL, savedByAutomation: false });
    expect(stale.json.message).toContain(`${ADMIN_EMAIL} saved this journey at`);
  });

  it('publishes nothing from a revision saved over since, and writes the version back on the draft it published', async () => {
    const base = await opened();
    expect((await automation('PUT', '/flows/shop-sign-in', { graph: labelled(base.graph, 'done', 'All set'), revision: base.revision })).status).toBe(200);
    const stale = await person('POST', '/flows/shop-sign-in/publish', { revision: base.revision });
    expect(stale.status).toBe(409);
    expect((await person('GET', '/flows/shop-sign-in/versions')).json.versions).toEqual([]);

    const reviewed = await opened();
    const published = await person('POST', '/flows/shop-sign-in/publish', { revision: reviewed.revision });
    expect(published.status).toBe(201);
    expect(published.json.revision).toBe(reviewed.revision + 1);
    expect((await opened()).graph.version).toBe(1);
  });

  it('renames a journey over an edit saved meanwhile without losing it, and refuses a rename from a stale revision', async () => {
    const base = await opened();
    expect((await automation('PUT', '/flows/shop-sign-in', { graph: labelled(base.graph, 'register', 'Create your account') })).status).toBe(200);
    // The journey list renames without a revision: the name changes on the draft as it is now.
    expect((await person('PATCH', '/flows/shop-sign-in', { name: 'Shop sign-in (new)' })).status).toBe(200);
    const renamed = await opened();
    expect(renamed.graph.name).toBe('Shop sign-in (new)');
    expect(renamed.graph.nodes.find((n) => n.id === 'register')!.label).toBe('Create your account');
    const stale = await person('PATCH', '/flows/shop-sign-in', { name: 'Old name', revision: base.revision });
    expect(stale.status).toBe(409);
    expect((await opened()).graph.name).toBe('Shop sign-in (new)');
  });
  it('refuses a rollback that would reset a draft saved since the revision the person chose to drop, changing nothing', async () => {
    const base = await opened();
    expect((await automation('PUT', '/flows/shop-sign-in', { graph: labelled(base.graph, 'done', 'Version two'), revision: base.revision })).status).toBe(200);
    expect((await automation('POST', '/flows/shop-sign-in/publish')).status).toBe(201);
    const live = async () => (await person('GET', '/flows/shop-sign-in/versions')).json.activeVersion;
    expect(await live()).toBe(2);
    const stale = await person('POST', '/flows/shop-sign-in/rollback', { version: 1, resetDraft: true, revision: base.revision });
    expect(stale.status).toBe(409);
    expect(await live()).toBe(2);
    expect((await opened()).graph.nodes.find((n) => n.id === 'done')!.label).toBe('Version two');
    const current = await opened();
    expect((await person('POST', '/flows/shop-sign-in/rollback', { version: 1, resetDraft: true, revision: current.revision })).json).toMatchObject({ activeVersion: 1, revision: current.revision + 1 });
    expect(await live()).toBe(1);
  });
});

/** Answers an administrator types in clear through the admin API are sealed like the designer's form seals them. */
describe('test-case answers typed in clear through the admin API', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let api: ReturnType<typeof adminApi>;

  beforeAll(async () => {
    api = adminApi(gerbang.url, { token: TOKEN });
    expect((await api('POST', '/flows', { name: 'Reset', template: 'password-reset' })).status).toBe(201);
  });

  const NEW_PASSWORD = 'a brand new passphrase 7';
  const WRONG_CODE = '000111';
  const resets: JourneyTestCase = {
    id: 'resets',
    name: 'Resets the password',
    persona: { email: 'ana@example.com', exists: true, password: 'the old passphrase 1' },
    answers: [
      { step: 'identify', values: { email: 'ana@example.com' } },
      { step: 'verify', values: { code: '{code}' } },
      { step: 'set-password', values: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } },
    ],
    expect: { end: 'success' },
  };
  const mistypes: JourneyTestCase = {
    id: 'mistypes',
    name: 'Mistypes the code',
    persona: { email: 'budi@example.com', exists: true },
    answers: [
      { step: 'identify', values: { email: 'budi@example.com' } },
      { step: 'verify', values: { code: WRONG_CODE } },
    ],
    expect: { end: 'waits', step: 'verify' },
  };
  const inClear = (text: string) => [NEW_PASSWORD, WRONG_CODE, 'the old passphrase 1'].filter((secret) => text.includes(secret));

  it('seals what the steps show as password and code fields, in the draft, the answer and the published version, and the cases still run', async () => {
    const { json } = await api('GET', '/flows/reset');
    const saved = await api('PUT', '/flows/reset', { graph: { ...(json.graph as object), tests: [resets, mistypes] } });
    expect(saved.status).toBe(200);
    expect(inClear(JSON.stringify(saved.json))).toEqual([]);

    const stored = (await gerbang.store.flows.getDraft('reset'))!.graph.tests!;
    expect(inClear(JSON.stringify(stored))).toEqual([]);
    // Only the secrets: the address typed and the {code} placeholder stay as typed.
    expect(stored[0]!.answers.map((a) => a.values)).toEqual([
      { email: 'ana@example.com' },
      { code: '{code}' },
      { password: { sealed: expect.stringMatching(/^v1\./) }, confirm: { sealed: expect.stringMatching(/^v1\./) } },
    ]);
    expect(stored[1]!.answers[1]!.values.code).toEqual({ sealed: expect.stringMatching(/^v1\./) });
    expect(inClear(JSON.stringify((await api('GET', '/flows/reset')).json))).toEqual([]);

    const published = await api('POST', '/flows/reset/publish');
    expect(published.status).toBe(201);
    const results = published.json.testResults as Array<{ name: string; passed: boolean }>;
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ['Resets the password', true],
      ['Mistypes the code', true],
    ]);
    expect(inClear(JSON.stringify((await gerbang.store.flows.getVersion('reset', 1))!.graph))).toEqual([]);
    expect(inClear(JSON.stringify((await api('GET', '/flows/reset/versions/1')).json))).toEqual([]);
  });

  it('seals, on publish, answers a draft saved before this kept in clear', async () => {
    const draft = (await gerbang.store.flows.getDraft('reset'))!;
    // As an older Gerbang stored it: the answers in clear.
    await gerbang.store.flows.saveDraft({ id: 'reset', name: draft.name, graph: { ...draft.graph, tests: [resets] }, updatedBy: 'test' }, draft.revision, new Date());
    const published = await api('POST', '/flows/reset/publish');
    expect(published.status).toBe(201);
    expect((published.json.testResults as Array<{ passed: boolean }>)[0]!.passed).toBe(true);
    expect(inClear(JSON.stringify((await gerbang.store.flows.getVersion('reset', 2))!.graph))).toEqual([]);
    expect(inClear(JSON.stringify((await gerbang.store.flows.getDraft('reset'))!.graph))).toEqual([]);
  });

  it('seals what a copy or a rollback would bring back in clear from a draft or a version stored before this', async () => {
    const draft = (await gerbang.store.flows.getDraft('reset'))!;
    const legacy = { ...draft.graph, tests: [resets] };
    await gerbang.store.flows.saveDraft({ id: 'reset', name: draft.name, graph: legacy, updatedBy: 'test' }, draft.revision, new Date());
    expect((await api('POST', '/flows/reset/duplicate', { name: 'Reset copy' })).status).toBe(201);
    expect(inClear(JSON.stringify((await gerbang.store.flows.getDraft('reset-copy'))!.graph))).toEqual([]);

    expect(await gerbang.store.flows.publish({ flowId: 'reset', version: 3, graph: { ...legacy, version: 3 }, publishedAt: new Date(), publishedBy: 'test' })).toBe(true);
    expect((await api('POST', '/flows/reset/rollback', { version: 3, resetDraft: true })).status).toBe(200);
    const reset = (await gerbang.store.flows.getDraft('reset'))!.graph;
    expect(reset.tests!.map((c) => c.id)).toEqual(['resets']);
    expect(inClear(JSON.stringify(reset))).toEqual([]);
  });
});

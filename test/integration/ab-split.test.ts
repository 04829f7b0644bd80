import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'split password 1';
const FLOW = 'ab-signup';

interface Branch {
  branch: string;
  assigned: number;
  entered: number;
  success: number;
  dropped: number;
  meanMsToSuccess: number | null;
}

/**
 * A published sign-up journey with an A/B split in front of the "your name" step ("does asking the
 * name cost sign-ups?"): people are split, stay in their branch on later sign-ins, the results per
 * branch count what they did, the funnel shows each branch's edge, and "promote" drafts the journey
 * without the split.
 */
describe('an A/B split in a published journey', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${gerbang.url}/api${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const results = async () => {
    const { status, body } = await api(`/flows/${FLOW}/experiments/split`);
    expect(status, JSON.stringify(body)).toBe(200);
    return Object.fromEntries((body.branches as Branch[]).map((b) => [b.branch, b])) as Record<'ask-name' | 'skip-name', Branch>;
  };

  /** Signs up; answers the name step unless `abandon`. Which branch the person got shows in what they see. */
  async function signUp(email: string, abandon = false): Promise<'ask-name' | 'skip-name'> {
    const browser = new TestBrowser(gerbang.url);
    await browser.get(`/login?flow=${FLOW}`);
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    if (browser.title() !== 'Tell us a little about yourself') {
      expect(browser.page!.html).toContain(`You are signed in as ${email}.`);
      return 'skip-name';
    }
    if (!abandon) await browser.submit({ given_name: 'Putri', family_name: '' }, { action: 'save' });
    return 'ask-name';
  }

  async function signIn(email: string) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get(`/login?flow=${FLOW}`);
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    // The name step asks again for what is still missing (the last name): "skip for now".
    if (browser.title() === 'Tell us a little about yourself') await browser.submit({}, { action: 'skip' });
    expect(browser.page!.html).toContain(`You are signed in as ${email}.`);
  }

  beforeAll(async () => {
    const base = JSON.parse(readFileSync(new URL('../../flows/login-signup.json', import.meta.url), 'utf8'));
    const graph = {
      ...base,
      id: FLOW,
      name: 'Sign-up with a split',
      version: 0,
      nodes: [...base.nodes, { id: 'split', type: 'ab-split', settings: { branches: [{ outcome: 'ask-name', weight: 50 }, { outcome: 'skip-name', weight: 50 }] }, position: { x: 400, y: 300 } }],
      edges: [
        ...base.edges.map((e: { from: string; outcome: string; to: string }) => (e.to === 'profile' ? { ...e, to: 'split' } : e)),
        { id: 'split-ask', from: 'split', outcome: 'ask-name', to: 'profile' },
        { id: 'split-skip', from: 'split', outcome: 'skip-name', to: 'done' },
      ],
    };
    expect((await api('/flows', { method: 'POST', body: { id: FLOW, name: graph.name } })).status).toBe(201);
    const saved = await api(`/flows/${FLOW}`, { method: 'PUT', body: { graph } });
    expect(saved.body.problems).toEqual([]);
    // Shares that do not add up are a problem on the canvas, and the draft cannot be published.
    const uneven = structuredClone(graph);
    uneven.nodes.find((n: { id: string }) => n.id === 'split').settings.branches[1].weight = 40;
    const checked = await api(`/flows/${FLOW}/check`, { method: 'POST', body: { graph: uneven } });
    expect(JSON.stringify(checked.body.problems)).toContain("the branches' shares add up to 90 %, not 100 %");
    expect((await api(`/flows/${FLOW}/publish`, { method: 'POST' })).status).toBe(201);
  });

  it('counts per branch what people did, keeps them in their branch, and draws each branch in the funnel', async () => {
    const people: Array<{ email: string; branch: 'ask-name' | 'skip-name'; done: boolean }> = [];
    let abandoned = 0;
    for (let i = 0; i < 8; i++) {
      const email = `split${i}.${Date.now()}@example.com`;
      // The first person asked for their name leaves without answering.
      const abandon = abandoned === 0;
      const branch = await signUp(email, abandon);
      const left = branch === 'ask-name' && abandon;
      if (left) abandoned++;
      people.push({ email, branch, done: !left });
    }
    const count = (b: string, done?: boolean) => people.filter((p) => p.branch === b && (done === undefined || p.done === done)).length;
    let r = await results();
    expect(r['ask-name']).toMatchObject({ assigned: count('ask-name'), entered: count('ask-name'), success: count('ask-name', true), dropped: count('ask-name', false) });
    expect(r['skip-name']).toMatchObject({ assigned: count('skip-name'), entered: count('skip-name'), success: count('skip-name'), dropped: 0 });
    if (count('skip-name')) expect(r['skip-name'].meanMsToSuccess).toBeGreaterThan(0);

    // Sticky: a person signing in twice more goes down their branch each time, and is not assigned again.
    const returning = people.find((p) => p.done)!;
    const other = returning.branch === 'ask-name' ? 'skip-name' : 'ask-name';
    await signIn(returning.email);
    await signIn(returning.email);
    const before = r;
    r = await results();
    expect(r[returning.branch]).toMatchObject({ assigned: before[returning.branch].assigned, entered: before[returning.branch].entered + 2, success: before[returning.branch].success + 2 });
    const counters = (b: Branch) => [b.assigned, b.entered, b.success, b.dropped];
    expect(counters(r[other])).toEqual(counters(before[other]));

    // The funnel draws each branch as an edge of the split with its count.
    const funnel = (await api(`/flows/${FLOW}/funnel`)).body as { edges: Array<{ from: string; outcome: string; to: string; count: number }> };
    expect(funnel.edges.find((e) => e.from === 'split' && e.outcome === 'ask-name')?.count ?? 0).toBe(r['ask-name'].entered);
    expect(funnel.edges.find((e) => e.from === 'split' && e.outcome === 'skip-name')?.count ?? 0).toBe(r['skip-name'].entered);
  });

  it('promotes the winner only once there is one: a draft without the split, where the branch led', async () => {
    // A thousand more runs per branch with the same success rate swamp the eight above: no winner yet.
    const experiment = `${FLOW}/split`;
    await gerbang.store.experiments.count(experiment, 'ask-name', { entered: 1000, success: 500 });
    await gerbang.store.experiments.count(experiment, 'skip-name', { entered: 1000, success: 500 });
    expect((await api(`/flows/${FLOW}/experiments/split`)).body.winner).toBeNull();
    const noWinner = await api(`/flows/${FLOW}/experiments/split/promote`, { method: 'POST', body: {} });
    expect(noWinner.status).toBe(409);
    // Then skipping the name step clearly wins.
    await gerbang.store.experiments.count(experiment, 'skip-name', { entered: 1000, success: 800 });
    expect((await api(`/flows/${FLOW}/experiments/split`)).body.winner).toBe('skip-name');
    const promoted = await api(`/flows/${FLOW}/experiments/split/promote`, { method: 'POST', body: {} });
    expect(promoted.status).toBe(200);
    expect(promoted.body.promoted).toBe('skip-name');
    const draft = (await api(`/flows/${FLOW}`)).body as { graph: { nodes: Array<{ id: string }>; edges: Array<{ from: string; outcome: string; to: string }> }; problems: unknown[] };
    expect(draft.graph.nodes.map((n) => n.id)).not.toContain('split');
    expect(draft.graph.edges.filter((e) => e.to === 'done').map((e) => `${e.from}:${e.outcome}`).sort()).toEqual(['password:success', 'profile:done', 'register:created']);
    // The published version still runs the experiment until the draft is published.
    expect((await api(`/flows/${FLOW}/experiments/split`)).status).toBe(200);
  });
});

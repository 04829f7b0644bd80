import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow/types.js';
import { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'hostile-input-admin-token-0123456789';

/** Attacks on input that must not hurt: each performs the attack and checks the refusal. */
describe('input that must not hurt', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });

  const api = tokenApi(() => gerbang.url, TOKEN);

  it("runs an administrator's catastrophic pattern `(a+)+` on a long hostile answer without blocking the server", { timeout: 60_000 }, async () => {
    const { body: flow } = await api('GET', '/flows/login-signup');
    const graph = flow.graph as FlowGraph;
    const profile = graph.nodes.find((n) => n.id === 'profile')!;
    (profile.settings.fields as unknown[]).push({ name: 'nickname', label: 'Nickname', type: 'text', required: false, maxLength: 1000, pattern: '(a+)+' });
    expect((await api('PUT', '/flows/login-signup', { graph })).body.problems).toEqual([]);
    expect((await api('POST', '/flows/login-signup/publish')).status).toBe(201);

    const b = new TestBrowser(gerbang.url);
    await b.get('/login');
    await b.submit({ email: 'redos@example.com' });
    await b.submit({ email: 'redos@example.com', password: 'a long enough password' });
    expect(b.fieldNames()).toContain('nickname');

    // The server runs in this process: a timer here stops ticking while a pattern blocks the thread.
    let last = Date.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
    }, 10);
    const hostile = `${'a'.repeat(999)}!`;
    try {
      for (let i = 0; i < 5; i++) {
        await b.submit({ given_name: 'Ayu', family_name: '', nickname: hostile }, { action: 'save' });
        expect(b.errors()).toContain('Please use the expected format.');
        expect(b.fieldValue('nickname')).toBe(hostile);
      }
    } finally {
      clearInterval(ticker);
    }
    // Generous: the backtracking engine needed seconds for 25 characters, and forever for 1000.
    expect(longestGap).toBeLessThan(5_000);
    // Longer than the field allows is refused by length, before any pattern runs.
    await b.submit({ given_name: 'Ayu', family_name: '', nickname: 'a'.repeat(1001) }, { action: 'save' });
    expect(b.errors()).toContain('Please use at most 1000 characters.');
    // A matching answer is accepted.
    await b.submit({ given_name: 'Ayu', family_name: '', nickname: 'aaaa' }, { action: 'save' });
    expect(b.title()).toBe('Welcome Ayu');
    expect((await gerbang.store.users.findByEmail('redos@example.com'))!.attributes.nickname).toBe('aaaa');
  });

  it('refuses, as a problem of the flow, a pattern the linear-time engine cannot run', async () => {
    const { body: flow } = await api('GET', '/flows/login-signup');
    const graph = flow.graph as FlowGraph;
    const profile = graph.nodes.find((n) => n.type === 'profile')!;
    (profile.settings.fields as unknown[]).push({ name: 'code', label: 'Code', type: 'text', required: false, pattern: '(a)\\1' });
    const saved = await api('PUT', '/flows/login-signup', { graph });
    expect(saved.status).toBe(200);
    expect(JSON.stringify(saved.body.problems)).toContain('the pattern of \\"code\\" cannot be used');
    expect((await api('POST', '/flows/login-signup/publish')).status).toBe(422);
  });

  it('answers flow settings nested 50,000 deep with a 400, not a 500, and keeps the flow as it was', async () => {
    const { body: before } = await api('GET', '/flows/passwordless');
    const graph = before.graph as FlowGraph;
    const deep = (levels: number) =>
      JSON.stringify({ graph: { ...graph, nodes: graph.nodes.map((n, i) => (i === 0 ? { ...n, settings: { x: '__DEEP__' } } : n)) } }).replace(
        '"__DEEP__"',
        `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`,
      );
    const abyss = await api('PUT', '/flows/passwordless', deep(50_000));
    expect(abyss.status).toBe(400);
    expect(abyss.body).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('nested too deeply') });
    // Shallow enough for the body, too deep for step settings: the schema's own bound.
    const deepSettings = await api('PUT', '/flows/passwordless', deep(20));
    expect(deepSettings.status).toBe(400);
    expect(deepSettings.body.message).toContain('Step "Ask for email": Settings is nested too deeply (at most 16 levels).');
    const preview = await api('POST', '/flows/passwordless/preview', deep(50_000).replace('{"graph"', '{"nodeId":"start","graph"'));
    expect(preview.status).toBe(400);
    expect((await api('GET', '/flows/passwordless')).body.graph).toEqual(graph);
  });
});

import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow/types.js';
import type { JourneyTestCase } from '../../engine/flow/test-cases.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'test-admin-token-0123456789';

const newcomer: JourneyTestCase = {
  id: 'newcomer-signs-up',
  name: 'Newcomer signs up',
  persona: { email: 'grace@example.com', exists: false },
  answers: [
    { step: 'identify', values: { email: 'grace@example.com' } },
    { step: 'register', values: { email: 'grace@example.com', password: 'a long enough password' } },
    { step: 'profile', values: { given_name: 'Grace', family_name: 'Hopper' } },
  ],
  expect: { end: 'success', step: 'done' },
};

/** Saved test cases: run in a sandbox on request and on publish, where a failing one blocks publication. */
describe('saved test cases of a journey', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });


  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${gerbang.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  }
  const draftOf = async (id: string) => (await call('GET', `/flows/${id}`)).body.graph as FlowGraph;

  it('runs a case without side effects, publishes with its result, and keeps the result with the version', async () => {
    await call('POST', '/flows', { name: 'Shop sign-in', template: 'login-signup' });
    const graph = { ...(await draftOf('shop-sign-in')), tests: [newcomer] };
    expect((await call('PUT', '/flows/shop-sign-in', { graph })).status).toBe(200);

    const ran = await call('POST', '/flows/shop-sign-in/tests/run', {});
    expect(ran.body.results).toEqual([
      {
        caseId: 'newcomer-signs-up',
        name: 'Newcomer signs up',
        passed: true,
        reason: null,
        ended: 'success',
        stoppedAt: 'done',
        path: [
          { from: 'identify', outcome: 'unknown', to: 'register' },
          { from: 'register', outcome: 'created', to: 'profile' },
          { from: 'profile', outcome: 'done', to: 'done' },
        ],
      },
    ]);
    // The sandbox's account, audit trail and mails stayed in the sandbox.
    expect(await gerbang.store.users.findByEmail('grace@example.com')).toBeNull();
    expect((await gerbang.store.audit.list({ limit: 100 })).filter((e) => e.type === 'signup')).toEqual([]);

    const published = await call('POST', '/flows/shop-sign-in/publish');
    expect(published.status).toBe(201);
    expect(published.body.testResults.map((r: { passed: boolean }) => r.passed)).toEqual([true]);
    const versions = await call('GET', '/flows/shop-sign-in/versions');
    expect(versions.body.versions[0]).toMatchObject({ version: 1, testCases: { passed: 1, total: 1 } });
    expect((await call('GET', '/flows/shop-sign-in/versions/1')).body.graph.testRun.results[0].passed).toBe(true);
    expect(await gerbang.store.users.findByEmail('grace@example.com')).toBeNull();
  });

  it('refuses to publish while a case fails, saying which and why in the words of the canvas, with the path it took', async () => {
    const graph = await draftOf('shop-sign-in');
    // A stricter password rule: the saved newcomer's password is now too short.
    const register = graph.nodes.find((n) => n.id === 'register')!;
    register.settings = { policy: { ...(register.settings.policy as Record<string, unknown>), minLength: 30 } };
    await call('PUT', '/flows/shop-sign-in', { graph });

    const refused = await call('POST', '/flows/shop-sign-in/publish');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('failing_test_cases');
    expect(refused.body.message).toMatch(/^1 of 1 test case failed, so the journey was not published\. "Newcomer signs up": It stopped at "Sign up": the case has no further answer for that step \(the page said: ".*30.*"\)\.$/);
    expect(refused.body.testResults[0]).toMatchObject({ passed: false, stoppedAt: 'register', path: [{ from: 'identify', outcome: 'unknown', to: 'register' }] });

    const versions = await call('GET', '/flows/shop-sign-in/versions');
    expect(versions.body).toMatchObject({ activeVersion: 1 });
    expect(versions.body.versions).toHaveLength(1);
  });

  it('refuses a case that is not well formed, and one for a case the journey does not have', async () => {
    const graph = await draftOf('shop-sign-in');
    const broken = { ...graph, tests: [{ ...newcomer, persona: { email: 'not an email', exists: false } }] };
    expect((await call('PUT', '/flows/shop-sign-in', { graph: broken })).status).toBe(400);
    expect((await call('POST', '/flows/shop-sign-in/tests/run', { caseId: 'nobody' })).status).toBe(404);
  });
});

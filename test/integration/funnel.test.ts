import { beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'funnel password 1';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

interface FunnelAnswer {
  versions: number[];
  steps: Array<{ id: string; entered: number; left: number; dropped: number; ended: Record<string, number> }>;
  edges: Array<{ from: string; outcome: string; to: string | null; count: number; share: number }>;
}

/**
 * Scripted journeys of the seeded sign-in journey, some abandoned at known steps, on two published
 * versions, directly and through an app: the funnel API answers the exact counts for each slice.
 */
describe('the funnel of a journey counts what runs did', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let appRunId = '';
  const today = new Date().toISOString().slice(0, 10);

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${gerbang.url}/api${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...init.headers } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const funnel = async (query = ''): Promise<FunnelAnswer> => {
    const { status, body } = await api(`/flows/login-signup/funnel${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };
  const step = (f: FunnelAnswer, id: string) => {
    const s = f.steps.find((x) => x.id === id)!;
    return { entered: s.entered, left: s.left, dropped: s.dropped, ended: s.ended };
  };
  const edge = (f: FunnelAnswer, from: string, outcome: string) => f.edges.find((e) => e.from === from && e.outcome === outcome);

  const direct = async (ua: string, email: string | null, passwords: string[] = []) => {
    const browser = new TestBrowser(gerbang.url, { 'user-agent': ua });
    await browser.get('/login');
    if (email) await browser.submit({ email });
    for (const password of passwords) await browser.submit({ email: email!, password });
    return browser;
  };

  beforeAll(async () => {
    const encoded = await hash(PASSWORD, ARGON2_PARAMS);
    for (const email of ['ana@example.com', 'budi@example.com', 'citra@example.com']) {
      await gerbang.store.users.create({ email, attributes: { given_name: 'Test', family_name: 'Person' } }, { type: 'password', data: { hash: encoded } });
    }

    // Version 1: one leaves at the email step, two at the password step, one signs in after a wrong password.
    await direct(DESKTOP, null);
    await direct(DESKTOP, 'ana@example.com');
    await direct(DESKTOP, 'budi@example.com');
    const signedIn = await direct(DESKTOP, 'citra@example.com', ['not the password', PASSWORD]);
    expect(signedIn.page!.html).toContain('signed in as citra@example.com');

    // Through the demo app, on a phone, in Indonesian: leaves at the email step.
    const phone = new TestBrowser(gerbang.url, { 'user-agent': PHONE, 'accept-language': 'id-ID,id;q=0.9' });
    await phone.get(demoAppAuthorization({ scope: 'openid' }).path);
    // The first page is shown where the sign-in lands: the run's id is in the address its form posts to.
    appRunId = new URL(/<form method="post" action="([^"]+)"/.exec(phone.page!.html)![1], gerbang.url).pathname.split('/').pop()!;

    // A "Try it" run of the draft is never counted.
    expect((await api('/flows/login-signup/try', { method: 'POST' })).status).toBe(201);

    // Version 2: one person signs in.
    expect((await api('/flows/login-signup/publish', { method: 'POST' })).status).toBe(201);
    await direct(DESKTOP, 'ana@example.com', [PASSWORD]);
  });

  it('counts per step how many entered and left, and per edge how many took it, on version 1', async () => {
    const v1 = await funnel('?version=1');
    expect(v1.versions).toEqual([1]);
    expect(step(v1, 'identify')).toEqual({ entered: 5, left: 3, dropped: 2, ended: {} });
    // The wrong password brought one person back to the same step: an arrival counted again.
    expect(step(v1, 'password')).toEqual({ entered: 4, left: 2, dropped: 2, ended: {} });
    expect(step(v1, 'profile')).toEqual({ entered: 1, left: 1, dropped: 0, ended: {} });
    expect(step(v1, 'done')).toEqual({ entered: 1, left: 0, dropped: 0, ended: { success: 1 } });
    expect(step(v1, 'register')).toEqual({ entered: 0, left: 0, dropped: 0, ended: {} });
    expect(edge(v1, 'identify', 'known')).toEqual({ from: 'identify', outcome: 'known', to: 'password', count: 3, share: 0.6 });
    expect(edge(v1, 'password', 'wrong-password')).toEqual({ from: 'password', outcome: 'wrong-password', to: 'password', count: 1, share: 0.25 });
    expect(edge(v1, 'password', 'success')).toMatchObject({ to: 'profile', count: 1, share: 0.25 });
    expect(edge(v1, 'identify', 'unknown')).toBeUndefined();
  });

  it('counts version 2 apart, and both versions together', async () => {
    const v2 = await funnel('?version=2');
    expect(step(v2, 'identify')).toEqual({ entered: 1, left: 1, dropped: 0, ended: {} });
    expect(step(v2, 'password')).toEqual({ entered: 1, left: 1, dropped: 0, ended: {} });
    expect(step(v2, 'done')).toMatchObject({ entered: 1, ended: { success: 1 } });
    expect(edge(v2, 'identify', 'known')).toMatchObject({ count: 1, share: 1 });

    const all = await funnel();
    expect(all.versions.sort()).toEqual([1, 2]);
    expect(step(all, 'identify')).toEqual({ entered: 6, left: 4, dropped: 2, ended: {} });
    expect(step(all, 'done')).toMatchObject({ entered: 2, ended: { success: 2 } });
    expect(edge(all, 'identify', 'known')).toMatchObject({ count: 4 });
  });

  it('filters by app, language and date range', async () => {
    const app = await funnel('?app=demo-app');
    expect(step(app, 'identify')).toEqual({ entered: 1, left: 0, dropped: 1, ended: {} });
    expect(step(app, 'password')).toMatchObject({ entered: 0 });

    const indonesian = await funnel('?lang=id');
    expect(step(indonesian, 'identify')).toMatchObject({ entered: 1, dropped: 1 });
    const english = await funnel('?lang=en&version=1');
    expect(step(english, 'identify')).toMatchObject({ entered: 4, left: 3 });

    expect(step(await funnel(`?from=${today}&to=${today}`), 'identify').entered).toBe(6);
    expect((await funnel('?from=2020-01-01&to=2020-12-31')).steps.every((s) => s.entered === 0)).toBe(true);
  });

  it('keeps each run\'s path with its app, language and device class', async () => {
    await funnel();
    const path = await gerbang.store.events.forRun(appRunId);
    expect(path).toEqual([
      expect.objectContaining({ flowId: 'login-signup', version: 1, app: 'demo-app', lang: 'id', device: 'mobile', step: 'identify', kind: 'entered' }),
    ]);
  });

  it('refuses bad filters with a clear 4xx', async () => {
    expect((await api('/flows/login-signup/funnel?version=abc')).status).toBe(400);
    expect((await api('/flows/login-signup/funnel?lang=xx')).status).toBe(400);
    expect((await api('/flows/login-signup/funnel?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await api('/flows/login-signup/funnel?version=9')).status).toBe(404);
    expect((await api('/flows/nope/funnel')).status).toBe(404);
    expect((await fetch(`${gerbang.url}/api/flows/login-signup/funnel`)).status).toBe(401);
    const description = (await (await fetch(`${gerbang.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(description.paths['/flows/{id}/funnel']).toBeDefined();
  });
});

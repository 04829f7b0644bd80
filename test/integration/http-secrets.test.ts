import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'secret step password 1';
const FLOW = 'crm-sign-in';
const CRM_TOKEN = 'crm-tok-7Hq2vX9';

/**
 * API secrets of the HTTP request step: written through the admin API, sealed in the store, named by
 * a journey's header as `{{secret.crm_token}}`, sent to a real API on loopback, and never shown back:
 * not by the API, not in the journey, not in the audit log.
 */
describe('sealed API secrets in an HTTP request step', () => {
  let crm: Server;
  const seen: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    crm = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    crm.closeAllConnections();
    await new Promise((resolve) => crm.close(resolve));
  });
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${gerbang.url}/api${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, body: (text ? JSON.parse(text) : null) as any };
  };

  async function signIn(email: string) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get(`/login?flow=${FLOW}`);
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    return browser;
  }

  beforeAll(async () => {
    await gerbang.store.users.create({ email: 'wulan@example.com', attributes: { given_name: 'Wulan', family_name: 'Sari' } }, { type: 'password', data: { hash: await hash(PASSWORD, ARGON2_PARAMS) } });
  });

  const journey = () => {
    const base = JSON.parse(readFileSync(new URL('../../flows/login-signup.json', import.meta.url), 'utf8'));
    const url = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/customers`;
    return {
      ...base,
      id: FLOW,
      name: 'Sign-in checked by the CRM',
      version: 0,
      nodes: [
        ...base.nodes,
        {
          id: 'crm',
          type: 'http-request',
          label: 'Ask the CRM',
          settings: { method: 'POST', url, headers: [{ name: 'Authorization', value: 'Bearer {{secret.crm_token}}' }], body: { email: '{{run.email}}' }, timeoutSeconds: 5, retries: 0, map: [] },
          position: { x: 400, y: 300 },
        },
        { id: 'crm-failed', type: 'failure', settings: {}, position: { x: 600, y: 300 } },
      ],
      edges: [
        ...base.edges.map((e: { from: string; outcome: string; to: string }) => (e.from === 'password' && e.outcome === 'success' ? { ...e, to: 'crm' } : e)),
        { id: 'crm-ok', from: 'crm', outcome: 'success', to: 'profile' },
        { id: 'crm-error', from: 'crm', outcome: 'error', to: 'crm-failed' },
        { id: 'crm-timeout', from: 'crm', outcome: 'timeout', to: 'crm-failed' },
      ],
    };
  };

  it('refuses to publish a journey naming a secret that does not exist, in the words of the canvas', async () => {
    expect((await api('/flows', { method: 'POST', body: { id: FLOW, name: 'Sign-in checked by the CRM' } })).status).toBe(201);
    const saved = await api(`/flows/${FLOW}`, { method: 'PUT', body: { graph: journey() } });
    expect(saved.body.problems.map((p: { message: string }) => p.message)).toEqual(['Step "Ask the CRM" names the API secret "crm_token", which does not exist.']);
    expect((await api(`/flows/${FLOW}/publish`, { method: 'POST' })).status).toBeGreaterThanOrEqual(400);
  });

  it('keeps the secret sealed, sends it in the header of a published journey, and never shows it back', async () => {
    const created = await api('/http-secrets/crm_token', { method: 'PUT', body: { value: CRM_TOKEN, description: 'CRM customer API' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'crm_token', description: 'CRM customer API', revision: 1 });
    expect(created.text).not.toContain(CRM_TOKEN);
    expect((await api('/http-secrets')).text).not.toContain(CRM_TOKEN);
    // At rest: sealed in the shared settings.
    const stored = await gerbang.store.settings.get('http-secret:crm_token');
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(CRM_TOKEN);

    const saved = await api(`/flows/${FLOW}`, { method: 'PUT', body: { graph: journey() } });
    expect(saved.body.problems).toEqual([]);
    expect((await api(`/flows/${FLOW}/publish`, { method: 'POST' })).status).toBe(201);

    const browser = await signIn('wulan@example.com');
    expect(browser.page!.html).toContain('You are signed in as wulan@example.com.');
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${CRM_TOKEN}`);

    // Nowhere to be read back: the journey, its versions, the secret's page, the audit log.
    for (const path of [`/flows/${FLOW}`, `/flows/${FLOW}/versions`, '/http-secrets/crm_token', '/audit?limit=50']) {
      const read = await api(path);
      expect(read.status, path).toBe(200);
      expect(read.text, path).not.toContain(CRM_TOKEN);
    }
    expect((await api('/http-secrets/crm_token')).body.usedBy).toEqual([{ journeyId: FLOW, journeyName: 'Sign-in checked by the CRM', in: 'published', steps: ['Ask the CRM'] }]);
  });

  it('sends the new value once it is replaced, and refuses to delete a secret a journey uses', async () => {
    const replaced = await api('/http-secrets/crm_token', { method: 'PUT', body: { value: 'crm-tok-rotated-2', revision: 1 } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ revision: 2, description: 'CRM customer API' });
    await signIn('wulan@example.com');
    expect(seen.at(-1)?.authorization).toBe('Bearer crm-tok-rotated-2');

    const stale = await api('/http-secrets/crm_token', { method: 'PUT', body: { value: 'x', revision: 1 } });
    expect(stale.status).toBe(409);
    const refused = await api('/http-secrets/crm_token', { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('Sign-in checked by the CRM (published: Ask the CRM)');

    const audit = await api('/audit?limit=50');
    expect(audit.text).toContain('settings.http-secret.saved');
    expect(audit.text).not.toContain('crm-tok-rotated-2');
  });

  it('answers bad input with a clear 4xx and stores nothing', async () => {
    expect((await api('/http-secrets/Bad-Name', { method: 'PUT', body: { value: 'v' } })).status).toBe(400);
    expect((await api('/http-secrets/other', { method: 'PUT', body: { value: 'line\r\nX-Injected: 1' } })).status).toBe(400);
    const noValue = await api('/http-secrets/other', { method: 'PUT', body: { description: 'no value' } });
    expect(noValue.status).toBe(422);
    expect(noValue.body.message).toBe('A new secret needs its value.');
    expect((await api('/http-secrets/missing', { method: 'DELETE' })).status).toBe(404);
    expect((await api('/http-secrets')).body.map((s: { name: string }) => s.name)).toEqual(['crm_token']);
  });
});

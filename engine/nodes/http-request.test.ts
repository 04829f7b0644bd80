import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { httpRequestNode, type HttpRequestSettings } from './http-request.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

describe('http-request step (orchestration) against a local HTTP server', () => {
  let server: Server;
  let base = '';
  const seen: Seen[] = [];
  let answer: (req: Seen, res: ServerResponse) => void = (_req, res) => res.end('{}');
  const hanging: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const got = { method: req.method!, url: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : null };
      seen.push(got);
      answer(got, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
    await world.httpSecrets.save('crm_key', { value: 'key-123', description: 'CRM' }, 0, null);
    seen.length = 0;
  });
  afterEach(() => world.close());

  const settings = (over: Partial<HttpRequestSettings>): Partial<HttpRequestSettings> => ({
    method: 'POST',
    url: `${base}/customers/{{user.id}}`,
    headers: [{ name: 'X-Api-Key', value: '{{secret.crm_key}}' }, { name: 'X-Tenant', value: 'shop-{{profile.given_name}}' }],
    body: { email: '{{user.email}}', given: '{{profile.given_name}}', age: '{{profile.age}}', note: 'Hello {{profile.given_name}}!', source: 'gerbang' },
    timeoutSeconds: 2,
    retries: 0,
    map: [
      { from: 'customer.tier', to: 'profile', name: 'tier' },
      { from: 'customer.id', to: 'run', name: 'crmId' },
    ],
    ...over,
  });

  it('sends a body built from the person and keeps fields of the answer in the profile and the run', async () => {
    answer = (_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ customer: { id: 'C-9', tier: 'gold' } }));
    const user = await world.user('ana@example.com', { attributes: { given_name: 'Ana', age: 31 } });
    const step = world.step(httpRequestNode, { settings: settings({}), state: { userId: user.id } });
    expect(await step.auto()).toEqual({ outcome: 'success', patch: { data: { vars: { crmId: 'C-9' } } } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: `/customers/${user.id}`, body: { email: 'ana@example.com', given: 'Ana', age: 31, note: 'Hello Ana!', source: 'gerbang' } });
    // The sealed secret is opened for the request: the API gets the key, the run's state never holds it.
    expect(seen[0].headers['x-api-key']).toBe('key-123');
    expect(seen[0].headers['x-tenant']).toBe('shop-Ana');
    expect(JSON.stringify(step.state)).not.toContain('key-123');
    expect((await world.store.users.findById(user.id))!.attributes).toMatchObject({ tier: 'gold', given_name: 'Ana' });
    // The profile change is an outbox event like any other.
    expect((await world.store.outbox.undispatched(10)).find((e) => e.type === 'profile.updated')?.data).toMatchObject({ changed: ['tier'] });
  });

  it('retries a failing API, then takes the error outcome', async () => {
    answer = (_req, res) => {
      res.statusCode = 503;
      res.end();
    };
    const user = await world.user('budi@example.com');
    expect(await world.step(httpRequestNode, { settings: settings({ retries: 2 }), state: { userId: user.id } }).auto()).toEqual({ outcome: 'error' });
    expect(seen).toHaveLength(3);
    // A refusal (4xx) is not retried.
    seen.length = 0;
    answer = (_req, res) => {
      res.statusCode = 422;
      res.end();
    };
    expect(await world.step(httpRequestNode, { settings: settings({ retries: 2 }), state: { userId: user.id } }).auto()).toEqual({ outcome: 'error' });
    expect(seen).toHaveLength(1);
  });

  it('takes the timeout outcome when the API hangs', async () => {
    answer = (_req, res) => void hanging.push(res);
    const user = await world.user('citra@example.com');
    expect(await world.step(httpRequestNode, { settings: settings({ timeoutSeconds: 1 }), state: { userId: user.id } }).auto()).toEqual({ outcome: 'timeout' });
  });

  it('treats an answer that is not JSON, and an unreachable API, as errors', async () => {
    answer = (_req, res) => res.end('<html>oops</html>');
    const user = await world.user('dewi@example.com');
    expect(await world.step(httpRequestNode, { settings: settings({}), state: { userId: user.id } }).auto()).toEqual({ outcome: 'error' });
    expect(await world.step(httpRequestNode, { settings: settings({ url: 'http://127.0.0.1:9/closed' }), state: { userId: user.id } }).auto()).toEqual({ outcome: 'error' });
  });

  it('is a problem on the canvas with a plain-http URL elsewhere than localhost or a body on GET; needs an identified person to read the profile', () => {
    const s = { method: 'GET' as const, url: 'http://crm.example.com/x', body: { a: 'b' } };
    expect(httpRequestNode.check!(s as HttpRequestSettings).map((p) => p.en)).toEqual(['the URL must use https (http only to localhost)', 'a GET request sends no body']);
    expect(httpRequestNode.check!({ method: 'POST', url: 'https://crm.example.com/x' })).toEqual([]);
    const requires = httpRequestNode.requires as (s: HttpRequestSettings) => string[];
    expect(requires({ method: 'POST', url: 'https://x.example.com/{{profile.id}}' })).toEqual(['user']);
    expect(requires({ method: 'POST', url: 'https://x.example.com/', body: { e: '{{run.email}}' } })).toEqual([]);
  });

  it('sends a bearer token from a sealed secret, and takes the error outcome (calling nothing) when the secret was removed', async () => {
    answer = (_req, res) => res.setHeader('content-type', 'application/json').end('{}');
    await world.httpSecrets.save('crm_token', { value: 'tok-3f9a' }, 0, null);
    const user = await world.user('eka@example.com');
    const bearer = settings({ headers: [{ name: 'Authorization', value: 'Bearer {{secret.crm_token}}' }], map: [] });
    expect(await world.step(httpRequestNode, { settings: bearer, state: { userId: user.id } }).auto()).toEqual({ outcome: 'success' });
    expect(seen[0].headers.authorization).toBe('Bearer tok-3f9a');
    // Stored sealed: the settings document holds no trace of the value.
    expect(JSON.stringify(await world.store.settings.list('http-secret:'))).not.toContain('tok-3f9a');

    await world.httpSecrets.delete('crm_token');
    seen.length = 0;
    expect(await world.step(httpRequestNode, { settings: bearer, state: { userId: user.id } }).auto()).toEqual({ outcome: 'error' });
    expect(seen).toHaveLength(0);
  });

  it('names its secrets as references, and is a problem on the canvas with a credential written into the journey or a secret outside the headers', () => {
    const s = (over: Partial<HttpRequestSettings>): HttpRequestSettings => ({ method: 'POST', url: 'https://crm.example.com/x', ...over });
    expect(httpRequestNode.references!(s({ headers: [{ name: 'Authorization', value: 'Bearer {{secret.crm_token}}' }, { name: 'X-Key', value: '{{ secret.crm_token }}' }] }))).toEqual([
      { kind: 'http-secret', id: 'crm_token' },
    ]);
    expect(httpRequestNode.check!(s({ headers: [{ name: 'Authorization', value: 'Bearer abc123' }] })).map((p) => p.en)).toEqual([
      'the header Authorization carries a credential: keep it as an API secret and write {{secret.name}}, so it is not stored in the journey',
    ]);
    expect(httpRequestNode.check!(s({ headers: [{ name: 'X-Api-Key', value: 'k' }, { name: 'Accept-Language', value: 'id' }] }))).toHaveLength(1);
    expect(httpRequestNode.check!(s({ url: 'https://crm.example.com/x?key={{secret.crm_token}}' })).map((p) => p.en)).toEqual([
      'a secret can only be sent in a header (a URL or a body may be logged by the API)',
    ]);
    expect(httpRequestNode.check!(s({ body: { key: '{{secret.crm_token}}' } }))).toHaveLength(1);
  });
});

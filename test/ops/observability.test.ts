import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gerbang } from '../../engine/server.js';
import { TestBrowser } from '../support/browser.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { sample } from '../support/metrics.js';

describe('observability', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  const logLines: Array<Record<string, unknown>> = [];
  const realWrite = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    data = tempDataDir();
    // Capture what the server prints: one JSON object per line.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      for (const line of text.split('\n').filter(Boolean)) {
        try {
          logLines.push(JSON.parse(line));
        } catch {
          /* not ours */
        }
      }
      return (realWrite as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    gerbang = await startTestServer({ DATA_DIR: data.dir, LOG_SILENT: 'false' });
  });
  afterAll(async () => {
    process.stdout.write = realWrite;
    await gerbang?.close();
    data?.cleanup();
  });

  it('counts a finished journey, its requests by route and the store latency at /metrics', async () => {
    const browser = new TestBrowser(gerbang.url);
    const email = `metrics.${Date.now()}@example.com`;
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password: 'metrics password 1' });
    await browser.submit({ given_name: 'Dewi', family_name: '' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Dewi');

    const res = await fetch(`${gerbang.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'gerbang_journeys_started_total', { journey: 'login-signup' })).toBe(1);
    expect(sample(text, 'gerbang_journeys_finished_total', { journey: 'login-signup', end: 'success' })).toBe(1);
    // Three form posts to the run, counted under the route pattern, not the run's own URL: the first two
    // answered with the next step's page, the last one redirected home.
    expect(sample(text, 'gerbang_http_requests_total', { method: 'POST', route: '/flow/:runId', status: '200' })).toBe(2);
    expect(sample(text, 'gerbang_http_requests_total', { method: 'POST', route: '/flow/:runId', status: '303' })).toBe(1);
    expect(sample(text, 'gerbang_http_request_duration_seconds_count', { method: 'GET', route: '/login', status: '303' })).toBe(1);
    expect(sample(text, 'gerbang_store_operation_duration_seconds_count', { repository: 'runs', operation: 'update', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'gerbang_password_hash_queue_depth', {})).toBe(0);
    expect(sample(text, 'gerbang_event_loop_delay_seconds', { quantile: '0.99' })).toBeGreaterThanOrEqual(0);
  });

  it('logs one JSON line per request with a request id that the audit events carry', async () => {
    const browser = new TestBrowser(gerbang.url);
    const email = `log.${Date.now()}@example.com`;
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password: 'log line password 1' });
    await browser.submit({ given_name: 'Wati', family_name: '' }, { action: 'save' });
    const requestId = browser.page!.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const user = await gerbang.store.users.findByEmail(email);
    const [signin] = await gerbang.store.audit.list({ userId: user!.id, type: 'signin', limit: 1 });
    // The sign-in happened in the last form post, whose redirect led to the home page: find its line.
    const line = logLines.find((l) => l.msg === 'request' && l.requestId === signin.details.requestId);
    expect(line).toMatchObject({ level: 'info', method: 'POST', route: '/flow/:runId', status: 303 });
    expect(typeof line!.ms).toBe('number');
    // Every request of the journey has exactly one line.
    const ids = logLines.filter((l) => l.msg === 'request').map((l) => l.requestId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps a request id given by the proxy in front', async () => {
    const res = await fetch(`${gerbang.url}/healthz`, { headers: { 'X-Request-Id': 'proxy-trace-0001' } });
    expect(res.headers.get('x-request-id')).toBe('proxy-trace-0001');
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers ready when the store answers and the signing keys are loaded, and not ready once the store is gone; /metrics behind METRICS_TOKEN', async () => {
    const ready = await fetch(`${gerbang.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok', keys: 'ok' } });

    const other = tempDataDir();
    const second = await startTestServer({ DATA_DIR: other.dir, METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      // With METRICS_TOKEN set, /metrics wants it.
      expect((await fetch(`${second.url}/metrics`)).status).toBe(401);
      const scraped = await fetch(`${second.url}/metrics`, { headers: { Authorization: 'Bearer metrics-token-0123456789' } });
      expect(await scraped.text()).toContain('gerbang_http_requests_total');
      await second.store.close();
      const res = await fetch(`${second.url}/readyz`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.status).toBe('not ready');
      expect(body.checks.store).toMatch(/^unreachable/);
      // Alive all the same: restarting would not help a database that is away.
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    } finally {
      await second.close().catch(() => undefined);
      other.cleanup();
    }
  });
});

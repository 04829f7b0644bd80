import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gerbang } from '../../engine/server.js';
import { TestBrowser } from '../support/browser.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { failingStore, type Fault } from '../support/failing-store.js';

describe('when the store fails, people get "temporarily unavailable, nothing was lost" and it recovers by itself', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  const faults: { fault: Fault | null } = { fault: null };
  const logLines: Array<Record<string, unknown>> = [];
  const realWrite = process.stdout.write.bind(process.stdout);
  const realErrorWrite = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    data = tempDataDir();
    const capture = (real: typeof process.stdout.write) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
        for (const line of text.split('\n').filter((l) => l.startsWith('{'))) {
          try {
            logLines.push(JSON.parse(line));
          } catch {
            /* not a log line */
          }
        }
        return process.env.TEST_LOGS ? (real as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest) : true;
      }) as typeof process.stdout.write;
    process.stdout.write = capture(realWrite);
    process.stderr.write = capture(realErrorWrite);
    gerbang = await startTestServer({ DATA_DIR: data.dir, LOG_SILENT: 'false' }, {}, { wrapStore: (store) => failingStore(store, faults) });
  });
  afterAll(async () => {
    faults.fault = null;
    process.stdout.write = realWrite;
    process.stderr.write = realErrorWrite;
    await gerbang?.close();
    data?.cleanup();
  });

  const incidentLines = () => logLines.filter((l) => l.msg === 'store unavailable: answering 503 "temporarily unavailable" until it recovers');
  const recoveredLines = () => logLines.filter((l) => l.msg === 'store recovered');

  it.each<Fault>(['disk-full', 'read-only', 'unreachable'])('%s: 503 page with Retry-After, logged once, and the journey continues once the store is back', async (fault) => {
    const before = { incidents: incidentLines().length, recovered: recoveredLines().length };
    const browser = new TestBrowser(gerbang.url);
    const email = `${fault}.${Date.now()}@example.com`;
    await browser.get('/login');
    await browser.submit({ email });
    expect(browser.title()).toBe('Create your account');
    const runPath = new URL(browser.page!.url).pathname;

    faults.fault = fault;
    await browser.submit({ email, password: 'store failure password' });
    expect(browser.page!.status).toBe(503);
    expect(browser.page!.headers.get('retry-after')).toBe('10');
    expect(browser.title()).toBe('Temporarily unavailable');
    expect(browser.page!.html).toContain('Nothing was lost');
    expect(browser.page!.html).toContain(`href="${runPath}"`);

    // A newcomer cannot start a journey either; the incident is logged once, not per request.
    const newcomer = new TestBrowser(gerbang.url);
    await newcomer.get('/login');
    expect(newcomer.page!.status).toBe(503);
    expect(newcomer.title()).toBe('Temporarily unavailable');
    expect(incidentLines().length).toBe(before.incidents + 1);
    expect(incidentLines().at(-1)).toMatchObject({ level: 'error', incident: fault });

    // The disk has room again: "Try again" shows the same step, and the journey finishes.
    faults.fault = null;
    await browser.get(runPath);
    expect(browser.title()).toBe('Create your account');
    await browser.submit({ email, password: 'store failure password' });
    expect(browser.title()).toBe('Tell us a little about yourself');
    await browser.submit({ given_name: 'Lestari', family_name: '' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Lestari');
    expect(recoveredLines().length).toBe(before.recovered + 1);
    expect(recoveredLines().at(-1)).toMatchObject({ incident: fault });

    const metrics = await (await fetch(`${gerbang.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`gerbang_store_unavailable_total\\{kind="${fault}"\\} [2-9]`));
  });
});

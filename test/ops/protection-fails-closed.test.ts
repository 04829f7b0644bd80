import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gerbang } from '../../engine/server.js';
import type { Store } from '../../engine/store/port.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';

const PASSWORD = 'correct horse battery';

/**
 * The sign-in throttles' counters fail (here: only theirs, as when that collection is damaged or the
 * counter service is down while the rest works): no password is checked, the person gets a clear page,
 * and the incident is logged. Once the counters answer again, the same journey goes on.
 */
describe('sign-in fails closed when the throttles cannot count', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  const broken = { counters: false };
  /** Error lines of the log (on stderr). */
  const logLines: Array<Record<string, unknown>> = [];
  const realWrite = process.stderr.write.bind(process.stderr);

  /** The store, with the sign-in counters failing while `broken.counters` says so. */
  const withFailingCounters = (store: Store): Store =>
    new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key !== 'counters') return typeof value === 'function' ? value.bind(target) : value;
        const counters = value as Store['counters'];
        return {
          increment: (k: string, ...rest: [Date, Date, number?]) =>
            broken.counters && k.startsWith('signin:') ? Promise.reject(new Error('counter collection unreadable')) : counters.increment(k, ...rest),
          reset: (k: string) => (broken.counters && k.startsWith('signin:') ? Promise.reject(new Error('counter collection unreadable')) : counters.reset(k)),
          current: (k: string, now: Date) => counters.current(k, now),
          listActive: (...args: Parameters<Store['counters']['listActive']>) => counters.listActive(...args),
          deleteExpired: (now: Date) => counters.deleteExpired(now),
        } satisfies Store['counters'];
      },
    });

  beforeAll(async () => {
    data = tempDataDir();
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      for (const line of text.split('\n').filter((l) => l.startsWith('{'))) {
        try {
          logLines.push(JSON.parse(line));
        } catch {
          /* not a log line */
        }
      }
      return process.env.TEST_LOGS ? (realWrite as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest) : true;
    }) as typeof process.stderr.write;
    gerbang = await startTestServer({ DATA_DIR: data.dir, LOG_SILENT: 'false' }, {}, { wrapStore: withFailingCounters });
  });
  afterAll(async () => {
    process.stderr.write = realWrite;
    await gerbang?.close();
    data?.cleanup();
  });

  it('refuses to check the password with a clear 503 page, logs it, and signs in once the counters are back', async () => {
    const email = `closed.${Date.now()}@example.com`;
    await gerbang.store.users.create({ email, attributes: { given_name: 'Wulan', family_name: 'Sari' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    await browser.submit({ email });
    expect(browser.title()).toBe('Enter your password');
    const runPath = new URL(browser.page!.url).pathname;

    broken.counters = true;
    await browser.submit({ email, password: PASSWORD });
    expect(browser.page!.status).toBe(503);
    expect(browser.title()).toBe('Temporarily unavailable');
    expect(browser.page!.html).toContain('Signing in is paused for a moment to keep accounts safe');
    expect(browser.page!.html).toContain(`href="${runPath}"`);
    // Not signed in, and nothing was recorded as a sign-in.
    expect(await gerbang.store.audit.list({ type: 'signin', limit: 5 })).toEqual([]);
    expect(logLines.filter((l) => l.msg === 'sign-in refused, failing closed: the throttle counters cannot be read').at(-1)).toMatchObject({
      level: 'error',
      error: 'counter collection unreadable',
    });

    broken.counters = false;
    await browser.get(runPath);
    expect(browser.title()).toBe('Enter your password');
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Welcome Wulan');
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { tempDataDir } from '../support/gerbang.js';
import { startServerProcess } from '../support/server-process.js';

describe('graceful drain', () => {
  it('on SIGTERM under load answers every request it received, refuses new connections, and exits cleanly', async () => {
    const data = tempDataDir();
    const server = await startServerProcess({ DATA_DIR: data.dir, LOG_SILENT: 'false', RATE_LIMIT_PER_MINUTE: '1000000' });
    try {
      let answered = 0;
      /** Requests whose connection failed, by the id each request carried in X-Request-Id. */
      const failed: Array<{ id: string; error: string }> = [];
      let stopped = false;
      // Sixteen people signing up in a loop: requests are always in flight, some hashing a password.
      const workers = Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; !stopped; i++) {
          // Every HTTP request (each redirect hop too) carries a fresh X-Request-Id, the last one kept.
          let lastId = '';
          const headers = Object.defineProperty({} as Record<string, string>, 'X-Request-Id', {
            enumerable: true,
            get: () => (lastId = randomUUID()),
          });
          const browser = new TestBrowser(server.url, headers);
          const email = `drain.${w}.${i}@example.com`;
          const step = async (action: () => Promise<unknown>) => {
            await action();
            answered++;
          };
          try {
            await step(() => browser.get('/login'));
            // Refused as overloaded (503): a person would come back later; this one starts anew.
            if (browser.page!.status === 503) continue;
            await step(() => browser.submit({ email }));
            await step(() => browser.submit({ email, password: 'drain password 1' }));
            expect(browser.page!.status).toBeLessThan(500);
          } catch (err) {
            failed.push({ id: lastId, error: String((err as { cause?: unknown }).cause ?? err) });
            return;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 2000));
      const answeredBefore = answered;
      server.child.kill('SIGTERM');
      const code = await server.exited;
      stopped = true;
      await Promise.all(workers);

      expect(code).toBe(0);
      expect(answeredBefore).toBeGreaterThan(0);
      const lines = server
        .output()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const drainAt = lines.findIndex((l) => l.msg === 'draining: no new connections, finishing the requests in progress');
      expect(drainAt).toBeGreaterThan(0);
      // Requests in progress when the signal came were answered in full, then the server stopped.
      const duringDrain = lines.slice(drainAt).filter((l) => l.msg === 'request');
      expect(duringDrain.length).toBeGreaterThan(0);
      expect(duringDrain.filter((l) => l.status === 499)).toEqual([]);
      expect(lines.at(-1)).toMatchObject({ msg: 'Gerbang stopped' });
      expect(lines.some((l) => l.msg === 'drain timed out: requests were cut')).toBe(false);

      // Every client that failed did so on a request the server never received (its connection was
      // refused once the server stopped listening): no request was reset after it arrived.
      expect(failed.length).toBe(16);
      const received = new Set(lines.filter((l) => l.msg === 'request').map((l) => l.requestId));
      expect(failed.filter((f) => received.has(f.id))).toEqual([]);
    } finally {
      await server.stop();
      data.cleanup();
    }
  });
});

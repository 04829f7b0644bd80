import { hash } from '@node-rs/argon2';
import { afterEach, describe, expect, it } from 'vitest';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { openStore } from '../../engine/store/index.js';
import { TestBrowser } from '../support/browser.js';
import { tempDataDir } from '../support/gerbang.js';
import { sample } from '../support/metrics.js';
import { appAuthorization, DEMO_APP } from '../support/openid-journey.js';
import { AS_BUILT, startServerProcess, type ServerProcess } from '../support/server-process.js';

const PASSWORD = 'thread pool test password';
const HASHES = 8;
const METRICS_TOKEN = 'metrics token of the thread pool test';

/** A gauge of the server's /metrics (behind its token); throws when the server has none by that name. */
async function gauge(url: string, name: string): Promise<number> {
  const value = sample(await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text(), name);
  if (value === undefined) throw new Error(`/metrics has no ${name}`);
  return value;
}

// libuv's pool runs the password hashes and also file reads, DNS look-ups and WebCrypto signing. With
// its default 4 threads and more hashes than that at once, a script or an ID token's signature waited
// until a hash (~15 ms, far more under load) had finished. The server runs as `npm start` runs it, in
// its own process: the entry sizes the pool before anything starts it (engine/start.cts).
describe('password hashes do not hold up the rest of the thread pool', () => {
  let server: ServerProcess | null = null;
  let data: ReturnType<typeof tempDataDir> | null = null;
  afterEach(async () => {
    await server?.stop();
    data?.cleanup();
    server = data = null;
  });

  it(`serves a file while ${HASHES} password hashes are running`, async () => {
    data = tempDataDir();
    const people = Array.from({ length: HASHES }, (_, i) => `pool${i}@example.com`);
    const store = await openStore({ dataDir: data.dir });
    // A hash 15 times dearer than Gerbang's own (verified by the costs it carries): each one runs long
    // enough that "before any hash finished" does not depend on how busy the machine is.
    const encoded = await hash(PASSWORD, { ...ARGON2_PARAMS, timeCost: ARGON2_PARAMS.timeCost * 15 });
    // With the names the demo journey asks for, so the sign-ins go straight back to the app.
    for (const email of people) {
      await store.users.create({ email, attributes: { given_name: 'Pool', family_name: 'Test' } }, { type: 'password', data: { hash: encoded } });
    }
    await store.close();
    // More hashes at once than libuv's default 4 threads, as on a server with 8 cores.
    server = await startServerProcess({ DATA_DIR: data.dir, PASSWORD_HASH_CONCURRENCY: String(HASHES), METRICS_TOKEN }, [], [], AS_BUILT);
    const url = server.url;

    // Every person at the password page first, so that the hashes start together.
    const browsers = await Promise.all(
      people.map(async (email) => {
        const browser = new TestBrowser(url);
        await browser.get(appAuthorization(DEMO_APP).path);
        await browser.submit({ email });
        expect(browser.page!.html).toContain('type="password"');
        return browser;
      }),
    );
    const signIns = Promise.all(browsers.map((browser, i) => browser.submit({ email: people[i]!, password: PASSWORD })));
    while ((await gauge(url, 'gerbang_password_hash_in_flight')) < HASHES) await new Promise((r) => setTimeout(r, 2));

    // A file the hosted demo app loads (read from disk through the pool), asked while every hash runs.
    const file = await fetch(`${url}/demo-app/jose/index.js`);
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    // Answered before any hash finished: none of them had to free a thread for it.
    expect(await gauge(url, 'gerbang_password_hash_in_flight')).toBe(HASHES);

    for (const page of await signIns) expect(page.url).toContain(DEMO_APP.redirectUri);
  }, 60_000);
});

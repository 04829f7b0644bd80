/**
 * Password sign-in journeys per second through HTTP, against a baseline of raw argon2id
 * verifications per second with the same parameters, measured in the same run.
 * Each journey: GET /login -> email -> password -> signed-in page (profile already complete).
 */
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { TestBrowser } from '../support/browser.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const JOURNEYS = Number(process.env.BENCH_JOURNEYS ?? 200);
const PASSWORD = 'benchmark password 1';

async function timed<T>(label: string, total: number, worker: (i: number) => Promise<T>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await worker(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSecond = total / seconds;
  console.log(`${label.padEnd(40)} ${total} in ${seconds.toFixed(2)} s = ${perSecond.toFixed(1)}/s`);
  return perSecond;
}

export async function loginBench(): Promise<void> {
  const data = tempDataDir();
  const gerbang = await startTestServer({ DATA_DIR: data.dir });
  try {
    const encoded = await hash(PASSWORD, ARGON2_PARAMS);
    const users = Array.from({ length: 20 }, (_, i) => `bench${i}@example.com`);
    for (const email of users) {
      await gerbang.store.users.create(
        { email, attributes: { given_name: 'Bench', family_name: 'User' } },
        { type: 'password', data: { hash: encoded } },
      );
    }
    // Warm-up: JIT, SQLite page cache, the flow machine cache.
    await timed('warm-up journeys', 10, (i) => journey(gerbang.url, users[i % users.length]));

    const baseline = await timed('baseline: argon2id verify', JOURNEYS, () => verify(encoded, PASSWORD));
    const journeys = await timed('password sign-in journeys over HTTP', JOURNEYS, (i) => journey(gerbang.url, users[i % users.length]));
    console.log(`ratio journeys/verifications: ${(journeys / baseline).toFixed(3)} (concurrency ${CONCURRENCY})`);
  } finally {
    await gerbang.close();
    data.cleanup();
  }
}

async function journey(baseUrl: string, email: string): Promise<void> {
  const browser = new TestBrowser(baseUrl);
  await browser.get('/login');
  await browser.submit({ email });
  await browser.submit({ email, password: PASSWORD });
  if (!browser.page!.html.includes(`signed in as ${email}`)) throw new Error(`journey for ${email} did not end signed in: ${browser.title()}`);
}

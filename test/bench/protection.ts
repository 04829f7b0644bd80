/**
 * What attack protection costs a sign-in: password sign-in journeys over HTTP with the sign-in
 * throttles counting in the store (on) and with counters that count nothing (off), alternated so
 * the machine's load weighs on both alike; then the protection's own work per attempt (the throttle
 * counters and the breached-password look-up) timed alone against one argon2id verification.
 */
import { hash, verify } from '@node-rs/argon2';
import type { Store } from '../../engine/store/port.js';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { offlineBreachedPasswords } from '../../engine/methods/password/breached.js';
import { DEFAULT_THROTTLE_POLICY, SignInThrottles } from '../../engine/protection/sign-in-throttles.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { TestBrowser } from '../support/browser.js';
import { measuredNotPaced } from './measured-not-paced.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const JOURNEYS = Number(process.env.BENCH_PROTECTION_JOURNEYS ?? 100);
const ROUNDS = 3;
const PASSWORD = 'benchmark password 1';

/** Counters that count nothing: every attempt is checked, nothing is throttled. */
const countingNothing = (): Store['counters'] => ({ increment: async () => 0, current: async () => 0, reset: async () => undefined, listActive: async () => [], deleteExpired: async () => 0 });

async function journeysPerSecond(url: string, users: string[]): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < JOURNEYS) {
        const email = users[next++ % users.length];
        const browser = new TestBrowser(url);
        await browser.get('/login');
        await browser.submit({ email });
        await browser.submit({ email, password: PASSWORD });
        if (!browser.page!.html.includes(`signed in as ${email}`)) throw new Error(`journey for ${email} did not end signed in: ${browser.title()}`);
      }
    }),
  );
  return JOURNEYS / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function server(protection: boolean) {
  const data = tempDataDir();
  const gerbang = await startTestServer({ DATA_DIR: data.dir, ...measuredNotPaced(CONCURRENCY) }, {}, protection ? {} : { protectionCounters: countingNothing });
  const encoded = await hash(PASSWORD, ARGON2_PARAMS);
  const users = Array.from({ length: 20 }, (_, i) => `bench${i}@example.com`);
  for (const email of users) await gerbang.store.users.create({ email, attributes: { given_name: 'Bench', family_name: 'User' } }, { type: 'password', data: { hash: encoded } });
  return { gerbang, users, close: async () => (await gerbang.close(), data.cleanup()) };
}

/** Mean milliseconds of `op` over `n` runs, one after the other. */
async function meanMs(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await op(i);
  return Number(process.hrtime.bigint() - started) / 1e6 / n;
}

export async function protectionBench(): Promise<void> {
  const on = await server(true);
  const off = await server(false);
  try {
    await journeysPerSecond(on.gerbang.url, on.users);
    await journeysPerSecond(off.gerbang.url, off.users);
    const rates = { on: [] as number[], off: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      rates.on.push(await journeysPerSecond(on.gerbang.url, on.users));
      rates.off.push(await journeysPerSecond(off.gerbang.url, off.users));
    }
    const best = (xs: number[]) => Math.max(...xs);
    console.log(`sign-in journeys, protection on  ${rates.on.map((r) => r.toFixed(1)).join(' / ')} per s (best ${best(rates.on).toFixed(1)})`);
    console.log(`sign-in journeys, protection off ${rates.off.map((r) => r.toFixed(1)).join(' / ')} per s (best ${best(rates.off).toFixed(1)})`);
    console.log(`ratio protection on ÷ off: ${(best(rates.on) / best(rates.off)).toFixed(3)} (concurrency ${CONCURRENCY}, ${JOURNEYS} journeys a round, best of ${ROUNDS})`);
  } finally {
    await on.close();
    await off.close();
  }

  // The protection's own work per attempt, without HTTP or the hash queue around it.
  const store = openSqliteStore(':memory:');
  try {
    const throttles = new SignInThrottles(store.counters, DEFAULT_THROTTLE_POLICY, async () => undefined);
    const encoded = await hash(PASSWORD, ARGON2_PARAMS);
    const now = new Date();
    const attempts = 2000;
    const throttleMs = await meanMs(attempts, (i) =>
      throttles.attempt({ account: `user${i % 50}@example.com`, address: `10.0.${i % 7}.1` }, now, { verify: async () => i % 10 !== 0, spendTime: async () => undefined }),
    );
    await offlineBreachedPasswords.isBreached('warm the shipped list');
    const breachedMs = await meanMs(attempts, (i) => offlineBreachedPasswords.isBreached(`${PASSWORD} ${i}`));
    const argonMs = await meanMs(30, () => verify(encoded, PASSWORD));
    const share = ((throttleMs + breachedMs) / argonMs) * 100;
    console.log(`protection per attempt: throttles ${throttleMs.toFixed(3)} ms + breached look-up ${breachedMs.toFixed(3)} ms = ${share.toFixed(2)} % of one argon2id verification (${argonMs.toFixed(1)} ms)`);
  } finally {
    await store.close();
  }
}

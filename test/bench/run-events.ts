/**
 * Run events must not slow a step: the same cheap step (start the sign-in journey, submit an email:
 * no password hash, so recording is as large a share of the work as it gets) through HTTP on two
 * servers, one recording run events and one not. They run in many short pairs of rounds, back to
 * back, the order alternating: the two rounds of a pair see the same machine load, while the load of
 * a shared machine swings far more between pairs than recording costs. The figure is the median of
 * the pairs' ratios on ÷ off (goal ≥ 0.95), so one pair caught by a burst of other work does not
 * decide it; the totals of each side are printed too.
 */
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { measuredNotPaced } from './measured-not-paced.js';
import { TestBrowser } from '../support/browser.js';
import type { Gerbang } from '../../engine/server.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const STEPS_PER_ROUND = Number(process.env.BENCH_EVENT_STEPS ?? 60);
const ROUNDS = Number(process.env.BENCH_EVENT_ROUNDS ?? 10);
const GOAL = 0.95;

/** Seconds for `total` steps (each: GET /login then POST the email) at CONCURRENCY. */
async function round(gerbang: Gerbang, total: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const browser = new TestBrowser(gerbang.url);
        await browser.get('/login');
        await browser.submit({ email: `person${i}@example.com` });
        if (browser.page!.status !== 200) throw new Error(`step answered ${browser.page!.status}`);
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export async function runEventsBench(): Promise<{ ratio: number }> {
  const dirs = [tempDataDir(), tempDataDir()];
  const on = await startTestServer({ DATA_DIR: dirs[0].dir, RUN_EVENTS: 'true', ...measuredNotPaced(CONCURRENCY) });
  const off = await startTestServer({ DATA_DIR: dirs[1].dir, RUN_EVENTS: 'false', ...measuredNotPaced(CONCURRENCY) });
  try {
    await round(on, 20);
    await round(off, 20);
    const seconds = { on: 0, off: 0 };
    const pairRatios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which goes first, so a drift in machine load falls on both.
      const pair = { on: 0, off: 0 };
      for (const which of r % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        pair[which] = await round(which === 'on' ? on : off, STEPS_PER_ROUND);
        seconds[which] += pair[which];
      }
      // Rates per pair: same steps, so on ÷ off = off seconds ÷ on seconds.
      pairRatios.push(pair.off / pair.on);
    }
    const steps = ROUNDS * STEPS_PER_ROUND;
    const rate = { on: steps / seconds.on, off: steps / seconds.off };
    // Events are written in batches off the step (every 250 ms): give the last batch time to land.
    const identifyLeft = async () =>
      (await on.store.events.rollups({ flowId: 'login-signup' })).find((r) => r.step === 'identify' && r.kind === 'left')?.count ?? 0;
    let recorded = await identifyLeft();
    for (let wait = 0; recorded < steps && wait < 40; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      recorded = await identifyLeft();
    }
    if (recorded < steps) throw new Error(`events on: expected at least ${steps} recorded steps, found ${recorded}`);
    console.log(`${'email step, run events off'.padEnd(40)} ${steps} in ${seconds.off.toFixed(2)} s = ${rate.off.toFixed(1)}/s`);
    console.log(`${'email step, run events on'.padEnd(40)} ${steps} in ${seconds.on.toFixed(2)} s = ${rate.on.toFixed(1)}/s`);
    const sorted = [...pairRatios].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const ratio = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    console.log(`ratio of the totals on/off: ${(rate.on / rate.off).toFixed(3)}; pairs from ${sorted[0].toFixed(3)} to ${sorted[sorted.length - 1].toFixed(3)}`);
    console.log(`ratio events on/off: ${ratio.toFixed(3)} (median of ${ROUNDS} pairs of ${STEPS_PER_ROUND} steps; goal ≥ ${GOAL}, concurrency ${CONCURRENCY})`);
    return { ratio };
  } finally {
    await on.close();
    await off.close();
    for (const d of dirs) d.cleanup();
  }
}

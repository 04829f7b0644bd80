import { beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { currentRequestId } from '../../engine/ops/request-context.js';
import type { StoreOperation } from '../../engine/store/port.js';
import { TestBrowser, decodeEntities } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';

/**
 * Regression guard, counted (not timed): the SQL statements and commits of the bench's profile step
 * submit (a person whose profile lacks a name gives it; the journey ends and signs them in) on the
 * SQLite store. `SHOW_SQL=1` prints them.
 * 16 statements (4 reads of the person) before the person's record was read once per request and written with one statement
 * (the update answers the row: no read before and after it, and the next step does not read it again).
 */
const LIMITS = { statements: 13, userReads: 1, commits: 2 };
const PASSWORD = 'counted profile password';

describe('the cost of one profile step submit, counted on the SQLite store', () => {
  const gerbang = useGerbang({ RUN_EVENTS: 'false', DASHBOARD_COUNTS: 'false' });
  const operations: StoreOperation[] = [];

  beforeAll(async () => {
    const encoded = await hash(PASSWORD, ARGON2_PARAMS);
    for (const email of ['warm@example.com', 'counted@example.com']) await gerbang.store.users.create({ email }, { type: 'password', data: { hash: encoded } });
    gerbang.store.observeOperations!((operation) => {
      if (currentRequestId() === 'counted-profile-submit') operations.push(operation);
    });
  });

  /** Signs `email` in up to the profile page; answers the browser there. */
  const atProfilePage = async (email: string) => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    return browser;
  };

  /** Gives the name on the profile page with `headers`; answers where the journey went. */
  const submitName = async (browser: TestBrowser, headers: Record<string, string> = {}) => {
    const html = browser.page!.html;
    const action = decodeEntities(/<form method="post" action="([^"]+)"/.exec(html)![1]);
    const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], decodeEntities(m[2])]));
    const res = await fetch(new URL(action, gerbang.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...hidden, given_name: 'Hitung', family_name: 'Orang', action: 'save' }),
    });
    return { status: res.status, location: res.headers.get('location') };
  };

  it('a profile submit that ends the journey stays within its statements, user reads and commits', async () => {
    expect(await submitName(await atProfilePage('warm@example.com'))).toMatchObject({ status: 303 }); // first-use work is not per submit
    const answer = await submitName(await atProfilePage('counted@example.com'), { 'x-request-id': 'counted-profile-submit' });
    expect(answer).toEqual({ status: 303, location: '/' });
    expect((await gerbang.store.users.findByEmail('counted@example.com'))!.attributes).toMatchObject({ given_name: 'Hitung', family_name: 'Orang' });

    if (process.env.SHOW_SQL) for (const o of operations) console.log(o.kind, o.text.replace(/\s+/g, ' ').slice(0, 150));
    const statements = operations.filter((o) => o.kind !== 'commit');
    const userReads = statements.filter((o) => /^SELECT .* FROM users WHERE id/.test(o.text));
    const commits = operations.filter((o) => o.kind === 'commit');
    console.log(`one profile submit: ${statements.length} SQL statements, ${userReads.length} user read, ${commits.length} commits`);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThanOrEqual(LIMITS.statements);
    expect(userReads.length).toBeLessThanOrEqual(LIMITS.userReads);
    expect(commits.length).toBeLessThanOrEqual(LIMITS.commits);
  });
});

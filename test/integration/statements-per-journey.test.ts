import { beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { currentRequestId } from '../../engine/ops/request-context.js';
import type { StoreOperation } from '../../engine/store/port.js';
import { useGerbang } from '../support/gerbang.js';
import { openIdSignIn, tokenRequest } from '../support/openid-journey.js';

/**
 * Regression guard, counted (not timed): the SQL statements and commits one full OpenID sign-in costs
 * on the SQLite store. A change that makes a journey cost more fails here; one that makes it cheaper
 * lowers the figure. `SHOW_SQL=1` prints the statements of the counted journey.
 */
// Statements and writes are exact. Commits group the writes of one event-loop turn (group commit): how many
// turns a request's writes span depends on when its awaited work (hashing, signing) comes back, so their
// limits leave room for that — 6 and 1 on a quiet machine — while still failing a return to a commit per
// write (28 and 4 before the group commit).
// Statements: 59 after perf's work, + 4 reads attack protection added (the bot-challenge address check
// on the password page and on its submit, the known-browsers lookup at completion for the new-device email),
// + 1 write: the sign-in's domain event in the webhook outbox, written with its audit record (63 measured);
// - 10 reads: apps, settings and the live journey version kept in memory (shared-caches.ts): 7 app
// reads, 2 settings lists, 1 live version -> 53. A refresh grant: 13 -> 11 (its app reads).
// The journey's first page shown where the interaction lands (no redirect to it): 8 requests, - 1 run read -> 52.
// The interaction finished in the answer to the last step (no completion URL in between): 7 requests,
// - 3 reads (the interaction, the run, the user) -> 49. A refresh grant reads its token and session once
// per request (the reuse window's check and the grant shared them): 11 -> 9.
// A step's form post answered with the next step's page (no redirect and GET after the email): 6 requests,
// - 1 run read -> 48. The journey's first page as the answer to the authorization request (no redirect to
// /interaction/:uid): 5 requests, - 1 read of the interaction -> 47. The login check at the provider's
// resume skips the account's requirement its journey just met (- 1 credentials read) -> 46. The interaction's
// result, made in the completion that enforced the level, does not compute it again (- 1 credentials read) -> 45.
// A refresh grant's reuse-window record is written with the rotation, when the successor is saved, not after
// its ID token is signed: 2 commits -> 1.
const LIMITS = { requests: 5, statements: 45, writes: 24, commits: 12, refreshStatements: 9, refreshCommits: 2 };

const PASSWORD = 'counted journey password';

describe('the cost of one sign-in, counted on the SQLite store', () => {
  // Run events and dashboard counts are written in batches off the step (on a timer): counted by the events bench instead.
  const gerbang = useGerbang({ RUN_EVENTS: 'false', DASHBOARD_COUNTS: 'false' });
  const operations = new Map<string, StoreOperation[]>();

  beforeAll(async () => {
    const encoded = await hash(PASSWORD, ARGON2_PARAMS);
    for (const email of ['warm@example.com', 'counted@example.com']) {
      await gerbang.store.users.create({ email, attributes: { given_name: 'Counted', family_name: 'Person' } }, { type: 'password', data: { hash: encoded } });
    }
    // Only what the requests of one journey make the store do (their X-Request-Id), nothing in the background.
    gerbang.store.observeOperations!((operation) => {
      const id = currentRequestId();
      if (!id?.startsWith('counted-')) return;
      let list = operations.get(id);
      if (!list) operations.set(id, (list = []));
      list.push(operation);
    });
  });
  const tally = (id: string) => {
    const list = operations.get(id) ?? [];
    const count = (kind: StoreOperation['kind']) => list.filter((o) => o.kind === kind).length;
    return { statements: count('read') + count('write'), reads: count('read'), writes: count('write'), commits: count('commit') };
  };

  it('a full OpenID sign-in (authorize, identify, password, code, token) stays within its statements and commits', async () => {
    await openIdSignIn(gerbang.url, 'warm@example.com', PASSWORD); // first-use work (compiled journeys, keys) is not per journey
    const journey = await openIdSignIn(gerbang.url, 'counted@example.com', PASSWORD, { headers: { 'x-request-id': 'counted-journey-01' } });
    const cost = tally('counted-journey-01');
    if (process.env.SHOW_SQL) for (const o of operations.get('counted-journey-01') ?? []) console.log(o.kind, o.text.replace(/\s+/g, ' ').slice(0, 150));
    console.log(`one sign-in: ${journey.requests} HTTP requests, ${cost.statements} SQL statements (${cost.reads} reads, ${cost.writes} writes), ${cost.commits} commits`);
    expect(journey.requests).toBeLessThanOrEqual(LIMITS.requests);
    expect(cost.statements).toBeGreaterThan(0);
    expect(cost.statements).toBeLessThanOrEqual(LIMITS.statements);
    expect(cost.writes).toBeLessThanOrEqual(LIMITS.writes);
    expect(cost.commits).toBeLessThanOrEqual(LIMITS.commits);

    const refreshed = await tokenRequest(
      gerbang.url,
      { grant_type: 'refresh_token', refresh_token: journey.tokens.refresh_token, client_id: 'demo-app' },
      { 'x-request-id': 'counted-refresh-01' },
    );
    expect(refreshed.refresh_token).not.toBe(journey.tokens.refresh_token);
    const refresh = tally('counted-refresh-01');
    if (process.env.SHOW_SQL) for (const o of operations.get('counted-refresh-01') ?? []) console.log(o.kind, o.text.replace(/\s+/g, ' ').slice(0, 150));
    console.log(`one refresh grant: ${refresh.statements} SQL statements (${refresh.writes} writes), ${refresh.commits} commits`);
    expect(refresh.statements).toBeLessThanOrEqual(LIMITS.refreshStatements);
    expect(refresh.commits).toBeLessThanOrEqual(LIMITS.refreshCommits);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { withTwoInstances } from '../support/instances.js';
import { tokenApi } from '../support/admin-api.js';
import { mongoTargets } from '../support/mongo.js';

const PASSWORD = 'correct horse battery';
const TOKEN = 'test-admin-token-0123456789';

/**
 * The thresholds of attack protection changed through the admin API (the console's form): validated,
 * stored in the settings every instance reads, audited with what changed, and applied by the engine
 * at the next attempt; and back to the configuration's values.
 */
describe('attack protection thresholds set in the console', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const api = tokenApi(() => gerbang.url, TOKEN);

  beforeAll(async () => {
    const hash = await argon2idHasher.hash(PASSWORD);
    for (let i = 0; i < 4; i++) await gerbang.store.users.create({ email: `target${i}@example.com` }, { type: 'password', data: { hash } });
  });

  /** A wrong password on `email` from `from`; answers the password page that follows. */
  async function wrongPassword(from: string, email: string) {
    const bot = new TestBrowser(gerbang.url, {}, [], from);
    await bot.get('/login');
    await bot.submit({ email });
    await bot.submit({ email, password: 'not the password' });
    return bot;
  }
  const challenged = (b: TestBrowser) => b.page!.html.includes('id="pow-challenge"');

  it('starts from the configuration, refuses values that do not hold together, and a stale revision', async () => {
    const first = await api('GET', '/protection');
    expect(first.body.thresholds).toMatchObject({ revision: 0, values: { addressFailures: 30, botChallengeAfterFailures: 10, pairFailures: 5 }, defaults: { addressFailures: 30 } });
    const values = { ...first.body.thresholds.values, revision: 0 };
    const late = await api('PUT', '/protection/thresholds', { ...values, botChallengeAfterFailures: 40 });
    expect(late.status).toBe(400);
    expect(late.body.message).toBe('The bot challenge must be asked before an address is refused: at most 30 failures (the address limit), not 40.');
    expect((await api('PUT', '/protection/thresholds', { ...values, pairFailures: 0 })).status).toBe(400);
    expect((await api('PUT', '/protection/thresholds', { ...values, revision: 7 })).status).toBe(409);
    expect((await api('PUT', '/protection/thresholds', { ...values, windowMinutes: 'soon' })).status).toBe(400);
    expect(await gerbang.store.settings.get('protection:thresholds')).toBeNull();
  });

  it('applies a saved threshold at the next attempt, audits what changed, and goes back to the configuration', async () => {
    // Two failures from one address: not yet challenged under the configuration's 10.
    await wrongPassword('127.0.0.81', 'target0@example.com');
    expect(challenged(await wrongPassword('127.0.0.81', 'target1@example.com'))).toBe(false);

    const { values } = (await api('GET', '/protection')).body.thresholds;
    const saved = await api('PUT', '/protection/thresholds', { ...values, botChallengeAfterFailures: 2, revision: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ revision: 1, values: { botChallengeAfterFailures: 2 }, defaults: { botChallengeAfterFailures: 10 }, updatedBy: expect.any(String) });
    const [event] = await gerbang.store.audit.list({ type: 'protection.thresholds-changed', limit: 1 });
    expect(event.details.changed).toEqual({ botChallengeAfterFailures: { from: 10, to: 2 } });

    // The same address, now past the saved threshold: its password page carries the challenge.
    const bot = new TestBrowser(gerbang.url, {}, [], '127.0.0.81');
    await bot.get('/login');
    await bot.submit({ email: 'target2@example.com' });
    expect(challenged(bot)).toBe(true);
    // Another address is not challenged.
    const owner = new TestBrowser(gerbang.url, {}, [], '127.0.0.82');
    await owner.get('/login');
    await owner.submit({ email: 'target2@example.com' });
    expect(challenged(owner)).toBe(false);

    expect((await api('DELETE', '/protection/thresholds')).status).toBe(204);
    expect((await api('GET', '/protection')).body.thresholds).toMatchObject({ revision: 0, values: { botChallengeAfterFailures: 10 } });
    expect(await gerbang.store.audit.list({ type: 'protection.thresholds-reset', limit: 5 })).toHaveLength(1);
    const again = new TestBrowser(gerbang.url, {}, [], '127.0.0.81');
    await again.get('/login');
    await again.submit({ email: 'target3@example.com' });
    expect(challenged(again)).toBe(false);
  });
});

describe.each(mongoTargets)('thresholds changed on one instance apply on the other ($name)', (target) => {
  it('challenges an address on the second instance after the first saved a lower threshold', { timeout: 60_000 }, async () => {
    await withTwoInstances(target, { ADMIN_API_TOKEN: TOKEN }, async (first, second) => {
      const hash = await argon2idHasher.hash(PASSWORD);
      for (const email of ['one@example.com', 'two@example.com', 'three@example.com']) await first.store.users.create({ email }, { type: 'password', data: { hash } });
      const onFirst = tokenApi(first.url, TOKEN);
      const onSecond = tokenApi(second.url, TOKEN);
      // The second instance has read the thresholds (and so cached them) before the change.
      expect((await onSecond('GET', '/protection')).body.thresholds.values.botChallengeAfterFailures).toBe(10);
      const { values } = (await onFirst('GET', '/protection')).body.thresholds;
      expect((await onFirst('PUT', '/protection/thresholds', { ...values, botChallengeAfterFailures: 2, revision: 0 })).status).toBe(200);
      // Seen by the second instance once it notices the settings changed (it looks about every second).
      await expect.poll(async () => (await onSecond('GET', '/protection')).body.thresholds.values.botChallengeAfterFailures, { timeout: 20_000, interval: 200 }).toBe(2);

      // Two failures from one address, one on each instance; the next password page there is challenged.
      for (const [url, email] of [[first.url, 'one@example.com'], [second.url, 'two@example.com']]) {
        const bot = new TestBrowser(url, {}, [], '127.0.0.91');
        await bot.get('/login');
        await bot.submit({ email });
        await bot.submit({ email, password: 'not the password' });
      }
      const bot = new TestBrowser(second.url, {}, [], '127.0.0.91');
      await bot.get('/login');
      await bot.submit({ email: 'three@example.com' });
      expect(bot.page!.html).toContain('id="pow-challenge"');
    });
  });
});

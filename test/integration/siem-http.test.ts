import { afterEach, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import type { Gerbang } from '../../engine/server.js';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { freePort, useServerPerTest } from '../support/gerbang.js';
import { JsonLinesReceiver } from '../support/json-lines-receiver.js';

const PASSWORD = 'siem password 1';

/** The audit stream reaches an HTTP log collector on loopback as JSON lines, and survives the collector being down. */
describe('the audit log streams to a SIEM as JSON lines over HTTP', () => {
  const collector = new JsonLinesReceiver();
  let gerbang: Gerbang | undefined;
  let n = 0;

  afterEach(async () => {
    await collector.stop();
    collector.batches.length = 0;
  });
  // Registered after the collector's: each test's server closes before the collector stops.
  const startServer = useServerPerTest();

  async function start(url: string) {
    gerbang = await startServer({ SIEM_HTTP_URL: url, SIEM_HTTP_AUTHORIZATION: 'Bearer collector-token-1' });
    const email = `siem-http${++n}@example.com`;
    const user = await gerbang.store.users.create({ email, attributes: { given_name: 'Sari', family_name: 'Dewi' } }, { type: 'password', data: { hash: await hash(PASSWORD, ARGON2_PARAMS) } });
    return { email, userId: user.id };
  }

  async function signIn(email: string, password: string) {
    const browser = new TestBrowser(gerbang!.url);
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password });
    return browser;
  }

  const about = (userId: string, type: string) => (c: JsonLinesReceiver) => c.accepted().find((l) => l.type === type && l.userId === userId);

  it('sends a failed and a successful sign-in as JSON lines with the token, the same events as the audit log', async () => {
    await collector.start();
    const { email, userId } = await start(collector.url);
    await signIn(email, 'wrong password');
    await signIn(email, PASSWORD);
    const failed = await collector.until(about(userId, 'signin.failed'));
    expect(failed).toMatchObject({ type: 'signin.failed', severity: 'warning', source: 'gerbang', userId, details: { reason: 'wrong-password' } });
    const signedIn = await collector.until(about(userId, 'signin'));
    expect(signedIn).toMatchObject({ severity: 'notice', actor: userId });
    const [stored] = await gerbang!.store.audit.list({ userId, type: 'signin', limit: 1 });
    expect(signedIn.id).toBe(stored.id);
    expect(new Date(String(signedIn.at)).getTime()).toBe(stored.at.getTime());
    expect(collector.batches[0].headers).toMatchObject({ authorization: 'Bearer collector-token-1', 'content-type': 'application/x-ndjson' });
  });

  it('never holds a sign-in up while the collector is down, and delivers what happened once it is back', async () => {
    const port = await freePort();
    const { email, userId } = await start(`http://127.0.0.1:${port}/ingest`);
    const browser = await signIn(email, 'wrong password');
    expect(browser.page!.status).toBe(200);
    expect(browser.page!.html).toContain('That password is not right');

    await collector.start(port);
    const failed = await collector.until(about(userId, 'signin.failed'));
    expect(failed).toMatchObject({ severity: 'warning', details: { reason: 'wrong-password' } });
  });
});

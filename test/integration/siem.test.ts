import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import type { Gerbang } from '../../engine/server.js';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useServerPerTest } from '../support/gerbang.js';
import { Rsyslog, type SyslogLine } from '../support/rsyslog.js';

const PASSWORD = 'siem password 1';

/**
 * The audit stream reaches a real rsyslog started by the test, over TCP and over UDP, as RFC 5424
 * that rsyslog parses (facility authpriv, MSGID = the audit type, structured data, the event as JSON);
 * while rsyslog is down the stream buffers and reconnects.
 */
describe('the audit log streams to a SIEM as RFC 5424 syslog', () => {
  const rsyslog = new Rsyslog();
  let gerbang: Gerbang | undefined;
  let n = 0;

  beforeAll(async () => {
    await rsyslog.start();
  });
  afterAll(async () => rsyslog.cleanup());
  const startServer = useServerPerTest();

  async function start(url: string) {
    gerbang = await startServer({ SIEM_SYSLOG_URL: url });
    const email = `siem${++n}@example.com`;
    const user = await gerbang.store.users.create({ email, attributes: { given_name: 'Sari', family_name: 'Dewi' } }, { type: 'password', data: { hash: await hash(PASSWORD, ARGON2_PARAMS) } });
    return { email, userId: user.id };
  }

  async function signIn(email: string, password: string) {
    const browser = new TestBrowser(gerbang!.url);
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password });
  }

  const event = (line: SyslogLine) => JSON.parse(line.msg) as { id: string; type: string; userId: string; ip: string; details: Record<string, unknown> };
  const about = (userId: string, type: string) => (lines: SyslogLine[]) => lines.find((l) => l.msgId === type && l.structuredData.includes(`userId="${userId}"`));

  it('sends a failed and a successful sign-in over TCP, parsed by rsyslog with their severity', async () => {
    const { email, userId } = await start(`tcp://127.0.0.1:${rsyslog.port}`);
    await signIn(email, 'wrong password');
    await signIn(email, PASSWORD);

    const failed = await rsyslog.until(about(userId, 'signin.failed'));
    expect(failed).toMatchObject({ facility: 10, severity: 4, appName: 'gerbang' });
    expect(failed.structuredData).toMatch(/^\[gerbang@32473 id="[0-9a-f-]{36}" userId="[0-9a-f-]{36}" ip="[^"]+" requestId="[^"]+"\]$/);
    expect(event(failed)).toMatchObject({ type: 'signin.failed', userId, details: { reason: 'wrong-password' } });

    const signedIn = await rsyslog.until(about(userId, 'signin'));
    expect(signedIn).toMatchObject({ facility: 10, severity: 5, appName: 'gerbang' });
    expect(signedIn.structuredData).toContain(`actor="${userId}"`);
    // The stream copies the audit log: the same event, the same id.
    const [stored] = await gerbang!.store.audit.list({ userId, type: 'signin', limit: 1 });
    expect(event(signedIn).id).toBe(stored.id);
  });

  it('sends over UDP', async () => {
    const { email, userId } = await start(`udp://127.0.0.1:${rsyslog.port}`);
    await signIn(email, 'wrong password');
    const failed = await rsyslog.until(about(userId, 'signin.failed'));
    expect(failed).toMatchObject({ facility: 10, severity: 4, appName: 'gerbang' });
  });

  it('keeps what happened while rsyslog was down and sends it once rsyslog is back', async () => {
    const { email, userId } = await start(`tcp://127.0.0.1:${rsyslog.port}`);
    await signIn(email, 'wrong password');
    await rsyslog.until(about(userId, 'signin.failed'));

    await rsyslog.stop();
    await signIn(email, PASSWORD);
    await rsyslog.start(rsyslog.port);

    const signedIn = await rsyslog.until(about(userId, 'signin'));
    expect(event(signedIn)).toMatchObject({ type: 'signin', userId });
  });

  it('sends a password change, which is written together with the change itself', async () => {
    const { email, userId } = await start(`tcp://127.0.0.1:${rsyslog.port}`);
    const browser = new TestBrowser(gerbang!.url);
    await browser.get('/login?return_to=/account');
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Your account');
    const form = /<form[^>]*action="\/account\/password"[\s\S]*?<\/form>/.exec(browser.page!.html)![0];
    const hidden = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    await browser.post('/account/password', { ...hidden, current_password: PASSWORD, new_password: 'a brand new siem password' });
    expect(browser.page!.html).toContain('Your password was changed.');

    const changed = await rsyslog.until(about(userId, 'password.changed'));
    const [stored] = await gerbang!.store.audit.list({ userId, type: 'password.changed', limit: 1 });
    expect(event(changed)).toMatchObject({ id: stored.id, type: 'password.changed', userId });
  });
});

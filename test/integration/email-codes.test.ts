import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { shippedFlows } from '../../engine/runtime/seed-flows.js';
import { TestBrowser } from '../support/browser.js';
import { sha256 } from '../../engine/runtime/crypto.js';
import { useGerbang, useStarted, withGerbang } from '../support/gerbang.js';
import { MailCatcher, codeIn, hasCode, linkIn } from '../support/mail.js';

const OLD_PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

describe('email codes and magic links against a real SMTP server', () => {
  const mail = useStarted(new MailCatcher());
  const gerbang = useGerbang(() => mail.env());
  let counter = 0;
  const newEmail = () => `mailbox${++counter}.${Date.now()}@example.com`;

  beforeAll(async () => {
    // A passwordless flow that sends a code instead of a link, and a plain email verification flow.
    const passwordless = shippedFlows().find((f) => f.id === 'passwordless')!;
    const byCode = {
      ...passwordless,
      id: 'passwordless-code',
      nodes: passwordless.nodes.map((n) => (n.type === 'passwordless' ? { ...n, settings: { ...n.settings, method: 'code' } } : n)),
    };
    const verify = {
      id: 'verify-email',
      name: 'Verify email',
      version: 1,
      start: 'identify',
      nodes: [
        { id: 'identify', type: 'identify', settings: {}, position: { x: 0, y: 0 } },
        { id: 'verify', type: 'email-verify', settings: { method: 'code', ttlMinutes: 10, maxAttempts: 3, maxSendsPerHour: 5, onlyExistingAccounts: true }, position: { x: 1, y: 0 } },
        { id: 'fail', type: 'failure', settings: {}, position: { x: 2, y: 0 } },
        { id: 'done', type: 'success', settings: {}, position: { x: 2, y: 1 } },
      ],
      edges: [
        { from: 'identify', outcome: 'known', to: 'verify' },
        { from: 'identify', outcome: 'unknown', to: 'verify' },
        { from: 'verify', outcome: 'verified', to: 'done' },
        { from: 'verify', outcome: 'failed', to: 'fail' },
      ],
    };
    for (const flow of [byCode, verify]) {
      await gerbang.store.flows.saveDraft({ id: flow.id, name: flow.name, graph: flow, updatedBy: 'test' }, 0, new Date());
      await gerbang.store.flows.publish({ flowId: flow.id, version: flow.version, graph: flow, publishedAt: new Date(), publishedBy: 'test' });
    }
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  async function createUser(email: string) {
    return gerbang.store.users.create({ email, attributes: { given_name: 'Ayu', family_name: 'Lestari' } }, { type: 'password', data: { hash: await argon2idHasher.hash(OLD_PASSWORD) } });
  }

  async function signIn(email: string, password: string) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password });
    return browser;
  }

  async function startReset(browser: TestBrowser, email: string) {
    await browser.get('/login?flow=password-reset');
    expect(browser.title()).toBe('Reset your password');
    await browser.submit({ email });
  }

  it('resets a forgotten password by a code mailed to the address, then signs in only with the new one', async () => {
    const email = newEmail();
    await createUser(email);
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    await browser.submit({ email });
    expect(browser.page!.html).toContain('href="/login?flow=password-reset"');
    expect(browser.page!.html).toContain('Forgot password?');

    const sent = mail.mails.length;
    await startReset(browser, email);
    expect(browser.title()).toBe('Check your email');
    const message = await mail.next(email, sent);
    expect(message.text).toContain('Reset your password');
    const code = codeIn(message);

    await browser.submit({ code: code === '000000' ? '111111' : '000000' }, { action: 'verify' });
    expect(browser.errors()).toContain('That code is not right. Please try again.');

    await browser.submit({ code }, { action: 'verify' });
    expect(browser.title()).toBe('Choose a new password');
    await browser.submit({ password: NEW_PASSWORD, confirm: 'something else entirely' }, { action: 'save' });
    expect(browser.errors()).toContain('The two passwords are not the same.');
    await browser.submit({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { action: 'save' });
    expect(browser.page!.html).toContain(`You are signed in as ${email}.`);

    const old = await signIn(email, OLD_PASSWORD);
    expect(old.errors()).toContain('That password is not right. Please try again.');
    const fresh = await signIn(email, NEW_PASSWORD);
    expect(fresh.page!.html).toContain(`You are signed in as ${email}.`);

    // The code of the finished reset is worthless in a new attempt.
    const again = new TestBrowser(gerbang.url);
    await startReset(again, email);
    await again.submit({ code }, { action: 'verify' });
    expect(again.errors()).toContain('That code is not right. Please try again.');
  });

  it('signs out the other sessions of the account when the password is reset', async () => {
    const email = newEmail();
    await createUser(email);
    const elsewhere = await signIn(email, OLD_PASSWORD);
    expect(elsewhere.page!.html).toContain('You are signed in');

    const browser = new TestBrowser(gerbang.url);
    const sent = mail.mails.length;
    await startReset(browser, email);
    await browser.submit({ code: codeIn(await mail.next(email, sent, hasCode)) }, { action: 'verify' });
    await browser.submit({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { action: 'save' });

    await elsewhere.get('/');
    expect(elsewhere.page!.html).toContain('You are not signed in.');
  });

  it('refuses a code after it has expired', async () => {
    const email = newEmail();
    await createUser(email);
    const browser = new TestBrowser(gerbang.url);
    const sent = mail.mails.length;
    await startReset(browser, email);
    const code = codeIn(await mail.next(email, sent, hasCode));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 11 * 60_000);
      await browser.submit({ code }, { action: 'verify' });
      expect(browser.errors()).toContain('This code has expired. Send a new one.');
    } finally {
      vi.useRealTimers();
    }
    const resent = mail.mails.length;
    await browser.submit({}, { action: 'resend' });
    expect(browser.errors()).toContain('We sent a new one. Earlier ones no longer work.');
    await browser.submit({ code: codeIn(await mail.next(email, resent, hasCode)) }, { action: 'verify' });
    expect(browser.title()).toBe('Choose a new password');
  });

  it('shows the same pages for an unknown email as for a known one, and mails nobody', async () => {
    const known = newEmail();
    const unknown = newEmail();
    await createUser(known);
    const a = new TestBrowser(gerbang.url);
    const b = new TestBrowser(gerbang.url);
    await startReset(a, known);
    await startReset(b, unknown);
    const scrub = (browser: TestBrowser, email: string) =>
      browser.page!.html.replaceAll(email, 'EMAIL').replace(/\/flow\/[A-Za-z0-9_-]+/g, '/flow/RUN').replace(/value="[^"]{30,}"/g, 'value="TOKEN"').replace(/nonce="[^"]*"/g, 'NONCE');
    expect(b.page!.status).toBe(a.page!.status);
    expect(scrub(b, unknown)).toBe(scrub(a, known));
    await a.submit({ code: '000001' }, { action: 'verify' });
    await b.submit({ code: '000001' }, { action: 'verify' });
    expect(scrub(b, unknown)).toBe(scrub(a, known));
    await mail.next(known);
    expect(mail.count(unknown)).toBe(0);
  });

  it('stops sending codes to one address after too many in an hour', async () => {
    const email = newEmail();
    await createUser(email);
    const browser = new TestBrowser(gerbang.url);
    await startReset(browser, email);
    for (let i = 0; i < 4; i++) {
      await browser.submit({}, { action: 'resend' });
      expect(browser.errors()).toContain('We sent a new one. Earlier ones no longer work.');
    }
    await browser.submit({}, { action: 'resend' });
    expect(browser.errors()).toContain('Too many messages were sent to this address. Please wait and try again later.');
    // A new journey for the same address is limited too.
    const other = new TestBrowser(gerbang.url);
    await startReset(other, email);
    expect(other.errors()).toContain('Too many messages were sent to this address. Please wait and try again later.');
  });

  it('ends the reset after too many wrong codes', async () => {
    const email = newEmail();
    await createUser(email);
    const browser = new TestBrowser(gerbang.url);
    await startReset(browser, email);
    for (let i = 0; i < 4; i++) await browser.submit({ code: `00000${i}` }, { action: 'verify' });
    await browser.submit({ code: '000009' }, { action: 'verify' });
    expect(browser.title()).toBe('We could not sign you in');
    expect(browser.page!.html).toContain('Too many wrong codes.');
  });

  it('signs in with a magic link opened in the same browser, creating the account on first use', async () => {
    const email = newEmail();
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=passwordless');
    const sent = mail.mails.length;
    await browser.submit({ email });
    expect(browser.title()).toBe('Check your email');
    expect(browser.page!.html).toContain(`We sent a link to ${email}.`);
    const link = new URL(linkIn(await mail.next(email, sent)));

    const other = new TestBrowser(gerbang.url);
    await other.get(link.pathname + link.search);
    expect(other.page!.status).toBe(403);
    expect(other.page!.html).toContain('This link works only in the browser where you asked for it.');

    await browser.get(link.pathname + link.search);
    expect(browser.page!.html).toContain(`You are signed in as ${email}.`);
    const user = await gerbang.store.users.findByEmail(email);
    expect(user?.emailVerified).toBe(true);
    const [session] = await gerbang.store.sessions.listByUser(user!.id);
    expect(session.amr).toEqual(['otp']);

    // The link works once.
    await browser.get(link.pathname + link.search);
    expect(browser.page!.status).toBe(409);
  });

  it('signs an existing person in with a mailed code instead of a password', async () => {
    const email = newEmail();
    const user = await createUser(email);
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=passwordless-code');
    const sent = mail.mails.length;
    await browser.submit({ email });
    const message = await mail.next(email, sent);
    expect(message.text).toContain('Your sign-in code');
    await browser.submit({ code: codeIn(message) }, { action: 'verify' });
    expect(browser.page!.html).toContain(`You are signed in as ${email}.`);
    expect((await gerbang.store.sessions.listByUser(user.id)).length).toBe(1);
  });

  it('marks the email of the account verified once the mailed code comes back', async () => {
    const email = newEmail();
    const user = await createUser(email);
    expect(user.emailVerified).toBe(false);
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=verify-email&lang=id');
    await browser.get('/login?flow=verify-email');
    const sent = mail.mails.length;
    await browser.submit({ email });
    expect(browser.title()).toBe('Periksa email Anda');
    const message = await mail.next(email, sent);
    expect(message.text).toContain('Gunakan kode ini untuk melanjutkan');
    await browser.submit({ code: codeIn(message) }, { action: 'verify' });
    expect((await gerbang.store.users.findById(user.id))?.emailVerified).toBe(true);
  });
});

describe('email change against a real SMTP server', () => {
  const mail = useStarted(new MailCatcher());
  const gerbang = useGerbang(() => mail.env());

  /** What the account pages do: start the email-change flow for the signed-in user in their browser. */
  async function startChange(browser: TestBrowser, userId: string) {
    await browser.get('/login');
    const bid = browser.cookie('gb_bid')!;
    const loaded = await gerbang.runtime.start({
      flowId: 'email-change',
      browserHash: sha256(bid),
      origin: { kind: 'direct', returnTo: '/' },
      initial: { userId },
    });
    return browser.get(`/flow/${loaded.run.id}`);
  }

  it('changes the email after a code sent to the new address, and tells the old address', async () => {
    const user = await gerbang.store.users.create({ email: 'before@example.com', attributes: { given_name: 'Ayu', family_name: 'L' } });
    await gerbang.store.users.create({ email: 'taken@example.com' });
    const browser = new TestBrowser(gerbang.url);
    await startChange(browser, user.id);
    expect(browser.title()).toBe('Change your email address');
    await browser.submit({ email: 'taken@example.com' });
    expect(browser.errors()).toContain('This email address cannot be used. Choose another one.');
    const sent = mail.mails.length;
    await browser.submit({ email: 'After@Example.com' });
    expect(browser.title()).toBe('Check your email');
    const code = codeIn(await mail.next('after@example.com', sent, hasCode));
    expect((await gerbang.store.users.findById(user.id))?.email).toBe('before@example.com');

    await browser.submit({ code }, { action: 'verify' });
    expect(browser.page!.html).toContain('You are signed in as after@example.com.');
    expect(await gerbang.store.users.findById(user.id)).toMatchObject({ email: 'after@example.com', emailVerified: true });
    const notice = await mail.next('before@example.com', sent);
    expect(notice.text).toContain('was changed to after@example.com');
  });
});

describe('email without SMTP configured', () => {
  it('writes the mail into the outbox folder of the data directory', async () => {
    await withGerbang({}, async (gerbang) => {
      const browser = new TestBrowser(gerbang.url);
      await browser.get('/login?flow=passwordless');
      await browser.submit({ email: 'outbox@example.com' });
      expect(browser.title()).toBe('Check your email');
      const outbox = join(gerbang.config.dataDir, 'outbox');
      await vi.waitFor(() => expect(existsSync(outbox) && readdirSync(outbox).length).toBe(1));
      const [file] = readdirSync(outbox);
      expect(file).toMatch(/\.eml$/);
      const content = readFileSync(join(outbox, file), 'utf8');
      expect(content).toContain('To: outbox@example.com');
      expect(content.replace(/=\r?\n/g, '')).toMatch(/\/callback\?token=/);
    });
  });
});

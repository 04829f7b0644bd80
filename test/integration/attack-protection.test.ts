import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gerbang } from '../../engine/server.js';
import { readConfig } from '../../engine/config.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted, withGerbang } from '../support/gerbang.js';
import { withTwoInstances } from '../support/instances.js';
import { MailCatcher } from '../support/mail.js';
import { mongoTargets } from '../support/mongo.js';
import { powChallengeOf, solvePow } from '../support/proof-of-work.js';

const PASSWORD = 'correct horse battery';
/** The shipped flood guard: the test server's own setting is raised for other tests, not here. */
const DEFAULT_RATE_LIMIT = String(readConfig({}).rateLimitPerMinute);

/**
 * Attacks on sign-in against a real server, each client on its own loopback source address (Linux
 * routes all of 127.0.0.0/8 to loopback); the server sees the socket's address (TRUST_PROXY off).
 */
describe('attack protection on sign-in, with the default settings', () => {
  const mail = useStarted(new MailCatcher());
  let hash: string;
  let n = 0;
  /**
   * The server's clock: real time, except while a test spreads its traffic over a simulated minute
   * (so "within a minute" holds however slowly this machine runs the requests).
   */
  let simulated: number | null = null;
  const gerbang = useGerbang(() => ({ RATE_LIMIT_PER_MINUTE: DEFAULT_RATE_LIMIT, ...mail.env() }), { hooks: { clock: () => new Date(simulated ?? Date.now()) } });

  beforeAll(async () => {
    hash = await argon2idHasher.hash(PASSWORD);
  });

  /** Customers with a password and a name (so a sign-in ends on the welcome page). */
  async function customers(count: number): Promise<string[]> {
    const run = ++n;
    const emails = Array.from({ length: count }, (_, i) => `customer${run}.${i}@example.com`);
    for (const email of emails) await gerbang.store.users.create({ email, attributes: { given_name: 'Putri', family_name: 'Wulan' } }, { type: 'password', data: { hash } });
    return emails;
  }

  /**
   * Opens the sign-in page as a person would on a starved machine: a journey refused by load shedding
   * (503 "try again in a few seconds") is started again, and so is a GET whose kept-alive connection the
   * server closed just as it was reused (ECONNRESET); neither is what these tests are about.
   */
  async function startJourney(browser: TestBrowser) {
    for (let tries = 0; ; tries++) {
      const page = await browser.get('/login').catch((err: unknown) => {
        if (tries < 5 && (err as { cause?: { code?: string } }).cause?.code === 'ECONNRESET') return null;
        throw err;
      });
      if (page && (page.status !== 503 || tries >= 40)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function signIn(email: string, from: string, password = PASSWORD, headers: Record<string, string> = {}) {
    const browser = new TestBrowser(gerbang.url, headers, [], from);
    await startJourney(browser);
    await browser.submit({ email });
    expect(browser.title()).toBe('Enter your password');
    await browser.submit({ email, password });
    return browser;
  }

  it('lets 1,000 customers behind one address sign in within one minute', async () => {
    const emails = await customers(1000);
    // The minute before this one, whole: every request of the 1,000 falls in one window of the flood
    // guard, and the clock only moves forward when the real time takes over again.
    const minute = (Math.floor(Date.now() / 60_000) - 1) * 60_000;
    const pages: TestBrowser[] = [];
    try {
      // Eight at a time, like a busy carrier NAT; customer i arrives at 59 ms × i into the minute.
      for (let i = 0; i < emails.length; i += 8) {
        simulated = minute + i * 59;
        pages.push(...(await Promise.all(emails.slice(i, i + 8).map((e) => signIn(e, '127.0.0.30')))));
      }
    } finally {
      simulated = null;
    }
    expect(pages.map((b) => b.title()).filter((t) => t !== 'Welcome Putri')).toEqual([]);
    const mine = new Set(emails);
    const users = new Set((await Promise.all(emails.map((e) => gerbang.store.users.findByEmail(e)))).map((u) => u!.id));
    const signIns = (await gerbang.store.audit.list({ type: 'signin', limit: 5000 })).filter((e) => e.userId && users.has(e.userId));
    expect(signIns).toHaveLength(mine.size);
    const times = signIns.map((e) => e.at.getTime());
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(60_000);
    expect(signIns.every((e) => e.ip === '127.0.0.30')).toBe(true);
  }, 600_000);

  it('throttles 100 failures across 100 accounts from one address, while the same accounts sign in from another', async () => {
    const emails = await customers(100);
    // A stuffing bot that even pays for every proof of work once it is asked for one.
    const answers: string[] = [];
    let solved = 0;
    for (const email of emails) {
      const browser = new TestBrowser(gerbang.url, {}, [], '127.0.0.31');
      await browser.get('/login');
      await browser.submit({ email });
      const challenge = powChallengeOf(browser.page!.html);
      await browser.submit({ email, password: 'Password123!', ...(challenge ? (solved++, { pow: await solvePow(challenge) }) : {}) });
      answers.push(browser.errors().join(' '));
    }
    const wrong = answers.filter((a) => a.includes('That password is not right')).length;
    const throttled = answers.filter((a) => a.includes('Too many failed sign-ins from your network')).length;
    // 10 failures without a challenge, 20 more each behind a solved proof of work, then refused.
    expect(solved).toBe(90);
    expect(wrong).toBe(30);
    expect(throttled).toBe(70);
    // A bot that does not solve it gets no password checked at all.
    const lazy = await signIn(emails[1], '127.0.0.31');
    expect(lazy.errors().join(' ')).toContain('Your browser has not finished the puzzle yet');
    // Even a right password, with the puzzle solved, is not checked from that address now.
    const blocked = new TestBrowser(gerbang.url, {}, [], '127.0.0.31');
    await blocked.get('/login');
    await blocked.submit({ email: emails[0] });
    await blocked.submit({ email: emails[0], password: PASSWORD, pow: await solvePow(powChallengeOf(blocked.page!.html)!) });
    expect(blocked.errors().join(' ')).toContain('Too many failed sign-ins from your network');
    // The owners, from their own address, are not stopped, nor asked to solve anything.
    const owners: TestBrowser[] = [];
    for (let i = 0; i < 20; i += 5) owners.push(...(await Promise.all(emails.slice(i, i + 5).map((e) => signIn(e, '127.0.0.32')))));
    expect(owners.map((b) => b.title()).filter((t) => t !== 'Welcome Putri')).toEqual([]);
  }, 400_000);

  it('ignores a spoofed X-Forwarded-For: a blocked address stays blocked whatever it claims', async () => {
    const [email] = await customers(1);
    for (let i = 0; i < 5; i++) await signIn(email, '127.0.0.33', `guess ${i}`);
    const spoofed = await signIn(email, '127.0.0.33', PASSWORD, { 'x-forwarded-for': '198.51.100.77' });
    expect(spoofed.errors().join(' ')).toContain('Too many wrong passwords from your network for this account');
  });

  it('does not stop the owner when attackers fail from many addresses, and emails the owner once', async () => {
    const [email] = await customers(1);
    // 25 failures from five addresses: each pair is blocked after five, the account passes its limit of 20.
    for (let a = 0; a < 5; a++) for (let i = 0; i < 5; i++) await signIn(email, `127.0.1.${a + 1}`, `guess ${a}-${i}`);
    const notice = await mail.next(email, 0);
    expect(notice.text).toContain('Many failed sign-ins on your account');
    expect(notice.text).toContain(`${gerbang.url}/login?flow=password-reset`);
    // The owner, from home: at worst asked to wait a moment, never locked out.
    let owner = await signIn(email, '127.0.0.34');
    for (let tries = 0; owner.title() !== 'Welcome Putri' && tries < 5; tries++) {
      expect(owner.errors().join(' ')).toMatch(/slowed down to protect it\. Wait \d+ seconds/);
      await new Promise((r) => setTimeout(r, 1100));
      await owner.submit({ email, password: PASSWORD });
    }
    expect(owner.title()).toBe('Welcome Putri');
    // More failures do not send the notice again.
    await signIn(email, '127.0.1.9', 'one more guess');
    await new Promise((r) => setTimeout(r, 300));
    expect(mail.count(email)).toBe(1);
  }, 60_000);
});

describe.each(mongoTargets)('sign-in throttles across two instances on one database ($name)', (target) => {
  it('blocks an address after five failures spread over both instances, for both', async () => {
    await withTwoInstances(target, {}, async (first, second) => {
      const email = `two.instances.${Date.now()}@example.com`;
      await first.store.users.create({ email, attributes: { given_name: 'Sari', family_name: 'Dewi' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
      const attempt = async (server: Gerbang, password: string, from: string) => {
        const browser = new TestBrowser(server.url, {}, [], from);
        await browser.get('/login');
        await browser.submit({ email });
        await browser.submit({ email, password });
        return browser;
      };
      for (let i = 0; i < 5; i++) expect((await attempt(i % 2 ? second : first, `guess ${i}`, '127.0.0.35')).errors().join(' ')).toMatch(/not right|Too many wrong/);
      // Neither instance lets that address try again, even with the right password.
      for (const server of [first, second]) expect((await attempt(server, PASSWORD, '127.0.0.35')).errors().join(' ')).toContain('Too many wrong passwords from your network');
      // The owner, from elsewhere, signs in on either.
      expect((await attempt(second, PASSWORD, '127.0.0.36')).title()).toBe('Welcome Sari');
    });
  }, 60_000);
});

describe('breached passwords at sign-up, with a range API configured', () => {
  it('refuses a password the API knows, inline and keeping the email, having sent it only a 5-character prefix', async () => {
    const leaked = 'Nasi-Goreng-Pedas-1999';
    const digest = createHash('sha1').update(leaked).digest('hex').toUpperCase();
    const received: string[] = [];
    const api = createServer((req, res) => {
      received.push(req.url!);
      res.end(req.url === `/range/${digest.slice(0, 5)}` ? `${digest.slice(5)}:7\r\n` : '0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n');
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    try {
      await withGerbang({ BREACHED_PASSWORDS_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}` }, async (gerbang) => {
        const email = `breach.${Date.now()}@example.com`;
        const browser = new TestBrowser(gerbang.url);
        await browser.get('/login');
        await browser.submit({ email });
        expect(browser.title()).toBe('Create your account');
        await browser.submit({ email, password: leaked });
        expect(browser.title()).toBe('Create your account');
        expect(browser.errors()).toContain('This password appears in known data breaches, so it is easy to guess. Choose another one.');
        expect(browser.fieldValue('email')).toBe(email);
        expect(await gerbang.store.users.findByEmail(email)).toBeNull();
        // The shipped list refuses the most common ones without asking the API.
        await browser.submit({ email, password: 'qwertyuiop' });
        expect(browser.errors()).toContain('This password appears in known data breaches, so it is easy to guess. Choose another one.');
        expect(received).toEqual([`/range/${digest.slice(0, 5)}`]);
        await browser.submit({ email, password: PASSWORD });
        expect(browser.title()).toBe('Tell us a little about yourself');
        expect(received.every((u) => /^\/range\/[0-9A-F]{5}$/.test(u))).toBe(true);
      });
    } finally {
      await new Promise<void>((r) => api.close(() => r()));
    }
  });
});

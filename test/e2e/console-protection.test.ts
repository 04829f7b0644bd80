import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { ConsoleSignIn } from '../support/console.js';
import { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';

const PASSWORD = 'correct horse battery';
const TOKEN = 'test-admin-token-0123456789';

describe('console: Attack protection, as support', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  let support: ConsoleSignIn;
  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir, ADMIN_API_TOKEN: TOKEN });
    browser = await launchChromium();
    await gerbang.store.users.create({ email: 'support@example.com', emailVerified: true, roles: ['admin', 'support'] }, { type: 'password', data: { hash: await argon2idHasher.hash('a long support password') } });
    await gerbang.store.users.create({ email: 'sari@example.com', attributes: { given_name: 'Sari', family_name: 'Dewi' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
    support = new ConsoleSignIn(gerbang.url, 'support@example.com', 'a long support password');
  });
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  const tokenApiOf = () => tokenApi(gerbang.url, TOKEN);

  async function signIn(password: string) {
    const b = new TestBrowser(gerbang.url, {}, [], '127.0.0.70');
    await b.get('/login');
    await b.submit({ email: 'sari@example.com' });
    await b.submit({ email: 'sari@example.com', password });
    return b;
  }

  it('shows an address blocked for an account, with the thresholds, and unblocks it', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 5; i++) await signIn(`guess ${i}`);
    expect((await signIn(PASSWORD)).errors().join(' ')).toContain('Too many wrong passwords from your network');

    const page = await support.open(browser);
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Attack protection' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Attack protection');
    const row = page.getByRole('row', { name: /sari@example\.com/ });
    await expect.poll(() => row.textContent()).toContain('Address blocked for this account');
    expect(await row.textContent()).toContain('127.0.0.70');
    expect(await page.getByText('Failures from one address before the bot challenge is asked').count()).toBe(1);
    // Support does not see the providers' keys (settings).
    expect(await page.getByRole('heading', { name: 'CAPTCHA providers' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Unblock: sari@example.com, 127.0.0.70' }).click();
    await page.getByRole('group', { name: 'End this block now?' }).getByRole('button', { name: 'Unblock' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Unblocked.');
    await expect.poll(() => page.getByText('Nothing is blocked or slowed right now.').count()).toBe(1);
    expect(await gerbang.store.audit.list({ type: 'protection.unblocked', limit: 5 })).toHaveLength(1);

    // The customer signs in from that address again.
    expect((await signIn(PASSWORD)).title()).toBe('Welcome Sari');
  });

  it('lets the owner set a CAPTCHA provider\'s keys (the secret sealed, never shown again) and change the thresholds', { timeout: 120_000 }, async () => {
    const owner = new ConsoleSignIn(gerbang.url);
    const page = await owner.open(browser);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Attack protection' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'CAPTCHA providers' }).count()).toBe(1);
    const turnstile = page.getByRole('form', { name: 'Cloudflare Turnstile' });
    await turnstile.getByLabel('Site key').fill('0x4AAAAAAAsite');
    // No secret yet: the server says what is missing.
    await turnstile.getByRole('button', { name: 'Save keys' }).click();
    await expect.poll(() => turnstile.getByRole('alert').textContent()).toBe('The first save of a provider needs its secret key.');
    await turnstile.getByLabel('Secret key').fill('0x4AAAAAAA-the-secret');
    await turnstile.getByRole('button', { name: 'Save keys' }).click();
    await expect.poll(() => turnstile.getByRole('status').textContent()).toBe('Keys saved.');
    expect(await turnstile.getByLabel('Secret key').inputValue()).toBe('');
    await expect.poll(() => turnstile.getByText('(Keys set)').count()).toBe(1);
    const stored = await gerbang.store.settings.get('captcha:turnstile');
    expect(stored?.value.siteKey).toBe('0x4AAAAAAAsite');
    expect(JSON.stringify(stored)).not.toContain('0x4AAAAAAA-the-secret');
    await page.reload();
    await expect.poll(() => page.getByRole('form', { name: 'Cloudflare Turnstile' }).getByLabel('Site key').inputValue()).toBe('0x4AAAAAAAsite');
    expect(await page.content()).not.toContain('0x4AAAAAAA-the-secret');

    // The thresholds are a form for the owner: a value that does not hold together is refused in words.
    const thresholds = page.getByRole('form', { name: 'Save thresholds' });
    const challengeAfter = thresholds.getByLabel('Failures from one address before the bot challenge is asked');
    expect(await challengeAfter.inputValue()).toBe('10');
    await challengeAfter.fill('31');
    await thresholds.getByRole('button', { name: 'Save thresholds' }).click();
    await expect.poll(() => thresholds.getByRole('alert').textContent()).toContain('The bot challenge must be asked before an address is refused');
    await challengeAfter.fill('8');
    await thresholds.getByRole('button', { name: 'Save thresholds' }).click();
    await expect.poll(() => thresholds.getByRole('status').textContent()).toBe('Thresholds saved. Every instance uses them within a few seconds.');
    expect((await gerbang.store.settings.get('protection:thresholds'))?.value.botChallengeAfterFailures).toBe(8);
    await page.reload();
    await expect.poll(() => page.getByRole('form', { name: 'Save thresholds' }).getByLabel('Failures from one address before the bot challenge is asked').inputValue()).toBe('8');
    await page.getByRole('button', { name: "Use the configuration's values" }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Save thresholds' }).getByLabel('Failures from one address before the bot challenge is asked').inputValue()).toBe('10');
    expect(await gerbang.store.settings.get('protection:thresholds')).toBeNull();
  });

  it('shows the risk step\'s decisions and their reasons in words, in Attack protection and on the customer\'s page', { timeout: 120_000 }, async () => {
    // The sign-in journey checks the risk after the password (every outcome goes on to the profile).
    const api = tokenApiOf();
    const { graph } = (await api('GET', '/flows/login-signup')).body;
    graph.nodes.push({ id: 'risk', type: 'risk', settings: { mediumAt: 30, highAt: 50 }, position: { x: 400, y: 0 } });
    graph.edges = graph.edges.map((e: { from: string; outcome: string }) => (e.from === 'password' && e.outcome === 'success' ? { ...e, to: 'risk' } : e));
    for (const level of ['low', 'medium', 'high']) graph.edges.push({ id: `risk-${level}`, from: 'risk', outcome: level, to: 'profile' });
    expect((await api('PUT', '/flows/login-signup', { graph })).status).toBe(200);
    expect((await api('POST', '/flows/login-signup/publish')).status).toBe(201);
    await gerbang.store.users.create({ email: 'wayan@example.com', attributes: { given_name: 'Wayan', family_name: 'Putra' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
    const customer = new TestBrowser(gerbang.url, {}, [], '127.0.0.71');
    await customer.get('/login');
    await customer.submit({ email: 'wayan@example.com' });
    await customer.submit({ email: 'wayan@example.com', password: PASSWORD });
    expect(customer.title()).toBe('Welcome Wayan');

    const page = await support.open(browser);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Attack protection' }).click();
    const decisions = page.getByRole('table', { name: 'Recent risk decisions' });
    const row = decisions.getByRole('row', { name: /wayan@example\.com/ });
    await expect.poll(() => row.count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain('127.0.0.71');
    expect(text).toContain('High');
    expect(text).toContain('a browser never used for this account; a network never used for this account');

    // The account links to the customer's page, which lists the same decision.
    await row.getByRole('link', { name: 'wayan@example.com' }).click();
    const checks = page.getByRole('table', { name: 'Risk checks' });
    await expect.poll(() => checks.getByRole('row').count()).toBe(2);
    expect(await checks.getByRole('row').nth(1).textContent()).toContain('High');
    expect(await checks.getByRole('row').nth(1).textContent()).toContain('a browser never used for this account');
  });
});

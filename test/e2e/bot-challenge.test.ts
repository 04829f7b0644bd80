import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { TestBrowser } from '../support/browser.js';
import { codeIn, hasCode, MailCatcher } from '../support/mail.js';

const PASSWORD = 'correct horse battery';

/**
 * The bot challenge in a real browser, from an address that has just failed ten sign-ins (the default
 * threshold): Chromium solves the proof of work by itself while the person types; with JavaScript
 * off, the person gets a code by email instead. The server sees Chromium on 127.0.0.1.
 */
describe('bot challenge in Chromium, after an address misbehaved', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  const mail = new MailCatcher();

  beforeAll(async () => {
    data = tempDataDir();
    await mail.start();
    gerbang = await startTestServer({ DATA_DIR: data.dir, ...mail.env() });
    const hash = await argon2idHasher.hash(PASSWORD);
    for (const email of ['ayu@example.com', 'bayu@example.com']) {
      await gerbang.store.users.create({ email, attributes: { given_name: email === 'ayu@example.com' ? 'Ayu' : 'Bayu', family_name: 'Lestari' } }, { type: 'password', data: { hash } });
    }
    // Ten wrong passwords on ten accounts from 127.0.0.1.
    for (let i = 0; i < 10; i++) {
      const email = `stuffed${i}@example.com`;
      await gerbang.store.users.create({ email }, { type: 'password', data: { hash } });
      const bot = new TestBrowser(gerbang.url, {}, [], '127.0.0.1');
      await bot.get('/login');
      await bot.submit({ email });
      await bot.submit({ email, password: `guess ${i}` });
      expect(bot.errors().join(' ')).toContain('That password is not right');
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    await mail.stop();
    data?.cleanup();
  });

  it('solves the proof of work in the browser while the person signs in', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${gerbang.url}/login`);
    await page.getByLabel('Email address').fill('ayu@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Enter your password');
    expect(await page.getByText('There was unusual activity from your network').count()).toBe(1);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('h1:has-text("Welcome Ayu")');
    const user = (await gerbang.store.users.findByEmail('ayu@example.com'))!;
    expect(await gerbang.store.sessions.listByUser(user.id)).toHaveLength(1);
    await context.close();
  });

  it('without JavaScript, lets the person through with a code by email', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${gerbang.url}/login`);
    await page.getByLabel('Email address').fill('bayu@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    // Sent without a solved puzzle: refused, the password unchecked.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('text=Your browser has not finished the puzzle yet');
    const since = mail.count('bayu@example.com');
    await page.getByRole('button', { name: 'Get a code by email instead' }).click();
    const code = codeIn(await mail.next('bayu@example.com', since, hasCode));
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('text=Thank you. You can continue now.');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('h1:has-text("Welcome Bayu")');
    await context.close();
  });
});

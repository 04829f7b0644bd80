import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { ConsoleSignIn } from '../support/console.js';
import { TestBrowser } from '../support/browser.js';

const PASSWORD = 'dashboard password 2';

/** People sign up, sign in and mistype; the console's dashboard draws it per day and exports it as CSV. */
describe('console: Dashboard', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir });
    browser = await launchChromium();
    await gerbang.store.users.create({ email: 'ana@example.com', attributes: { given_name: 'Ana', family_name: 'Putri' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
    const ayu = new TestBrowser(gerbang.url);
    await ayu.get('/login');
    await ayu.submit({ email: 'ayu@example.com' });
    await ayu.submit({ email: 'ayu@example.com', password: PASSWORD });
    await ayu.submit({ given_name: 'Ayu', family_name: '' }, { action: 'save' });
    expect(ayu.title()).toBe('Welcome Ayu');
    const ana = new TestBrowser(gerbang.url);
    await ana.get('/login');
    await ana.submit({ email: 'ana@example.com' });
    await ana.submit({ email: 'ana@example.com', password: 'not it' });
    await ana.submit({ email: 'ana@example.com', password: PASSWORD });
    expect(ana.title()).toBe('Welcome Ana');
  });
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  it('shows the period\'s figures, draws the charts per day, and exports them as CSV', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await new ConsoleSignIn(gerbang.url).open(browser, { errors });
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');

    const figure = (name: string) => page.getByRole('group', { name, exact: true }).locator('strong').textContent();
    // The administrator's own console sign-in counts too (with its second factor).
    await expect.poll(() => figure('Sign-ups')).toBe('1');
    expect(await figure('Sign-ins')).toBe('3');
    expect(await figure('Failed sign-ins')).toBe('1');
    expect(await figure('Lockouts')).toBe('0');
    expect(await figure('With a second factor')).toBe('33.3%');
    expect(await figure('With a passkey')).toBe('0%');

    // Each chart is drawn, with its legend, and its figures are readable as a table.
    const activity = page.getByRole('figure', { name: 'Sign-ups and sign-ins per day' });
    await expect.poll(() => activity.locator('.recharts-line').count()).toBe(2);
    expect(await activity.locator('.recharts-legend-item').allTextContents()).toEqual(['Sign-ups', 'Sign-ins']);
    await activity.getByText('Show as a table').click();
    const todayRow = activity.getByRole('row', { name: today });
    expect(await todayRow.getByRole('cell').allTextContents()).toEqual(['1', '3']);
    expect(await activity.getByRole('row').count()).toBe(31); // the header and 30 days
    const security = page.getByRole('figure', { name: 'Failures, lockouts and throttles per day' });
    expect(await security.locator('.recharts-legend-item').allTextContents()).toEqual(['Failed sign-ins', 'Lockouts', 'Throttled attempts']);
    await expect.poll(() => security.locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(0);
    expect(await page.getByRole('figure', { name: 'MFA, passkey and social share of sign-ins per day' }).locator('.recharts-line').count()).toBe(3);
    expect(await page.getByText('No consent decisions in this period.').count()).toBe(1);

    // The CSV download is the same figures.
    const csv = await page.request.get(new URL((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))!, page.url()).toString());
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('day,sign_ups,sign_ins,mfa_sign_ins,passkey_sign_ins,social_sign_ins,failures,lockouts,throttles,factors_added');
    expect(lines).toContain(`${today},1,3,1,0,0,1,0,0,1`);
    expect(lines).toHaveLength(32); // header, 30 days, the final line end

    // A backwards range is refused inline.
    await page.getByLabel('From', { exact: true }).fill('2030-01-02');
    await page.getByLabel('To', { exact: true }).fill('2030-01-01');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('"From" must not be after "To".');
    expect(errors).toEqual([]);
    await page.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { ConsoleSignIn } from '../support/console.js';
import { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';

const PASSWORD = 'insights password 1';
const TOKEN = 'test-admin-token-insights-0123';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** A step's figures as drawn on the canvas: row name → the cells (one per version compared). */
async function allFigures(page: Page, step: string): Promise<Record<string, string[]>> {
  const table = page.getByRole('group', { name: step, exact: true }).getByRole('table');
  return table.evaluate((t) =>
    Object.fromEntries(
      [...t.querySelectorAll('tbody tr')].map((row) => [row.querySelector('th')!.textContent!.trim(), [...row.querySelectorAll('td')].map((td) => td.textContent!.trim())]),
    ),
  );
}

/** A step's counts as drawn (the time on the step, which depends on the machine's speed, left aside). */
async function figures(page: Page, step: string): Promise<Record<string, string[]>> {
  const { 'Mean time on step': _, ...counts } = await allFigures(page, step);
  return counts;
}

/** The label drawn on an edge: what it is (its accessible name) → the counts it shows. */
async function edgeCounts(page: Page, edge: string): Promise<string[]> {
  return page
    .getByRole('note', { name: edge, exact: true })
    .evaluate((label) => [...label.querySelectorAll('.funnel-count')].map((s) => s.textContent!.trim()));
}

/** The summary beside the canvas: row (whose figures) → [started, completed]. */
async function summary(page: Page): Promise<Record<string, string[]>> {
  return page
    .getByRole('complementary', { name: 'Summary' })
    .getByRole('table')
    .evaluate((t) => Object.fromEntries([...t.querySelectorAll('tbody tr')].map((row) => [row.querySelector('th')!.textContent!.trim(), [...row.querySelectorAll('td')].map((td) => td.textContent!.trim())])));
}

/**
 * Scripted journeys of the seeded sign-in journey (some abandoned at known steps) on two published
 * versions, directly and through an app; the Insights view draws their exact counts on the canvas,
 * filtered by version and app, and compares two versions side by side.
 */
describe('console: the funnel drawn on the journey', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  let admin: ConsoleSignIn;

  const visit = async (email: string | null, passwords: string[] = [], headers: Record<string, string> = {}) => {
    const person = new TestBrowser(gerbang.url, headers);
    await person.get('/login');
    if (email) await person.submit({ email });
    for (const password of passwords) await person.submit({ email: email!, password });
    return person;
  };

  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir, ADMIN_API_TOKEN: TOKEN });
    browser = await launchChromium();
    admin = new ConsoleSignIn(gerbang.url);
    const encoded = await argon2idHasher.hash(PASSWORD);
    for (const email of ['ana@example.com', 'budi@example.com', 'citra@example.com']) {
      await gerbang.store.users.create({ email, attributes: { given_name: 'Test', family_name: 'Person' } }, { type: 'password', data: { hash: encoded } });
    }

    // Version 1: one leaves at the email step, three at the password step, one signs in after a wrong password.
    await visit(null);
    await visit('ana@example.com');
    await visit('budi@example.com');
    await visit('ana@example.com');
    expect((await visit('citra@example.com', ['not the password', PASSWORD])).page!.html).toContain('signed in as citra@example.com');
    // Through the demo app, on a phone, in Indonesian: leaves at the email step.
    const config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://localhost:8080/callback',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    await new TestBrowser(gerbang.url, { 'user-agent': PHONE, 'accept-language': 'id-ID,id;q=0.9' }).get(url.toString());

    // Version 2: one person signs in at once.
    expect((await tokenApi(gerbang.url, TOKEN)('POST', '/flows/login-signup/publish')).status).toBe(201);
    expect((await visit('ana@example.com', [PASSWORD])).page!.html).toContain('signed in as ana@example.com');
  });
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  it('draws on every step how many entered, left and dropped, and on every edge how many took it', { timeout: 180_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Journeys' }).click();
    await page.getByRole('link', { name: 'Insights: Sign in or sign up', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Insights: Sign in or sign up');

    // All versions together.
    await expect.poll(() => figures(page, 'Ask for email')).toEqual({ Entered: ['7'], Left: ['5'], Dropped: ['2 (28.6%)'] });
    // The wrong password brought one person back to the same step: an arrival counted again.
    expect(await figures(page, 'Password')).toEqual({ Entered: ['6'], Left: ['3'], Dropped: ['3 (50%)'] });
    expect(await figures(page, 'Your name')).toEqual({ Entered: ['2'], Left: ['2'], Dropped: ['0 (0%)'] });
    expect((await figures(page, 'Sign up')).Entered).toEqual(['0']);
    expect((await figures(page, 'Success'))['Ended here']).toEqual(['2 success']);
    expect(await edgeCounts(page, 'Ask for email, Has an account → Password')).toEqual(['5 (71.4%)']);
    // The mean time on a step left by someone, in seconds; none where nobody left.
    expect((await allFigures(page, 'Password'))['Mean time on step']).toEqual([expect.stringMatching(/^\d+(\.\d)?\s?s$/)]);
    expect((await allFigures(page, 'Sign up'))['Mean time on step']).toBeUndefined();
    expect(await edgeCounts(page, 'Ask for email, New user → Sign up')).toEqual(['0 (0%)']);
    expect(await edgeCounts(page, 'Password, Wrong password → Password')).toEqual(['1 (16.7%)']);
    expect(await edgeCounts(page, 'Password, Correct password → Your name')).toEqual(['2 (33.3%)']);
    // The drop-off: coloured where it is high, and the largest one marked.
    const password = page.getByRole('group', { name: 'Password', exact: true });
    expect(await password.getAttribute('class')).toContain('drop-high');
    expect(await password.textContent()).toContain('Largest drop-off');
    expect(await page.getByRole('group', { name: 'Your name', exact: true }).getAttribute('class')).toContain('drop-none');
    expect(await summary(page)).toEqual({ 'All versions': ['7', '2 (28.6%)'] });
    expect(await page.getByRole('complementary', { name: 'Summary' }).getByRole('listitem').allTextContents()).toEqual(['Password: 3 / 6 (50%)', 'Ask for email: 2 / 7 (28.6%)']);

    // One version.
    await page.getByLabel('Version', { exact: true }).selectOption({ label: 'Version 1' });
    await expect.poll(() => figures(page, 'Ask for email')).toEqual({ Entered: ['6'], Left: ['4'], Dropped: ['2 (33.3%)'] });
    expect(await figures(page, 'Password')).toEqual({ Entered: ['5'], Left: ['2'], Dropped: ['3 (60%)'] });
    expect(await edgeCounts(page, 'Ask for email, Has an account → Password')).toEqual(['4 (66.7%)']);
    expect(await summary(page)).toEqual({ 'Version 1': ['6', '1 (16.7%)'] });

    // One app: the phone that left at the email step.
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Demo app' });
    await expect.poll(() => figures(page, 'Ask for email')).toEqual({ Entered: ['1'], Left: ['0'], Dropped: ['1 (100%)'] });
    expect((await figures(page, 'Password')).Entered).toEqual(['0']);
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'All apps' });

    // One language, and a date range with nothing in it.
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Bahasa Indonesia' });
    await expect.poll(() => figures(page, 'Ask for email')).toEqual({ Entered: ['1'], Left: ['0'], Dropped: ['1 (100%)'] });
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'All languages' });
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-12-31');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'No runs match these filters yet.' }).count()).toBe(1);
    expect((await figures(page, 'Ask for email')).Entered).toEqual(['0']);
    await page.getByLabel('From', { exact: true }).fill('2020-12-31');
    await page.getByLabel('To', { exact: true }).fill('2020-01-01');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('"From" must not be after "To"');
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await expect.poll(() => figures(page, 'Ask for email')).toEqual({ Entered: ['6'], Left: ['4'], Dropped: ['2 (33.3%)'] });

    // Two versions compared, side by side on every step and edge.
    await page.getByLabel('Compare with', { exact: true }).selectOption({ label: 'Version 2 (live)' });
    await expect.poll(() => figures(page, 'Password')).toEqual({ Entered: ['5', '1'], Left: ['2', '1'], Dropped: ['3 (60%)', '0 (0%)'] });
    expect(await edgeCounts(page, 'Ask for email, Has an account → Password')).toEqual(['Version 1: 4 (66.7%)', 'Version 2: 1 (100%)']);
    expect(await summary(page)).toEqual({ 'Version 1': ['6', '1 (16.7%)'], 'Version 2': ['1', '1 (100%)'] });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is reached from the designer toolbar too', { timeout: 120_000 }, async () => {
    const page = await admin.open(browser);
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup`);
    await page.getByRole('link', { name: 'Insights', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Insights: Sign in or sign up');
    await expect.poll(() => figures(page, 'Ask for email')).toEqual({ Entered: ['7'], Left: ['5'], Dropped: ['2 (28.6%)'] });
    await page.getByRole('link', { name: 'Open in the designer' }).click();
    await page.getByTestId('canvas').waitFor();
    await page.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

describe('the console shell', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  let world: ConsoleWorld;
  beforeAll(async () => {
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld());
  });
  afterAll(() => world?.close());

  it('navigates between sections, opens a journey from a link, and speaks Bahasa Indonesia once chosen', { timeout: 90_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect.poll(() => nav.getByRole('link', { name: 'Journeys' }).getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Journeys');
    await expect.poll(() => page.getByText(`Signed in as ${admin.email}`).count()).toBe(1);

    // A journey opens full screen on the canvas; "← Journeys" returns to the list in the console.
    await page.getByRole('button', { name: /^Sign in or sign up\s*Live/ }).click();
    await page.waitForURL('**/designer/#/journeys/login-signup');
    await page.waitForSelector('[data-testid="step-Your name"]');
    await page.getByRole('button', { name: '← Journeys' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Journeys');

    // The language menu switches the console and is remembered after a reload.
    await page.getByLabel('Language').selectOption({ label: 'Bahasa Indonesia' });
    await expect.poll(() => page.getByRole('navigation', { name: 'Konsol' }).getByRole('link', { name: 'Perjalanan' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByText(`Masuk sebagai ${admin.email}`).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
    await page.getByLabel('Bahasa').selectOption({ label: 'English' });
    await expect.poll(() => page.getByRole('navigation', { name: 'Console' }).count()).toBe(1);

    // An address from before the console (#flow=<id>) still opens that journey.
    await page.goto(`${gerbang.url}/designer/#flow=login-signup`);
    await page.waitForSelector('[data-testid="step-Your name"]');
    expect(errors).toEqual([]);
  });
});

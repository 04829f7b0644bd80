import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { axeViolations } from '../support/axe.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { TestBrowser } from '../support/browser.js';

/** The designer's own views: canvas, a step's settings, versions, test cases, preview, and the Insights funnel. */
describe('designer accessibility (axe-core)', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let owner: ConsoleSignIn;
  let world: ConsoleWorld;
  beforeAll(async () => {
    ({ gerbang, browser, owner } = world = await startConsoleWorld());
  });
  afterAll(() => world?.close());

  it('has no violations on the canvas, the settings panel, versions, test cases, the preview and the Insights funnel', { timeout: 120_000 }, async () => {
    const page = await owner.open(browser, { width: 1400 });
    const problems: string[] = [];
    const check = async (view: string) => {
      for (const v of await axeViolations(page)) problems.push(`${view}: ${v}`);
    };
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup`);
    await page.locator('.edge-label').first().waitFor();
    await check('canvas');
    await page.getByTestId('rf__node-password').click();
    await page.getByTestId('step-label').waitFor();
    await check('settings panel');
    await page.getByTestId('preview').click();
    await page.getByTestId('preview-frame').waitFor();
    await check('preview');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('versions-toggle').click();
    await page.getByTestId('version-1').waitFor();
    await check('versions');
    await page.getByRole('button', { name: /^Test cases/ }).click();
    await page.getByRole('button', { name: 'Add a test case' }).click();
    await page.getByLabel('Add an answer for the step').selectOption({ label: 'Ask for email' });
    await page.getByRole('group', { name: 'Answer 1: Ask for email' }).getByLabel('Email address').waitFor();
    await check('test case form');
    // The funnel drawn on the canvas, with one customer's sign-up counted in it.
    const customer = new TestBrowser(gerbang.url);
    await customer.get('/login');
    await customer.submit({ email: 'wulan@example.com' });
    await customer.submit({ email: 'wulan@example.com', password: 'a long enough password' });
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup/insights`);
    await page.locator('.funnel-step').first().waitFor();
    await check('insights');
    expect(problems).toEqual([]);
  });
});

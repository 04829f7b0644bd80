import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.js';
import { tokenApi } from '../support/admin-api.js';
import { answerQuestion } from '../support/ask-dialog.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'a long enough password';

/**
 * A person tries a journey, saves the try as a test case, sees it pass, then changes the journey so
 * that the case fails: publishing is blocked and the path the case took is drawn on the canvas.
 */
describe('a test case recorded from "Try it" in the designer', () => {
  let world: ConsoleWorld;
  let gerbang: Gerbang;
  let browser: Browser;
  const api = tokenApi(() => gerbang.url, TOKEN);

  beforeAll(async () => {
    ({ gerbang, browser } = world = await startConsoleWorld({ env: { ADMIN_API_TOKEN: TOKEN } }));
    expect((await api('POST', '/flows', { name: 'Shop sign-in', template: 'login-signup' })).status).toBe(201);
  });
  afterAll(() => world?.close());

  it('tries the journey, saves the try as a case that passes, and a change that breaks it blocks publishing with its path drawn', { timeout: 150_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys/shop-sign-in`);

    // "Try it" opens the draft in a tab of its own; the person signs up there as a newcomer would.
    const [tryTab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Try it' }).click()]);
    await tryTab.getByLabel('Email address').fill('grace@example.com');
    await tryTab.getByRole('button', { name: 'Continue' }).click();
    await tryTab.getByLabel('Choose a password').fill(PASSWORD);
    await tryTab.getByRole('button', { name: 'Create account' }).click();
    await tryTab.getByLabel('First name').fill('Grace');
    await tryTab.getByLabel('Last name').fill('Hopper');
    await tryTab.getByRole('button', { name: 'Continue' }).click();
    await tryTab.getByRole('heading', { name: 'Test finished' }).waitFor();
    // "Back to the designer" from the try's tab offers to save it too.
    await tryTab.getByRole('link', { name: 'Back to the designer' }).click();
    await tryTab.getByRole('button', { name: 'Save as test case' }).waitFor();
    await tryTab.close();

    // Back in the designer: the try becomes a test case, shown with the others.
    await page.getByRole('button', { name: 'Save as test case' }).click();
    const caseName = 'Tried: grace@example.com ends in success at "Success"';
    await page.locator('.cases').getByText(caseName, { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('All changes saved');
    // The password typed in the try is kept sealed: not in the draft as stored, not in the page.
    expect(JSON.stringify(await gerbang.store.flows.getDraft('shop-sign-in'))).not.toContain(PASSWORD);
    await page.getByRole('button', { name: `Edit "${caseName}"` }).click();
    await page.getByRole('group', { name: 'Answer 2: Sign up' }).getByText('password: •••• (sealed)').waitFor();
    expect(await page.content()).not.toContain(PASSWORD);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Run all test cases' }).click();
    // The case runs in its sandbox (an argon2id hash among it): a loaded machine takes its time.
    await page.getByText('All 1 passed.').waitFor({ timeout: 60_000 });
    expect(await page.locator('.cases .ok-badge').textContent()).toBe('Passed');

    // The journey changes: "Your name" now asks for a phone number instead of the first name.
    await page.getByRole('button', { name: /^Test cases/ }).click();
    await page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Your name"]') }).click();
    await page.getByRole('combobox', { name: 'Attribute' }).first().selectOption({ label: 'Phone number (phone_number)' });
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('All changes saved');

    // Publishing runs the recorded case, which now stops at "Your name": nothing is published.
    await page.getByTestId('publish').click();
    await answerQuestion(page, 'Publish this draft?', 'Publish now');
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 60_000 }).toMatch(/^Not published: 1 of 1 test case failed, so the journey was not published\./);
    expect(await page.getByTestId('status').textContent()).toContain(`"${caseName}": It stopped at "Your name"`);
    expect((await api('GET', '/flows/shop-sign-in/versions')).body.versions).toEqual([]);
    // The way it went is drawn: the banner names the case, and the steps it went through are marked.
    expect(await page.getByTestId('path-banner').textContent()).toContain(`Test case "${caseName}" failed`);
    await expect.poll(() => page.locator('.react-flow__node.on-path').count()).toBe(3);
    expect(errors).toEqual([]);
  });
});

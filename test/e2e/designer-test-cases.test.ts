import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.js';
import { tokenApi } from '../support/admin-api.js';
import { answerQuestion } from '../support/ask-dialog.js';

const TOKEN = 'test-admin-token-0123456789';

/** A person writes a test case in the designer's form, runs it, and a failing one stops publication with its path drawn. */
describe('saved test cases in the designer', () => {
  let world: ConsoleWorld;
  let gerbang: Gerbang;
  let browser: Browser;
  const api = tokenApi(() => gerbang.url, TOKEN);

  beforeAll(async () => {
    ({ gerbang, browser } = world = await startConsoleWorld({ env: { ADMIN_API_TOKEN: TOKEN } }));
    expect((await api('POST', '/flows', { name: 'Shop sign-in', template: 'login-signup' })).status).toBe(201);
  });
  afterAll(() => world?.close());

  it('writes a case in a form, runs it in the sandbox, and publishing stops on a failing one with the path it took', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys/shop-sign-in`);
    await page.getByRole('button', { name: /^Test cases/ }).click();
    await page.getByRole('button', { name: 'Add a test case' }).click();

    await page.getByLabel('Name of the test case').fill('Newcomer signs up');
    await page.getByLabel('Email address').fill('grace@example.com');
    const addAnswer = page.getByLabel('Add an answer for the step');
    await addAnswer.selectOption({ label: 'Ask for email' });
    await page.getByRole('group', { name: 'Answer 1: Ask for email' }).getByLabel('Email address').fill('grace@example.com');
    await addAnswer.selectOption({ label: 'Sign up' });
    const signUp = page.getByRole('group', { name: 'Answer 2: Sign up' });
    await signUp.getByLabel('Email address').fill('grace@example.com');
    await signUp.getByLabel('Password').fill('a long enough password');
    await addAnswer.selectOption({ label: 'Your name' });
    const names = page.getByRole('group', { name: 'Answer 3: Your name' });
    await names.getByRole('textbox').first().waitFor();
    const boxes = names.getByRole('textbox');
    await boxes.nth(0).fill('Grace');
    await boxes.nth(1).fill('Hopper');
    // Expected: failure, which this journey does not do for a newcomer: the case must fail.
    await page.getByLabel('Ends in').selectOption({ label: 'Failure' });
    await page.getByRole('button', { name: 'Save the test case' }).click();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('All changes saved');

    await page.getByRole('button', { name: 'Run all test cases' }).click();
    await page.getByText('1 of 1 failed.').waitFor({ timeout: 60_000 });
    expect(await page.getByText('It ended in success at "Success"; the case expects failure.').count()).toBeGreaterThan(0);
    // Its way is drawn on the canvas: the banner, and the steps it went through marked.
    expect(await page.getByTestId('path-banner').textContent()).toContain('Test case "Newcomer signs up" failed');
    expect(await page.locator('.react-flow__node.on-path').count()).toBe(4);

    await page.getByTestId('publish').click();
    await answerQuestion(page, 'Publish this draft?', 'Publish now');
    // Publishing runs the case in its sandbox (an argon2id hash among it): a loaded machine takes its time.
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 60_000 }).toMatch(/^Not published: 1 of 1 test case failed, so the journey was not published\. "Newcomer signs up": It ended in success/);
    expect((await api('GET', '/flows/shop-sign-in/versions')).body.versions).toEqual([]);
    // Nobody was created outside the sandbox.
    expect(await gerbang.store.users.findByEmail('grace@example.com')).toBeNull();

    // The person fixes the case: a newcomer ends in success. Now it passes and the journey is published.
    await page.getByRole('button', { name: 'Edit "Newcomer signs up"' }).click();
    await page.getByLabel('Ends in').selectOption({ label: 'Success' });
    await page.getByRole('button', { name: 'Save the test case' }).click();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('All changes saved');
    await page.getByTestId('publish').click();
    expect(await answerQuestion(page, 'Publish this draft?', 'Publish now')).toContain('Test case "Newcomer signs up" added');
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 60_000 }).toBe('Published version 1');
    await page.getByTestId('versions-toggle').click();
    expect(await page.getByTestId('version-1-tests').textContent()).toBe('Test cases: 1 of 1 passed');
    expect(errors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { descriptionOf, startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

/** The console says what the API refused under the field it is about, as a person reads a form. */
describe('console: refusals under their fields', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  let world: ConsoleWorld;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld());
    page = await admin.open(browser, { errors });
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  });

  it('the journey list says a taken id under "Id" and a blank name under "Name", not above the list', { timeout: 90_000 }, async () => {
    await page.goto(`${gerbang.url}/designer/#/journeys`);
    const form = page.getByRole('form', { name: 'New journey' });
    await form.getByLabel('Name', { exact: true }).fill('Members');
    await form.getByText('Advanced').click();
    await form.getByLabel('Id (in links and the API)').fill('login-signup');
    await form.getByRole('button', { name: 'Create journey' }).click();

    const id = form.getByLabel('Id (in links and the API)');
    await expect.poll(() => descriptionOf(id)).toBe('A journey with the id "login-signup" already exists; choose another id.');
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(form.getByLabel('Name', { exact: true }))).toBe('');
    expect(await page.locator('.flows > .form-error').count()).toBe(0);

    // Folded "Advanced" opens itself when what it holds is refused.
    await page.reload();
    await form.getByLabel('Name', { exact: true }).fill('Members');
    await form.getByRole('button', { name: 'Create journey' }).click();
    await page.waitForURL('**#/journeys/members');
    await page.goto(`${gerbang.url}/designer/#/journeys`);
    await form.getByLabel('Name', { exact: true }).fill('Others');
    await form.getByText('Advanced').click();
    await form.getByLabel('Id (in links and the API)').fill('members');
    await form.getByText('Advanced').click();
    expect(await id.isVisible()).toBe(false);
    await form.getByRole('button', { name: 'Create journey' }).click();
    await expect.poll(() => id.isVisible()).toBe(true);
    await expect.poll(() => descriptionOf(id)).toContain('already exists');

    // A name of blanks is refused by the API in its words, under the name.
    await form.getByLabel('Name', { exact: true }).fill('   ');
    await form.getByLabel('Id (in links and the API)').fill('');
    await form.getByRole('button', { name: 'Create journey' }).click();
    const name = form.getByLabel('Name', { exact: true });
    await expect.poll(() => descriptionOf(name)).toMatch(/^Name /);
    expect(await descriptionOf(id)).toBe('');

    // Renaming: the refusal is under the name being typed in that row.
    await page.getByRole('button', { name: 'Rename Members' }).click();
    const rename = page.locator('form.rename-journey');
    await rename.getByLabel('Name', { exact: true }).fill(' ');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => descriptionOf(rename.getByLabel('Name', { exact: true }))).toMatch(/^Name /);
    expect(await descriptionOf(name)).toBe('');
    await rename.getByLabel('Name', { exact: true }).fill('Members area');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByTestId('open-members').textContent()).toContain('Members area');
    expect(errors).toEqual([]);
  });

  it("the app form says each of the app's own rules under the field it is about, as it is typed", { timeout: 90_000 }, async () => {
    await page.goto(`${gerbang.url}/designer/#/apps`);
    await page.getByRole('link', { name: 'New app' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Kiosk');
    const redirects = page.getByLabel('Redirect URIs', { exact: true });
    // A browser app without a redirect URI is told so under the field, not in a list below the form.
    await expect.poll(() => descriptionOf(redirects)).toContain('public apps need at least one redirect URI');
    await redirects.fill('https://kiosk.example.com/cb\nhttp://kiosk.example.com/cb');
    await expect.poll(() => descriptionOf(redirects)).toContain('Line 2: "http://kiosk.example.com/cb" must use https (http is allowed for localhost only)');
    expect(await descriptionOf(redirects)).not.toContain('Line 1');
    expect(await redirects.getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Backend service (no users)' });
    const apis = page.getByLabel('APIs it may call', { exact: true });
    await expect.poll(() => descriptionOf(apis)).toContain('machine apps need at least one API they may call (resources)');
    await apis.fill('https://orders.example.com orders:read\nhttps://orders.example.com orders:write');
    await expect.poll(() => descriptionOf(apis)).toContain('Line 2: each API (resource indicator) may be listed once');
    await apis.fill('https://orders.example.com orders:read orders:write');
    await expect.poll(() => apis.getAttribute('aria-invalid')).toBe('false');
    // Nothing is left said apart from the fields.
    expect(await page.locator('form ul.problem').count()).toBe(0);
    await page.getByRole('button', { name: 'Create app' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kiosk');
    expect(errors).toEqual([]);
  });
});

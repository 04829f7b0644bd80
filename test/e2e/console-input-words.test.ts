import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { descriptionOf, startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

describe("console: what the API refuses is said under the field, in the console's words", () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  let world: ConsoleWorld;
  beforeAll(async () => {
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld());
  });
  afterAll(() => world?.close());

  it('names a wrong domain, a wrong permission and a threshold out of range next to their fields, and saves once they are mended', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('button', { name: 'New organisation' }).click();
    const create = page.getByRole('form', { name: 'Create organisation' });
    await create.getByLabel('Name').fill('Acme Supplies');
    await create.getByLabel('Identifier').fill('acme');
    const domains = create.getByLabel('Email domains it owns');
    await domains.fill('acme.example\nnot a domain');
    await create.getByRole('button', { name: 'Create organisation' }).click();

    await expect.poll(() => domains.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(domains)).toContain('Domain 2 is not written the expected way (like "acme.example").');
    // Said under the field it is about, not as a JSON path above the form.
    expect(await page.getByText('/domains/1').count()).toBe(0);
    expect(await create.getByLabel('Name').getAttribute('aria-invalid')).toBe('false');

    await domains.fill('acme.example\nacme-supplies.example');
    await create.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL('**/designer/#/organisations/acme');
    expect((await gerbang.store.organisations.get('acme'))?.domains.slice().sort()).toEqual(['acme-supplies.example', 'acme.example']);

    // One of the organisation page's forms: a permission written with a space, under Permissions of that form only.
    await page.getByRole('button', { name: 'New role' }).click();
    await page.getByRole('button', { name: 'Add a member' }).click();
    const role = page.getByRole('form', { name: 'Save role' });
    await role.getByLabel('Role name').fill('buyer');
    const permissions = role.getByLabel('Permissions');
    await permissions.fill('orders read');
    await role.getByRole('button', { name: 'Save role' }).click();
    await expect.poll(() => permissions.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(permissions)).toContain('Permission 1 is not written the expected way (like "orders:read").');
    expect(await page.getByRole('form', { name: 'Add member' }).getByLabel('Roles').getAttribute('aria-invalid')).toBe('false');

    // A form whose save goes through useAction: a value beyond the schema's range, under its field.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Attack protection' }).click();
    const thresholds = page.getByRole('form', { name: 'Save thresholds' });
    const pairFailures = thresholds.getByLabel('Wrong passwords or codes from one address before it is blocked for the account');
    await pairFailures.fill('500');
    await thresholds.getByRole('button', { name: 'Save thresholds' }).click();
    await expect.poll(() => pairFailures.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(pairFailures)).toContain('Wrong passwords or codes from one address before it is blocked for the account must be at most 50.');
    expect(await gerbang.store.settings.get('protection:thresholds')).toBeNull();
    expect(errors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { tokenApi } from '../support/admin-api.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

const TOKEN = 'console-secrets-admin-token-0123456789';
const VALUE = 'sk_live_console_5Fq8Wz';

describe('console: API secrets for the HTTP request step, kept sealed and never shown back', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  let world: ConsoleWorld;
  beforeAll(async () => {
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld({ env: { ADMIN_API_TOKEN: TOKEN } }));
  });
  afterAll(async () => world?.close());
  const api = tokenApi(() => gerbang.url, TOKEN);

  it('adds a secret by its labels, shows where journeys use it, and refuses to delete it while one does', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation').getByRole('link', { name: 'API secrets' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('API secrets');
    await expect.poll(() => page.getByText('No secret yet.').count()).toBe(1);
    await page.getByRole('link', { name: 'New secret' }).click();
    await page.getByLabel('Name', { exact: true }).fill('billing_key');
    await page.getByLabel('Description').fill('Billing API');
    await page.getByLabel('Value', { exact: true }).fill(VALUE);
    await page.getByRole('button', { name: 'Save secret' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('billing_key');
    await expect.poll(() => page.getByText('In a header of an HTTP request step: {{secret.billing_key}}').count()).toBe(1);
    // Never shown back: not in the page, and the field for a new value is empty.
    expect(await page.content()).not.toContain(VALUE);
    expect(await page.getByLabel('New value').inputValue()).toBe('');
    expect(JSON.stringify(await gerbang.store.settings.get('http-secret:billing_key'))).not.toContain(VALUE);

    // A journey's HTTP request step names it: the page lists the journey, and deleting is refused in words.
    const graph = {
      id: 'billing-check',
      name: 'Billing check',
      version: 0,
      start: 'identify',
      nodes: [
        { id: 'identify', type: 'identify', settings: {}, position: { x: 0, y: 0 } },
        { id: 'billing', type: 'http-request', label: 'Ask billing', settings: { method: 'POST', url: 'https://billing.example.com/check', headers: [{ name: 'X-Api-Key', value: '{{secret.billing_key}}' }], body: {} }, position: { x: 200, y: 0 } },
        { id: 'done', type: 'failure', settings: {}, position: { x: 400, y: 0 } },
      ],
      edges: [
        { id: 'e1', from: 'identify', outcome: 'known', to: 'billing' },
        { id: 'e2', from: 'identify', outcome: 'unknown', to: 'billing' },
        { id: 'e3', from: 'billing', outcome: 'success', to: 'done' },
        { id: 'e4', from: 'billing', outcome: 'error', to: 'done' },
        { id: 'e5', from: 'billing', outcome: 'timeout', to: 'done' },
      ],
    };
    expect((await api('POST', '/flows', { id: 'billing-check', name: 'Billing check' })).status).toBe(201);
    expect((await api('PUT', '/flows/billing-check', { graph })).status).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByRole('link', { name: 'Billing check' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Delete secret' }).click();
    await page.getByRole('group', { name: 'Delete this secret? Journeys can no longer send it.' }).getByRole('button', { name: 'Delete secret' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('This secret is used by: Billing check (draft: Ask billing)');

    // A new value replaces the sealed one; the description stays.
    await page.getByLabel('New value').fill('sk_live_rotated_9');
    await page.getByRole('button', { name: 'Save secret' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved. The value is sealed and will not be shown again.');
    expect(await page.getByLabel('New value').inputValue()).toBe('');
    const listed = await api('GET', '/http-secrets');
    expect(listed.body).toMatchObject([{ name: 'billing_key', description: 'Billing API', revision: 2 }]);
    expect(errors).toEqual([]);
  });
});

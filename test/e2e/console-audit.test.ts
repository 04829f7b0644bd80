import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { TestBrowser } from '../support/browser.js';

const PASSWORD = 'a long enough password';

describe('console: Audit log, as an auditor', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let auditor: ConsoleSignIn;
  let world: ConsoleWorld;
  beforeAll(async () => {
    ({ gerbang, browser } = world = await startConsoleWorld());
    auditor = await world.administrator('auditor@example.com', 'auditor', 'a long auditor password');
  });
  afterAll(() => world?.close());

  /** A customer signs up through the demo app (an OpenID Connect sign-in), or directly at /login. */
  async function signUp(address: string, throughApp: boolean) {
    const b = new TestBrowser(gerbang.url);
    if (throughApp) {
      const config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: 'http://localhost:8080/callback', scope: 'openid email', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
      await b.get(url.href);
    } else {
      await b.get('/login');
    }
    await b.submit({ email: address });
    await b.submit({ email: address, password: PASSWORD });
    await b.submit({ given_name: 'Ani' }, { action: 'save' });
    return (await gerbang.store.users.findByEmail(address))!;
  }

  const rows = (page: Page) => page.locator('table.list tbody tr');
  const download = async (page: Page, button: string) => {
    const file = page.waitForEvent('download');
    await page.getByRole('button', { name: button }).click();
    return readFileSync((await (await file).path())!, 'utf8');
  };

  it('filters by app, user and day, and exports what is filtered as CSV and JSON lines', { timeout: 120_000 }, async () => {
    const ani = await signUp('ani@example.com', true);
    const budi = await signUp('budi@example.com', false);

    const errors: string[] = [];
    const page = await auditor.open(browser, { errors });
    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Journeys', 'Apps', 'Users', 'Audit log']));
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');

    // Sign-ins through the demo app: Ani's only.
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Demo app' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows(page).allTextContents()).toEqual([expect.stringContaining(ani.id)]);
    expect(await rows(page).first().textContent()).toContain('signin');

    // One user's events, by email.
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Any app' });
    await page.getByLabel('User (email or ID)').fill('budi@example.com');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await rows(page).allTextContents()).toEqual([expect.stringContaining('signin'), expect.stringContaining('signup')]);

    const csv = (await download(page, 'Export CSV')).trim().split('\n');
    expect(csv[0]).toBe('at,type,userId,actor,ip,details');
    expect(csv.slice(1).map((l) => l.split(',')[1])).toEqual(['signin', 'signup']);
    expect(csv.slice(1).every((l) => l.split(',')[2] === budi.id)).toBe(true);
    const jsonl = (await download(page, 'Export JSON lines')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; userId: string });
    expect(jsonl.map((e) => [e.type, e.userId])).toEqual([['signin', budi.id], ['signup', budi.id]]);

    // Tomorrow has no events yet.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From').fill(tomorrow);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByText('No events match.').count()).toBe(1);

    // The exports are themselves audited, with the auditor who made them.
    const me = (await gerbang.store.users.findByEmail('auditor@example.com'))!;
    const exports = await gerbang.store.audit.list({ type: 'audit.exported', limit: 5 });
    expect(exports.map((e) => [e.actor, e.details.format])).toEqual([[me.id, 'jsonl'], [me.id, 'csv']]);

    // An auditor reads a user but is offered no action on them.
    await page.goto(`${gerbang.url}/designer/#/users/${budi.id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('budi@example.com');
    expect(await page.getByRole('button', { name: 'Block user' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { TestBrowser } from '../support/browser.js';
import { axeViolations } from '../support/axe.js';

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
    await expect.poll(() => rows(page).allTextContents()).toEqual([expect.stringContaining('ani@example.com')]);
    expect(await rows(page).first().textContent()).toContain('Successful sign-in');

    // One user's events, by email.
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Any app' });
    await page.getByLabel('User (email or ID)').fill('budi@example.com');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await rows(page).allTextContents()).toEqual([expect.stringContaining('Successful sign-in'), expect.stringContaining('Account created (sign-up)')]);

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

  it('reads in words, in English and in Bahasa Indonesia: the event described, the people by email, the details labelled, the stored event one click away', { timeout: 180_000 }, async () => {
    const citra = await signUp('citra@example.com', true);
    // An administrator blocks Citra in the console: an event with an administrator as its actor.
    const ownerPage = await world.owner.open(browser);
    await ownerPage.goto(`${gerbang.url}/designer/#/users/${citra.id}`);
    await ownerPage.getByRole('button', { name: 'Block user' }).click();
    await ownerPage.getByLabel('Reason for blocking').fill('Chargeback fraud under review');
    await ownerPage.getByRole('button', { name: 'Block', exact: true }).click();
    await expect.poll(() => ownerPage.getByText('Blocked: this user cannot sign in.').count()).toBeGreaterThan(0);
    // The user's own page lists it in words too, with the administrator by email.
    await expect.poll(() => ownerPage.getByRole('listitem').filter({ hasText: 'Account blocked' }).textContent()).toContain('by admin@example.com (Administrator)');
    await ownerPage.close();

    const errors: string[] = [];
    const page = await auditor.open(browser, { errors });
    await page.goto(`${gerbang.url}/designer/#/audit`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');
    const filterBy = async (event: string) => {
      await page.getByLabel('Event type').selectOption({ label: event });
      await page.getByRole('button', { name: 'Apply filters' }).click();
    };
    const cellOf = (row: ReturnType<typeof rows>, column: number) => row.locator('td').nth(column);
    /** The value shown beside a detail's label in a row. */
    const detail = (row: ReturnType<typeof rows>, label: string) => row.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

    // The auditor's own sign-in to the console, through the administrators' journey with a second factor.
    await filterBy('Successful sign-in');
    const mine = rows(page).filter({ hasText: 'auditor@example.com' });
    await expect.poll(() => mine.count()).toBeGreaterThan(0);
    const signIn = mine.first();
    expect(await cellOf(signIn, 1).textContent()).toBe('Successful sign-in');
    expect(await cellOf(signIn, 3).textContent()).toBe('The user themselves');
    const adminJourney = (await gerbang.store.flows.getDraft('admin-login'))!.name;
    expect(await detail(signIn, 'Journey').textContent()).toBe(adminJourney);
    expect(await detail(signIn, 'Sign-in methods').textContent()).toBe('password, one-time code, second factor');
    expect(await detail(signIn, 'Request ID').textContent()).toMatch(/\S/);
    expect(await detail(signIn, 'IP address').textContent()).toMatch(/127\.0\.0\.1/);
    // The stored event, as support engineers read it, behind a disclosure.
    const raw = signIn.locator('pre');
    expect(await raw.isVisible()).toBe(false);
    await signIn.getByText('Show raw details').click();
    await expect.poll(() => raw.isVisible()).toBe(true);
    expect(JSON.parse((await raw.textContent())!)).toMatchObject({ type: 'signin', details: { flowId: 'admin-login', amr: ['pwd', 'otp', 'mfa'] } });

    // A sign-in through the demo app names the app.
    const citrasSignIn = rows(page).filter({ hasText: 'citra@example.com' }).first();
    expect(await detail(citrasSignIn, 'App').textContent()).toBe('Demo app');

    // The auditor's authenticator app, set up at their first sign-in, named as a person knows it.
    await filterBy('Second factor added');
    const added = rows(page).filter({ hasText: 'auditor@example.com' }).first();
    await expect.poll(() => detail(added, 'Factor').textContent()).toBe('authenticator app');

    // The administrator who blocked Citra, by email, and the reason they gave.
    await filterBy('Account blocked');
    await expect.poll(() => rows(page).count()).toBe(1);
    const blocked = rows(page).first();
    expect(await cellOf(blocked, 2).textContent()).toBe('citra@example.com');
    expect(await cellOf(blocked, 3).textContent()).toBe('admin@example.com (Administrator)');
    expect(await detail(blocked, 'Reason').textContent()).toBe('Chargeback fraud under review');
    expect(await axeViolations(page)).toEqual([]);

    // The same log in Bahasa Indonesia.
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log audit');
    await expect.poll(() => cellOf(rows(page).first(), 1).textContent()).toBe('Akun diblokir');
    expect(await cellOf(rows(page).first(), 3).textContent()).toBe('admin@example.com (Administrator)');
    expect(await detail(rows(page).first(), 'Alasan').textContent()).toBe('Chargeback fraud under review');
    await page.getByLabel('Jenis peristiwa').selectOption({ label: 'Berhasil masuk' });
    await page.getByRole('button', { name: 'Terapkan filter' }).click();
    const masuk = rows(page).filter({ hasText: 'auditor@example.com' }).first();
    await expect.poll(() => cellOf(masuk, 1).textContent()).toBe('Berhasil masuk');
    expect(await cellOf(masuk, 3).textContent()).toBe('Pengguna itu sendiri');
    expect(await detail(masuk, 'Metode masuk').textContent()).toBe('kata sandi, kode sekali pakai, faktor kedua');
    expect(await detail(masuk, 'Perjalanan').textContent()).toBe(adminJourney);
    expect(await masuk.getByText('Tampilkan rincian mentah').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

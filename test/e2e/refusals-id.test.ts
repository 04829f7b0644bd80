import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { descriptionOf, startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { brokenOn } from '../support/chromium.js';
import { axeViolations } from '../support/axe.js';

/**
 * In Bahasa Indonesia, what Gerbang refuses is said in Bahasa Indonesia: the console's refusals (the
 * API answers in the language the console speaks) and the sign-out confirmation page.
 */
describe('refusals and the sign-out page in Bahasa Indonesia', () => {
  let world: ConsoleWorld;
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  beforeAll(async () => {
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld());
  });
  afterAll(async () => {
    await world?.close();
  });

  it('the console in Bahasa Indonesia says why an app without a redirect URI is refused, under the field', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByLabel('Language').selectOption({ label: 'Bahasa Indonesia' });
    await page.getByRole('navigation').getByRole('link', { name: 'Aplikasi' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Aplikasi');

    await page.getByRole('link', { name: 'Aplikasi baru' }).click();
    await page.getByLabel('Nama', { exact: true }).fill('Toko Batik');
    await page.getByLabel('Jenis', { exact: true }).selectOption({ label: 'Aplikasi peramban (aplikasi satu halaman, tanpa rahasia)' });
    await page.getByLabel('Perjalanan', { exact: true }).selectOption('login-signup');
    await page.getByRole('button', { name: 'Buat aplikasi' }).click();

    const redirects = page.getByLabel('URI pengalihan', { exact: true });
    await expect.poll(() => descriptionOf(redirects)).toContain('Aplikasi publik memerlukan paling sedikit satu URI pengalihan');
    expect(await redirects.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('public apps need at least one redirect URI').count()).toBe(0);
    // Nothing was registered.
    expect((await gerbang.store.apps.list()).map((a) => a.name)).not.toContain('Toko Batik');

    // A URI typed the wrong way is refused in Bahasa Indonesia as it is typed, by its line.
    await redirects.fill('http://toko.example.com/callback');
    await expect.poll(() => descriptionOf(redirects)).toContain('Baris 1: "http://toko.example.com/callback" harus memakai https (http hanya diizinkan untuk localhost)');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the sign-out confirmation asks in Bahasa Indonesia and signs out', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const broken = brokenOn(page);
    // A provider session: a customer signs up through the demo app, in Bahasa Indonesia as their browser asks.
    await page.goto(`${gerbang.url}/demo-app/`);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByLabel('Alamat email').fill('ayu.lestari@example.com');
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByLabel('Pilih kata sandi').fill('kata sandi yang cukup panjang');
    await page.getByRole('button', { name: 'Buat akun' }).click();
    await page.getByLabel('Nama depan').fill('Ayu');
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.waitForURL(`${gerbang.url}/demo-app/`);

    await page.goto(`${gerbang.url}/session/end`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Keluar');
    expect(await page.title()).toContain('Keluar');
    expect(await page.getByText('Apakah Anda ingin keluar dari semua aplikasi?').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Tetap masuk' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sudah keluar');
    expect(await page.getByText('Anda telah keluar.').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // Signed out of Gerbang, not only of the page.
    await page.goto(gerbang.url);
    await expect.poll(() => page.getByText('Anda belum masuk.').count()).toBe(1);
    expect(broken).toEqual([]);
    await context.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { axeViolations } from '../support/axe.js';

/**
 * English that an Indonesian-speaking administrator still met in the console: the roles' descriptions,
 * a consent purpose's name and the branding's contrast checks now follow the console's language, and
 * follow it again when it is switched back.
 */
describe('the console in Bahasa Indonesia leaves no English in the roles, purposes and contrast checks', () => {
  let world: ConsoleWorld;
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  beforeAll(async () => {
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld());
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  });

  it('roles, a purpose and the contrast checks in Bahasa Indonesia, then in English again', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByLabel('Language').selectOption({ label: 'Bahasa Indonesia' });

    await page.getByRole('navigation').getByRole('link', { name: 'Administrator' }).click();
    await expect.poll(() => page.getByText('Membaca semuanya, tidak mengubah apa pun').count()).toBe(1);
    expect(await page.getByText('Read everything, change nothing').count()).toBe(0);
    expect(await page.getByText('Semuanya, termasuk mengundang administrator dan mengubah peran mereka').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('navigation').getByRole('link', { name: 'Tujuan persetujuan' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Email pemasaran' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Marketing emails' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Email pemasaran' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Email pemasaran');

    await page.getByRole('navigation').getByRole('link', { name: 'Merek' }).click();
    const checks = page.getByRole('status', { name: 'Kontras' });
    await expect.poll(() => checks.innerText()).toContain('Teks di atas latar halaman');
    expect(await checks.innerText()).toContain('Teks tombol (putih) di atas warna utama');
    expect(await checks.innerText()).not.toContain('Text on the page background');
    expect(await axeViolations(page)).toEqual([]);

    // The brand preview and the messages' wording start in the console's language.
    expect(await page.getByLabel('Bahasa pratinjau').evaluate((e) => (e as HTMLSelectElement).selectedOptions[0].textContent)).toBe('Bahasa Indonesia');
    await page.getByRole('navigation').getByRole('link', { name: 'Email dan SMS' }).click();
    await expect.poll(() => page.getByLabel('Bahasa pesan').evaluate((e) => (e as HTMLSelectElement).selectedOptions[0].textContent)).toBe('Bahasa Indonesia');
    expect(await page.getByText('Use this code to continue').count()).toBe(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Merek' }).click();

    // Switched back, the same views speak English again without a reload.
    await page.getByRole('combobox', { name: 'Bahasa', exact: true }).selectOption({ label: 'English' });
    await expect.poll(() => page.getByRole('status', { name: 'Contrast' }).innerText()).toContain('Text on the page background');
    await page.getByRole('navigation').getByRole('link', { name: 'Administrators' }).click();
    await expect.poll(() => page.getByText('Read everything, change nothing').count()).toBe(1);
    expect(errors).toEqual([]);
    expect(gerbang.url).toBeTruthy();
    await page.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { axeViolations } from '../support/axe.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

/** An Indonesian marketer picks Bahasa Indonesia in the console and opens a journey: the designer speaks it too. */
describe('the designer in Bahasa Indonesia', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let owner: ConsoleSignIn;
  let world: ConsoleWorld;
  beforeAll(async () => {
    ({ gerbang, browser, owner } = world = await startConsoleWorld());
  });
  afterAll(() => world?.close());

  it('shows the toolbar, the panels and the canvas in Indonesian, and passes axe-core with lang="id"', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await owner.open(browser, { width: 1400, errors });
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup`);
    await page.locator('.edge-label').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');

    // The toolbar, by the names a person reads.
    for (const name of ['← Perjalanan', 'Urungkan', 'Ulangi', 'Rapikan', 'Paskan', 'Versi', 'Kasus uji', 'Coba', 'Terbitkan']) {
      await expect.poll(() => page.getByRole('button', { name, exact: true }).count(), { message: name }).toBe(1);
    }
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('Tidak ada masalah');
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Semua perubahan tersimpan');
    await expect.poll(() => page.getByTestId('live-status').textContent()).toMatch(/^Aktif: versi 1/);
    // The palette and the problems panel.
    await expect.poll(() => page.getByRole('complementary', { name: 'Langkah' }).getByLabel('Cari langkah').count()).toBe(1);
    await expect.poll(() => page.getByTestId('no-problems').textContent()).toBe('Tidak ada masalah: siap diterbitkan.');
    const problems: string[] = [];
    for (const v of await axeViolations(page)) problems.push(`canvas: ${v}`);

    // A step's settings panel.
    await page.getByTestId('rf__node-password').click();
    await expect.poll(() => page.getByLabel('Nama di kanvas').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Pratinjau halaman' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('group', { name: 'Ke mana setiap hasil mengarah' }).count()).toBe(1);
    for (const v of await axeViolations(page)) problems.push(`settings: ${v}`);

    // The versions and test-case panels.
    await page.getByRole('button', { name: 'Versi', exact: true }).click();
    await expect.poll(() => page.getByTestId('version-1').getByText('Versi 1').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Bandingkan dengan draf' }).count()).toBe(1);
    for (const v of await axeViolations(page)) problems.push(`versions: ${v}`);
    await page.getByRole('button', { name: 'Kasus uji', exact: true }).click();
    await page.getByRole('button', { name: 'Tambah kasus uji' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Orang rekaan' }).getByLabel('Alamat email').count()).toBe(1);
    for (const v of await axeViolations(page)) problems.push(`test case form: ${v}`);
    await page.getByRole('button', { name: 'Batal' }).click();

    // Back to the journeys, in the console's words.
    await page.getByRole('button', { name: '← Perjalanan' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Perjalanan');
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  });
});

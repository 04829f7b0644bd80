import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { axeViolations } from '../support/axe.js';
import { descriptionOf, startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

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
    // The step vocabulary: a palette step with its description, its group, the steps and outcome labels on the canvas.
    const palette = page.getByRole('complementary', { name: 'Langkah' });
    const askForEmail = palette.getByRole('button', { name: 'Minta email', exact: true });
    await expect.poll(() => descriptionOf(askForEmail)).toBe('Meminta alamat email terlebih dahulu, lalu melanjutkan sebagai pengguna yang sudah dikenal atau pengguna baru.');
    await expect.poll(() => palette.getByRole('region', { name: 'Identifikasi' }).getByRole('button', { name: 'Minta email' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('rf__node-identify').locator('.step-type').textContent()).toBe('Minta email');
    await expect.poll(() => page.getByTestId('rf__node-identify').locator('[data-outcome="known"]').textContent()).toBe('Sudah punya akun');
    await expect.poll(() => page.locator('.edge-label', { hasText: 'Pengguna baru' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: /^Sisipkan langkah pada "Sudah punya akun"/ }).count()).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const v of await axeViolations(page)) problems.push(`canvas: ${v}`);

    // A step added and not connected yet: the server's check says its problem in Indonesian, by its Indonesian name.
    await palette.getByRole('button', { name: 'Berhasil', exact: true }).click();
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('1 masalah');
    await expect.poll(() => page.locator('.panel.settings .problems-inline').textContent()).toBe('Langkah "Berhasil" tidak dapat dicapai dari awal.');
    await page.getByRole('button', { name: 'Urungkan', exact: true }).click();
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('Tidak ada masalah');

    // A step's settings panel: its form's fields by their Indonesian titles, checked as in English.
    await page.getByTestId('rf__node-password').click();
    const settings = page.locator('.panel.settings');
    await settings.getByRole('heading', { name: 'Kata sandi', exact: true }).waitFor();
    const attempts = settings.getByLabel('Jumlah kata sandi salah dari satu alamat sebelum alamat itu diblokir untuk akun tersebut');
    await attempts.fill('500');
    await expect.poll(() => descriptionOf(attempts)).toContain('50');
    expect(await settings.locator('.error-detail').allTextContents()).toEqual(['Harus paling banyak 50.']);
    await attempts.fill('8');
    await expect.poll(() => settings.locator('.error-detail').count()).toBe(0);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Semua perubahan tersimpan');
    await expect.poll(async () => (await gerbang.store.flows.getDraft('login-signup'))?.graph.nodes.find((n) => n.id === 'password')?.settings).toMatchObject({ maxAttempts: 8 });
    await expect.poll(() => settings.getByRole('group', { name: 'Ke mana setiap hasil mengarah' }).getByLabel('Kata sandi salah').count()).toBe(1);
    await expect.poll(() => page.getByLabel('Nama di kanvas').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Pratinjau halaman' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('group', { name: 'Ke mana setiap hasil mengarah' }).count()).toBe(1);
    for (const v of await axeViolations(page)) problems.push(`settings: ${v}`);
    // Its page previewed in the console's language first.
    await page.getByRole('button', { name: 'Pratinjau halaman' }).click();
    await expect.poll(() => page.frameLocator('[data-testid="preview-frame"]').getByRole('heading', { name: 'Masukkan kata sandi Anda' }).count()).toBe(1);
    await page.getByRole('dialog', { name: 'Pratinjau' }).getByRole('button', { name: 'Tutup' }).click();
    // A form with choices (a text, or a text per language).
    await page.getByTestId('rf__node-identify').click();
    await settings.getByRole('heading', { name: 'Minta email', exact: true }).waitFor();
    await expect.poll(() => settings.getByText('Judul halaman').count()).toBeGreaterThan(0);
    expect(await settings.locator('.error-detail').count()).toBe(0);
    expect(await settings.getByRole('alert').count()).toBe(0);

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

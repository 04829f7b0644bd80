import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import type { JourneyTestCase } from '../../engine/flow/test-cases.js';
import { descriptionOf, startConsoleWorld, type ConsoleWorld } from '../support/console.js';
import { answerQuestion } from '../support/ask-dialog.js';
import { axeViolations } from '../support/axe.js';
import { tokenApi } from '../support/admin-api.js';

const TOKEN = 'test-admin-token-0123456789';

/** A newcomer who, the case says, should end in failure: this journey signs newcomers up, so it fails. */
const newcomer: JourneyTestCase = {
  id: 'pendatang-baru',
  name: 'Pendatang baru',
  persona: { email: 'sari@example.com', exists: false },
  answers: [
    { step: 'identify', values: { email: 'sari@example.com' } },
    { step: 'register', values: { email: 'sari@example.com', password: 'a long enough password' } },
    { step: 'profile', values: { given_name: 'Sari', family_name: 'Dewi' } },
  ],
  expect: { end: 'failure' },
};

/** An Indonesian marketer publishes in the designer: the change list, the refusal and the failing case's reason speak Bahasa Indonesia. */
describe('publishing in Bahasa Indonesia', () => {
  let world: ConsoleWorld;
  let gerbang: Gerbang;
  let browser: Browser;
  const api = tokenApi(() => gerbang.url, TOKEN);

  beforeAll(async () => {
    ({ gerbang, browser } = world = await startConsoleWorld({ env: { ADMIN_API_TOKEN: TOKEN } }));
    expect((await api('POST', '/flows', { id: 'toko', name: 'Toko', template: 'login-signup' })).status).toBe(201);
    const draft = (await api('GET', '/flows/toko')).body;
    expect((await api('PUT', '/flows/toko', { graph: { ...draft.graph, tests: [newcomer] }, revision: draft.revision })).status).toBe(200);
  });
  afterAll(() => world?.close());

  it('lists the changes, refuses with the failing test case and says why, all in Indonesian', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.goto(`${gerbang.url}/designer/#/journeys/toko`);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('Semua perubahan tersimpan');

    await page.getByRole('button', { name: 'Terbitkan', exact: true }).click();
    // The confirmation lists what publishing changes as a list: every step is new, named as the canvas names it.
    const question = page.getByRole('alertdialog', { name: 'Terbitkan draf ini?' });
    const changes = question.getByRole('list', { name: 'Yang berubah' }).getByRole('listitem');
    await expect.poll(() => changes.allTextContents(), { timeout: 20_000 }).toEqual(
      expect.arrayContaining(['Langkah "Minta email" ditambahkan', 'Sambungan dari "Minta email" ke "Daftar" ditambahkan', 'Kasus uji "Pendatang baru" ditambahkan']),
    );
    expect(await question.innerText()).not.toMatch(/ added|Step "|Connection from|Cancel/);
    expect(await axeViolations(page, 'dialog.ask')).toEqual([]);
    await answerQuestion(page, 'Terbitkan draf ini?', 'Terbitkan sekarang');

    // Publishing runs the case in its sandbox (an argon2id hash among it): a loaded machine takes its time.
    const reason = 'Perjalanan berakhir dengan keberhasilan di "Berhasil"; kasus ini mengharapkan kegagalan.';
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 60_000 }).toBe(
      `Tidak diterbitkan: 1 dari 1 kasus uji gagal, jadi perjalanan ini tidak diterbitkan. "Pendatang baru": ${reason}`,
    );
    // The test cases open with the failing one's reason under it, and its path drawn on the canvas.
    await expect.poll(() => page.getByText(reason, { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('path-banner').textContent()).toContain(`Kasus uji "Pendatang baru" gagal: ${reason}`);
    expect((await api('GET', '/flows/toko/versions')).body.versions).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("refuses a new journey's taken id under the field, in Indonesian", { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.goto(`${gerbang.url}/designer/#/journeys`);
    await page.getByRole('button', { name: 'Perjalanan baru' }).click();
    await page.getByLabel('Nama', { exact: true }).fill('Toko kedua');
    await page.getByText('Lanjutan', { exact: true }).click();
    const id = page.getByLabel('Id (di tautan dan API)');
    await id.fill('toko');
    await page.getByRole('button', { name: 'Buat perjalanan' }).click();
    await expect.poll(() => descriptionOf(id), { timeout: 20_000 }).toBe('Perjalanan dengan id "toko" sudah ada; pilih id lain.');
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
  });

  it('opens "Coba" (Try it) in Bahasa Indonesia, the language of the console', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.goto(`${gerbang.url}/designer/#/journeys/toko`);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('Semua perubahan tersimpan');
    const [tryTab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Coba', exact: true }).click()]);
    await tryTab.getByRole('heading', { name: 'Masuk atau buat akun' }).waitFor();
    expect(await tryTab.getByText('Uji coba draf', { exact: false }).count()).toBe(1);
    expect(await tryTab.getByLabel('Alamat email').count()).toBe(1);
    await tryTab.close();
    expect(errors).toEqual([]);
  });

  it("says who published a shipped journey's version in words, not as a stored name", { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup`);
    await page.getByRole('button', { name: 'Versi', exact: true }).click();
    await expect.poll(() => page.getByTestId('version-1').textContent()).toContain('Gerbang (bawaan)');
    expect(await page.getByTestId('version-1').textContent()).not.toContain('seed');
    expect(errors).toEqual([]);
  });
});

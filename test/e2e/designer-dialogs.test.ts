import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import type { JourneyTestCase } from '../../engine/flow/test-cases.js';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.js';
import { tokenApi } from '../support/admin-api.js';
import { axeViolations } from '../support/axe.js';

const TOKEN = 'test-admin-token-0123456789';

const newcomer: JourneyTestCase = {
  id: 'newcomer',
  name: 'Newcomer',
  persona: { email: 'sari@example.com', exists: false },
  answers: [{ step: 'identify', values: { email: 'sari@example.com' } }],
  expect: { end: 'success' },
};

/** What has focus, as a person using the keyboard would find it: the focused control's name. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent ?? '');

/**
 * The designer and the journey list ask in the page, not with the browser's pop-up: a modal dialog with
 * a title, the changes as a list, buttons that say what they do; Cancel and Escape do nothing, and focus
 * comes back to the button that asked.
 */
describe('the designer asks in the page before publishing, making a version live or deleting, and its overview map can be put away', () => {
  let world: ConsoleWorld;
  let gerbang: Gerbang;
  let browser: Browser;
  const api = tokenApi(() => gerbang.url, TOKEN);
  const versions = async () => ((await api('GET', '/flows/toko/versions')).body as { versions: Array<{ version: number }> }).versions.map((v) => v.version);
  const active = async () => (await gerbang.store.flows.getActive('toko'))?.version;

  beforeAll(async () => {
    ({ gerbang, browser } = world = await startConsoleWorld({ env: { ADMIN_API_TOKEN: TOKEN } }));
    expect((await api('POST', '/flows', { id: 'toko', name: 'Toko', template: 'login-signup' })).status).toBe(201);
    // Two published versions (a rollback has somewhere to go), then a draft with one change more.
    for (let i = 0; i < 2; i++) {
      const draft = (await api('GET', '/flows/toko')).body;
      expect((await api('POST', '/flows/toko/publish', { revision: draft.revision })).status).toBe(201);
    }
    const draft = (await api('GET', '/flows/toko')).body;
    expect((await api('PUT', '/flows/toko', { graph: { ...draft.graph, tests: [newcomer] }, revision: draft.revision })).status).toBe(200);
  });
  afterAll(() => world?.close());

  it('lists what publishing changes; Cancel and Escape publish nothing and give focus back', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys/toko`);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('All changes saved');

    await page.getByTestId('publish').click();
    const question = page.getByRole('alertdialog', { name: 'Publish this draft?' });
    await question.waitFor();
    expect(await question.getByText('Customers get it at once (live now: version 2).').count()).toBe(1);
    expect(await question.getByRole('list', { name: 'What changes' }).getByRole('listitem').allTextContents()).toEqual(['Test case "Newcomer" added']);
    // Focus starts on the answer that changes nothing; the rest of the page cannot be reached.
    expect(await focused(page)).toBe('Cancel');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await question.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    expect(await axeViolations(page, 'dialog.ask')).toEqual([]);

    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('publish');
    expect(await versions()).toEqual([2, 1]);

    // Escape is Cancel too.
    await page.getByTestId('publish').click();
    await question.waitFor();
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('publish');
    expect(await page.getByTestId('status').textContent()).not.toContain('Published');
    expect(await versions()).toEqual([2, 1]);
    expect(errors).toEqual([]);
  });

  it('names the journey before deleting it; Cancel keeps it', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys`);
    await page.getByRole('button', { name: 'Delete Toko', exact: true }).click();
    const question = page.getByRole('alertdialog', { name: 'Delete the journey "Toko"?' });
    await question.waitFor();
    expect(await question.innerText()).toContain('The journey and all its versions are deleted. This cannot be undone.');
    expect(await axeViolations(page, 'dialog.ask')).toEqual([]);
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('Delete Toko');
    expect((await api('GET', '/flows/toko')).status).toBe(200);
    expect(errors).toEqual([]);
  });

  it('puts the overview map away with a labelled toggle, and keeps it away for the session', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys/toko`);
    const map = page.getByRole('img', { name: 'Overview map' });
    const toggle = page.getByRole('button', { name: 'Overview map' });
    await map.waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    // The map covers the canvas's bottom-right corner: the designer puts it away.
    await toggle.click();
    await map.waitFor({ state: 'detached' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    // It stays away when the page is opened again in the same tab…
    await page.reload();
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await map.count()).toBe(0);
    // …and comes back with the same button.
    await toggle.click();
    await map.waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
  });

  it('asks in Indonesian whether to make a version live and what becomes of the draft', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await world.owner.open(browser, { width: 1400, errors });
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.goto(`${gerbang.url}/designer/#/journeys/toko`);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('Semua perubahan tersimpan');
    await page.getByRole('button', { name: 'Versi', exact: true }).click();

    await page.getByTestId('rollback-1').click();
    const question = page.getByRole('alertdialog', { name: 'Jadikan versi 1 aktif?' });
    await question.waitFor();
    // The two choices for the draft are two buttons that say what they do.
    expect(await question.getByRole('button').allTextContents()).toEqual(['Jadikan aktif, biarkan draf', 'Jadikan aktif dan kembalikan draf ke versi 1', 'Batal']);
    expect(await axeViolations(page, 'dialog.ask')).toEqual([]);
    await question.getByRole('button', { name: 'Batal' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await active()).toBe(2);

    await page.getByTestId('rollback-1').click();
    await question.getByRole('button', { name: 'Jadikan aktif, biarkan draf' }).click();
    await expect.poll(active).toBe(1);
    // The draft was kept: its test case is still there, unpublished.
    await expect.poll(() => page.getByTestId('live-status').textContent()).toContain('versi 1');
    expect((await api('GET', '/flows/toko')).body.graph.tests).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

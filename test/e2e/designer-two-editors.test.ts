import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.js';
import { tokenApi } from '../support/admin-api.js';
import { ADMIN_EMAIL } from '../support/admin.js';
import { answerQuestion } from '../support/ask-dialog.js';

const TOKEN = 'test-admin-token-0123456789';

/**
 * Two administrators have the same journey open in the designer. The first one's change is saved; the
 * second one's, made on the journey as it was before, is not written over it: the designer says who
 * saved it and when, keeps the change in the tab, and offers to reload.
 */
describe('two designers on the same journey', () => {
  let world: ConsoleWorld;
  let gerbang: Gerbang;
  let browser: Browser;
  const api = tokenApi(() => gerbang.url, TOKEN);
  const storedLabels = async () => (await gerbang.store.flows.getDraft('shop-sign-in'))!.graph.nodes.map((n) => n.label ?? null);

  beforeAll(async () => {
    ({ gerbang, browser } = world = await startConsoleWorld({ env: { ADMIN_API_TOKEN: TOKEN } }));
    expect((await api('POST', '/flows', { name: 'Shop sign-in', template: 'login-signup' })).status).toBe(201);
  });
  afterAll(() => world?.close());

  const openJourney = async (page: Page) => {
    await page.goto(`${gerbang.url}/designer/#/journeys/shop-sign-in`);
    await page.getByTestId('canvas').waitFor();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('All changes saved');
  };
  const rename = async (page: Page, step: string, label: string) => {
    await page.locator('.react-flow__node', { has: page.locator(`[data-testid="step-${step}"]`) }).click();
    await page.getByLabel('Name on the canvas').fill(label);
  };

  it("refuses the later save from the same version, says who saved and when, keeps the person's change until Reload", { timeout: 150_000 }, async () => {
    const errors: string[] = [];
    const owner = await world.owner.open(browser, { width: 1400, errors });
    const designer = await (await world.administrator('budi@example.com', 'designer')).open(browser, { width: 1400, errors });
    await openJourney(owner);
    await openJourney(designer);

    await rename(owner, 'Your name', 'Tell us your name');
    await expect.poll(() => owner.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('All changes saved');
    expect(await storedLabels()).toContain('Tell us your name');

    // The second designer still shows the journey as it was, and changes another step.
    await rename(designer, 'Account locked', 'Locked out');
    const banner = designer.getByRole('alert');
    await banner.waitFor();
    // The time is said in the person's own time zone and manner.
    const savedAtIso = (await gerbang.store.flows.getDraft('shop-sign-in'))!.updatedAt.toISOString();
    const savedAt = await designer.evaluate((iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), savedAtIso);
    expect(await banner.textContent()).toContain(`Someone else saved this journey at ${savedAt} (${ADMIN_EMAIL}).`);
    expect(await banner.textContent()).toContain('your unsaved changes are kept in this tab until you reload');
    expect(await designer.getByTestId('status').textContent()).toBe('Not saved: the journey was saved elsewhere meanwhile');
    // Nothing was written over the first change; the second one is still there to copy.
    expect(await storedLabels()).toEqual(expect.arrayContaining(['Tell us your name', 'Account locked']));
    expect(await storedLabels()).not.toContain('Locked out');
    expect(await designer.getByLabel('Name on the canvas').inputValue()).toBe('Locked out');
    // Another edit in the stale tab is not saved either.
    await designer.getByLabel('Name on the canvas').fill('Locked out for now');
    await expect.poll(() => designer.getByTestId('status').textContent()).toBe('Not saved: the journey was saved elsewhere meanwhile');
    expect(await storedLabels()).not.toContain('Locked out for now');

    // Reload shows the first designer's change; the change made again is then saved on top of it.
    await banner.getByRole('button', { name: 'Reload' }).click();
    await designer.locator('[data-testid="step-Tell us your name"]').waitFor();
    expect(await designer.getByRole('alert').count()).toBe(0);
    await rename(designer, 'Account locked', 'Locked out');
    await expect.poll(() => designer.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('All changes saved');
    expect(await storedLabels()).toEqual(expect.arrayContaining(['Tell us your name', 'Locked out']));

    // The first designer is now the one behind: publishing from there is refused, nothing goes live.
    await owner.getByTestId('publish').click();
    await answerQuestion(owner, 'Publish this draft?', 'Publish now');
    await owner.getByRole('alert').waitFor();
    expect(await owner.getByRole('alert').textContent()).toContain('(budi@example.com)');
    expect((await api('GET', '/flows/shop-sign-in/versions')).body.versions).toEqual([]);

    // Reloaded, the journey is published as reviewed, and the tab goes on saving after it.
    await owner.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await owner.locator('[data-testid="step-Locked out"]').waitFor();
    await owner.getByTestId('publish').click();
    await answerQuestion(owner, 'Publish this draft?', 'Publish now');
    await expect.poll(() => owner.getByTestId('status').textContent(), { timeout: 60_000 }).toBe('Published version 1');
    await rename(owner, 'Tell us your name', 'Your full name');
    await expect.poll(() => owner.getByTestId('status').textContent(), { timeout: 20_000 }).toBe('All changes saved');
    expect(await storedLabels()).toEqual(expect.arrayContaining(['Your full name', 'Locked out']));
    expect(await owner.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

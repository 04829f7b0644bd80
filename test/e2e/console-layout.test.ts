import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { axeViolations } from '../support/axe.js';

type Box = { x: number; y: number; width: number; height: number };
const boxOf = async (locator: Locator): Promise<Box> => {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not shown');
  return box;
};

/** Where a person finds things in the console: the same place on every list, every toolbar button in sight. */
describe('console layout: create actions and the designer toolbar', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let owner: ConsoleSignIn;
  let world: ConsoleWorld;
  beforeAll(async () => {
    ({ gerbang, browser, owner } = world = await startConsoleWorld());
  });
  afterAll(() => world?.close());

  /** The list's create action sits on its title's row, at the row's right end (where every list has it). */
  const expectAtTopRight = async (page: Page, action: Locator) => {
    const title = await boxOf(page.locator('.console-main h1'));
    const row = await boxOf(page.locator('.console-main .list-title'));
    const control = await boxOf(action);
    // On the title's row...
    expect(control.y).toBeLessThan(title.y + title.height);
    expect(control.y + control.height).toBeGreaterThan(title.y);
    // ...right of the title, at the row's right end.
    expect(control.x).toBeGreaterThan(title.x + title.width);
    expect(Math.abs(control.x + control.width - (row.x + row.width))).toBeLessThan(2);
  };

  it('puts the primary create action of every console list at the top right of its title, and the form it opens passes axe', { timeout: 180_000 }, async () => {
    const errors: string[] = [];
    const page = await owner.open(browser, { errors });
    const lists: Array<{ section: string; title: string; action: string; kind: 'link' | 'button'; form?: string }> = [
      { section: 'Journeys', title: 'Journeys', action: 'New journey', kind: 'button', form: 'New journey' },
      { section: 'Apps', title: 'Apps', action: 'New app', kind: 'link' },
      { section: 'Users', title: 'Users', action: 'Add person', kind: 'button', form: 'Add person' },
      { section: 'Organisations', title: 'Organisations', action: 'New organisation', kind: 'button', form: 'Create organisation' },
      { section: 'Administrators', title: 'Administrators', action: 'Invite an administrator', kind: 'button', form: 'Invite an administrator' },
      { section: 'Social connections', title: 'Social connections', action: 'New connection', kind: 'link' },
      { section: 'Consent purposes', title: 'Consent purposes', action: 'New purpose', kind: 'link' },
      { section: 'API secrets', title: 'API secrets', action: 'New secret', kind: 'link' },
      { section: 'Webhooks', title: 'Webhooks', action: 'New endpoint', kind: 'link' },
    ];
    const problems: string[] = [];
    for (const list of lists) {
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: list.section, exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(list.title);
      const action = page.locator('.console-main').getByRole(list.kind, { name: list.action, exact: true });
      await expectAtTopRight(page, action);
      if (list.form) {
        // The form opens right beneath the title, above the list, with its first field ready to type in.
        await action.click();
        expect(await action.getAttribute('aria-expanded')).toBe('true');
        const form = page.getByRole('form', { name: list.form });
        await form.waitFor();
        expect((await boxOf(form)).y).toBeGreaterThan((await boxOf(action)).y);
        const table = page.locator('.console-main table, .console-main .flows ul').first();
        if (await table.count()) expect((await boxOf(form)).y).toBeLessThan((await boxOf(table)).y);
        expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
        for (const v of await axeViolations(page)) problems.push(`${list.section}: ${v}`);
        await action.click();
        await expect.poll(() => form.count()).toBe(0);
      }
    }
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows every designer toolbar button on one row at 1280 px, in English and in Bahasa Indonesia', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await owner.open(browser, { errors, width: 1280 });
    for (const lang of ['English', 'Bahasa Indonesia']) {
      await page.goto(`${gerbang.url}/designer/#/journeys`);
      await page.getByRole('combobox', { name: /^(Language|Bahasa)$/ }).selectOption({ label: lang });
      // The widest the toolbar gets: after a try, "Save as test case" shows too.
      await page.evaluate(() => window.localStorage.setItem('gerbang.try.login-mfa', 'an-earlier-try'));
      await page.goto(`${gerbang.url}/designer/#/journeys/login-mfa`);
      const toolbar = page.locator('header.toolbar');
      await toolbar.getByTestId('publish').waitFor();
      const controls = toolbar.locator('button, a, [role=button]');
      await toolbar.getByRole('button', { name: lang === 'English' ? 'Save as test case' : 'Simpan sebagai kasus uji' }).waitFor();
      const boxes = await controls.evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(), words: Boolean(el.textContent?.trim()), top: r.top, bottom: r.bottom, right: r.right, height: r.height };
        }),
      );
      const names = lang === 'English'
        ? ['← Journeys', 'Undo', 'Redo', 'Versions', 'Test cases', 'Insights', 'Try it', 'Save as test case', 'Publish']
        : ['← Perjalanan', 'Urungkan', 'Ulangi', 'Versi', 'Kasus uji', 'Wawasan', 'Coba', 'Simpan sebagai kasus uji', 'Terbitkan'];
      expect(boxes.map((b) => b.name)).toEqual(names);
      // The canvas's tools sit on the canvas, named in the same language.
      const tools = page.getByTestId('rf__controls');
      expect(await tools.getAttribute('aria-label')).toBe(lang === 'English' ? 'Canvas tools' : 'Alat kanvas');
      for (const tool of lang === 'English' ? ['Tidy up', 'Fit', 'Zoom in', 'Zoom out'] : ['Rapikan', 'Paskan', 'Perbesar', 'Perkecil']) {
        expect(await tools.getByRole('button', { name: tool, exact: true }).isVisible(), tool).toBe(true);
      }
      const row = boxes[0];
      // A button of one line of words (undo and redo are arrows, a little lower).
      const oneLine = Math.min(...boxes.filter((b) => b.words).map((b) => b.height));
      for (const b of boxes) {
        // Same row as the first, its words on one line (no taller button), and inside the window.
        expect(Math.abs((b.top + b.bottom) / 2 - (row.top + row.bottom) / 2), `${lang}: ${b.name} is not on the toolbar's row`).toBeLessThan(3);
        expect(b.height - oneLine, `${lang}: ${b.name} wraps its words`).toBeLessThan(3);
        expect(b.right, `${lang}: ${b.name} is outside the window`).toBeLessThanOrEqual(1280);
      }
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});

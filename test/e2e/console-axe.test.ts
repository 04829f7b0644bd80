import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { TestBrowser } from '../support/browser.js';
import { axeViolations } from '../support/axe.js';

describe('console accessibility (axe-core)', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let owner: ConsoleSignIn;
  let world: ConsoleWorld;
  beforeAll(async () => {
    ({ gerbang, browser, owner } = world = await startConsoleWorld());
    const b = new TestBrowser(gerbang.url);
    await b.get('/login');
    await b.submit({ email: 'putri@example.com' });
    await b.submit({ email: 'putri@example.com', password: 'a long enough password' });
    await b.submit({ given_name: 'Putri' }, { action: 'save' });
  });
  afterAll(() => world?.close());

  it('has no violations on any console view, in both languages, at 1280 px and at 390 px', { timeout: 240_000 }, async () => {
    const customer = (await gerbang.store.users.findByEmail('putri@example.com'))!;
    const views: Array<{ hash: string; ready: string }> = [
      { hash: '#/journeys', ready: 'h1' },
      { hash: '#/dashboard', ready: '.dashboard-plot svg' },
      { hash: '#/apps', ready: 'table' },
      { hash: '#/apps/new', ready: 'form' },
      { hash: '#/apps/demo-app', ready: 'pre.example' },
      { hash: '#/users', ready: 'table' },
      { hash: `#/users/${customer.id}`, ready: 'form' },
      { hash: '#/organisations', ready: 'h1' },
      { hash: '#/audit', ready: 'table' },
      { hash: '#/admins', ready: 'table' },
      { hash: '#/connections', ready: 'h1' },
      { hash: '#/messaging', ready: 'form' },
      { hash: '#/branding', ready: 'form' },
      { hash: '#/consents', ready: 'h1' },
      { hash: '#/secrets', ready: 'h1' },
      { hash: '#/protection', ready: 'h1' },
    ];
    const problems: string[] = [];
    for (const [width, lang] of [[1280, 'English'], [390, 'Bahasa Indonesia']] as const) {
      const page = await owner.open(browser, { width, height: 900 });
      if (lang !== 'English') await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: lang });
      for (const view of views) {
        await page.goto(`${gerbang.url}/designer/${view.hash}`);
        await page.locator(`.console-main ${view.ready}`).first().waitFor();
        for (const v of await axeViolations(page)) problems.push(`${width}px ${lang} ${view.hash}: ${v}`);
        // Nothing wider than the window at 390 px: usable on a phone without sideways scrolling of the page.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) problems.push(`${width}px ${view.hash}: the page is ${overflow}px wider than the window`);
      }
      await page.close();
    }
    expect(problems).toEqual([]);
  });
});

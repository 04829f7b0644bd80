import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { ConsoleSignIn } from '../support/console.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TOKEN = 'test-admin-token-0123456789';

/** axe-core over the page as it is now: WCAG 2.1 A and AA rules. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return found.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')})`);
}

/** The designer's own views: canvas, a step's settings, versions, test cases, preview. */
describe('designer accessibility (axe-core)', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir, ADMIN_API_TOKEN: TOKEN });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  it('has no violations on the canvas, the settings panel, versions, test cases and the preview', { timeout: 120_000 }, async () => {
    const page = await new ConsoleSignIn(gerbang.url).open(browser, { width: 1400 });
    const problems: string[] = [];
    const check = async (view: string) => {
      for (const v of await violations(page)) problems.push(`${view}: ${v}`);
    };
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup`);
    await page.locator('.edge-label').first().waitFor();
    await check('canvas');
    await page.getByTestId('rf__node-password').click();
    await page.getByTestId('step-label').waitFor();
    await check('settings panel');
    await page.getByTestId('preview').click();
    await page.getByTestId('preview-frame').waitFor();
    await check('preview');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('versions-toggle').click();
    await page.getByTestId('version-1').waitFor();
    await check('versions');
    await page.getByRole('button', { name: /^Test cases/ }).click();
    await page.getByRole('button', { name: 'Add a test case' }).click();
    await page.getByLabel('Add an answer for the step').selectOption({ label: 'Ask for email' });
    await page.getByRole('group', { name: 'Answer 1: Ask for email' }).getByLabel('Email address').waitFor();
    await check('test case form');
    expect(problems).toEqual([]);
  });
});

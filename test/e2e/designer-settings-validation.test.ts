import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import type { FlowGraph } from '../../engine/flow/types.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { ConsoleSignIn, descriptionOf } from '../support/console.js';

const TOKEN = 'test-admin-token-0123456789';

/**
 * The step settings form checks what is typed in the page itself, under the console's content policy
 * (no 'unsafe-eval'): its validators are compiled when the designer is built, not in the browser.
 */
describe('the step settings form validates under the console content policy', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Every console message of the page, and every content-policy refusal the page saw. */
  const consoleLines: string[] = [];

  const draft = async () =>
    ((await fetch(`${gerbang.url}/api/flows/shop-sign-in`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json())) as { graph: FlowGraph }).graph;

  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir, ADMIN_API_TOKEN: TOKEN });
    browser = await launchChromium();
    const created = await fetch(`${gerbang.url}/api/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Shop sign-in', template: 'login-signup' }),
    });
    expect(created.status).toBe(201);
    page = await new ConsoleSignIn(gerbang.url).open(browser, { width: 1400, errors: pageErrors });
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    await page.exposeFunction('reportPolicyRefusal', (what: string) => consoleLines.push(`policy refusal: ${what}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportPolicyRefusal: (s: string) => void }).reportPolicyRefusal(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  it('the console really forbids run-time code generation', async () => {
    const res = await fetch(`${gerbang.url}/designer/`);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self'/);
    expect(policy).not.toContain('unsafe-eval');
  });

  it('shows a number out of range under its field, then saves the mended value', { timeout: 120_000 }, async () => {
    await page.goto(`${gerbang.url}/designer/#/journeys/shop-sign-in`);
    await page.getByTestId('canvas').waitFor();
    await page.getByTestId('rf__node-password').click();
    const settings = page.locator('.panel.settings');
    await settings.getByRole('heading', { name: 'Password', exact: true }).waitFor();

    const attempts = settings.getByLabel('Wrong passwords from one address before that address is blocked for the account');
    await attempts.fill('500');
    await expect.poll(() => descriptionOf(attempts)).toContain('50');
    expect(await settings.locator('.error-detail').allTextContents()).toEqual(['Must be at most 50.']);

    await attempts.fill('8');
    await expect.poll(() => settings.locator('.error-detail').count()).toBe(0);
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/All changes saved/);
    await expect.poll(async () => (await draft()).nodes.find((n) => n.id === 'password')?.settings).toMatchObject({ maxAttempts: 8 });
  });

  it('says a required field emptied is required, opens forms with choices (anyOf), and compiles nothing in the page', { timeout: 120_000 }, async () => {
    await page.getByTestId('rf__node-register').click();
    const settings = page.locator('.panel.settings');
    await settings.getByRole('heading', { name: 'Sign up', exact: true }).waitFor();
    const shortest = settings.getByLabel('Shortest password');
    await shortest.fill('');
    await expect.poll(() => descriptionOf(shortest)).toMatch(/Required\./);
    await shortest.fill('12');
    await expect.poll(() => settings.locator('.error-detail').count()).toBe(0);
    await expect.poll(async () => (await draft()).nodes.find((n) => n.id === 'register')?.settings).toMatchObject({ policy: { minLength: 12 } });

    // Settings whose values take one of several shapes (a text, or a text per language) are checked too.
    for (const [id, title] of [
      ['locked', 'Failure'],
      ['profile', 'Progressive profile'],
    ] as const) {
      await page.getByTestId(`rf__node-${id}`).click();
      await settings.getByRole('heading', { name: title, exact: true }).waitFor();
      expect(await settings.locator('.error-detail').count()).toBe(0);
    }

    expect(pageErrors).toEqual([]);
    expect(consoleLines.filter((l) => /compiling schema|unsafe-eval|Content Security Policy|policy refusal|precompiled/i.test(l))).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';

/**
 * Drags from one React Flow handle to another with the mouse, as a person connects two steps, until
 * the canvas shows the new connection (a slow machine can drop the first drag, as it can a person's).
 */
async function connect(page: Page, from: Locator, to: Locator, source: string, outcome: string) {
  const edge = page.locator(`[data-testid^="rf__edge-e-${source}-${outcome}-"]`);
  for (let attempt = 0; attempt < 3 && (await edge.count()) === 0; attempt++) {
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await page.mouse.up();
    await page.waitForTimeout(200);
  }
  expect(await edge.count()).toBe(1);
}

describe('designing a journey in the browser', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  it('adds a progressive-profile step asking for a phone number, publishes it, runs it, and rolls back', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // The designer needs an administrator: Gerbang's own hosted login, then back to the designer.
    await page.goto(`${gerbang.url}/designer/`);
    await page.fill('input[name=email]', 'admin@example.com');
    await page.click('button[type=submit]');
    await page.fill('input[name=password]', 'admin password for tests');
    await page.click('button[type=submit]');
    await page.waitForURL('**/designer/**');

    await page.click('[data-testid=open-login-signup]');
    await page.waitForSelector('[data-testid="step-Your name"]');
    await expect.poll(() => page.textContent('[data-testid=problem-count]')).toBe('No problems');

    // Drag "Progressive profile" from the palette onto the canvas.
    await page.locator('[data-testid=palette-profile]').dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 380, y: 700 } });
    const added = page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Progressive profile"]') });
    await expect.poll(() => added.count()).toBe(1);
    // Its outcome is not connected yet: marked on the handle.
    await expect.poll(() => added.locator('.react-flow__handle.handle-problem').count()).toBe(1);

    // Configure it in the form: ask only for an optional phone number.
    await page.fill('#root_fields_0_name', 'phone_number');
    await page.selectOption('#root_fields_0_label__anyof_select', { label: 'Same text in every language' });
    await page.fill('#root_fields_0_label', 'Phone number');
    await page.selectOption('#root_fields_0_type', 'tel');
    await page.uncheck('#root_fields_0_required');
    await page.click('#root_fields_1__remove');
    await page.fill('[data-testid=step-label]', 'Phone');

    // Put it between the sign-in/sign-up steps and the name step.
    const phone = page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Phone"]') });
    const password = page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Password"]') });
    const name = page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Your name"]') });
    const signUp = page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Sign up"]') });
    await connect(page, password.locator('.react-flow__handle[data-handleid="success"]'), phone.locator('.react-flow__handle.target'), 'password', 'success');
    await connect(page, signUp.locator('.react-flow__handle[data-handleid="created"]'), phone.locator('.react-flow__handle.target'), 'register', 'created');
    await expect.poll(() => phone.locator('.react-flow__handle.handle-problem').count()).toBe(1);
    await connect(page, phone.locator('.react-flow__handle[data-handleid="done"]'), name.locator('.react-flow__handle.target'), 'profile-1', 'done');
    await expect.poll(() => phone.locator('.react-flow__handle.handle-problem').count()).toBe(0);

    // The preview shows the page exactly as the hosted page renders it.
    await phone.click();
    await page.click('[data-testid=preview]');
    const frame = page.frameLocator('[data-testid=preview-frame]');
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Tell us a little about yourself');
    await expect.poll(() => frame.locator('label[for=f-phone_number]').textContent()).toBe('Phone number');
    await page.click('button:has-text("Close")');

    await expect.poll(() => page.textContent('[data-testid=problem-count]'), { timeout: 20_000 }).toBe('No problems');
    await page.click('[data-testid=publish]');
    await expect.poll(() => page.textContent('[data-testid=status]'), { timeout: 20_000 }).toContain('Published version 2');

    // A new customer goes through version 2 on the hosted pages.
    const customer = await browser.newPage();
    await customer.goto(`${gerbang.url}/login`);
    await customer.fill('input[name=email]', 'phone.person@example.com');
    await customer.click('button[type=submit]');
    await customer.fill('input[name=password]', 'a long enough password');
    await customer.click('button[type=submit]');
    expect(await customer.textContent('label[for=f-phone_number]')).toBe('Phone number');
    await customer.fill('input[name=phone_number]', '+62 812 3456 7890');
    await customer.click('button[value=save]');
    await customer.fill('input[name=given_name]', 'Putri');
    await customer.click('button[value=save]');
    expect(await customer.textContent('h1')).toBe('Welcome Putri');
    const user = await gerbang.store.users.findByEmail('phone.person@example.com');
    expect(user?.attributes.phone_number).toBe('+6281234567890');

    // Roll back to version 1 in one click.
    await page.click('[data-testid=versions-toggle]');
    await page.click('[data-testid=rollback-1]');
    await expect.poll(async () => (await gerbang.store.flows.getActive('login-signup'))?.version).toBe(1);
    await expect.poll(() => page.textContent('[data-testid=status]')).toContain('Version 1 is live again');
    expect(errors).toEqual([]);
  });
});

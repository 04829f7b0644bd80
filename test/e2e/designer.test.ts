import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { answerQuestion } from '../support/ask-dialog.js';

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

  /** The designer needs an administrator: Gerbang's own hosted login, then back to the designer. */
  async function openDesigner(errors: string[]): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${gerbang.url}/designer/`);
    await page.fill('input[name=email]', 'admin@example.com');
    await page.click('button[type=submit]');
    await page.fill('input[name=password]', 'admin password for tests');
    await page.click('button[type=submit]');
    // Administrators need a second factor: the first sign-in sets up an authenticator app and keeps
    // the recovery codes; later sign-ins use one of them.
    if (adminRecovery.length === 0) {
      await page.getByRole('button', { name: 'an authenticator app' }).click();
      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      const secret = ((await page.textContent('pre.code')) ?? '').replace(/\s/g, '');
      await page.getByLabel('6-digit code').fill(await generate({ secret }));
      await page.getByRole('button', { name: 'Confirm' }).click();
      adminRecovery.push(...((await page.textContent('pre.code')) ?? '').split('\n').map((c) => c.trim()).filter(Boolean));
      await page.getByRole('button', { name: 'I have saved them' }).click();
    } else {
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await page.getByLabel('Recovery code').fill(adminRecovery.shift()!);
      await page.getByRole('button', { name: 'Verify' }).click();
    }
    await page.waitForURL('**/designer/**');
    return page;
  }
  const adminRecovery: string[] = [];

  it('creates a journey from a natural name, renames, duplicates and deletes it, and refuses to delete one in use', { timeout: 90_000 }, async () => {
    const errors: string[] = [];
    const page = await openDesigner(errors);
    await page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New journey' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Sign up with 2FA');
    await page.getByLabel('Start from').selectOption({ label: 'Sign in with a second factor' });
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.waitForURL('**#/journeys/sign-up-with-2fa');
    expect(await gerbang.store.flows.getDraft('sign-up-with-2fa')).not.toBeNull();

    await page.goto(`${gerbang.url}/designer/#/journeys`);
    await page.getByRole('button', { name: 'Rename Sign up with 2FA' }).click();
    await page.getByLabel('Name', { exact: true }).first().fill('Members sign-up');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByTestId('open-sign-up-with-2fa').textContent()).toContain('Members sign-up');
    await page.getByRole('button', { name: 'Duplicate Members sign-up' }).click();
    await expect.poll(() => page.getByTestId('open-members-sign-up-copy').count()).toBe(1);
    await page.getByRole('button', { name: 'Delete Members sign-up (copy)' }).click();
    // The in-page question names the journey; the person agrees.
    await answerQuestion(page, 'Delete the journey "Members sign-up (copy)"?', 'Delete journey');
    await expect.poll(() => page.getByTestId('open-members-sign-up-copy').count()).toBe(0);

    // The default sign-in cannot be deleted, and the list says why.
    await page.getByRole('button', { name: 'Delete Sign in or sign up', exact: true }).click();
    await answerQuestion(page, 'Delete the journey "Sign in or sign up"?', 'Delete journey');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('it is the journey of /login (the default sign-in)');
    expect(errors).toEqual([]);
  });

  it('adds a progressive-profile step asking for a phone number, publishes it, runs it, and rolls back', { timeout: 90_000 }, async () => {
    const errors: string[] = [];
    const page = await openDesigner(errors);

    await page.click('[data-testid=open-login-signup]');
    await page.waitForSelector('[data-testid="step-Your name"]');
    await expect.poll(() => page.textContent('[data-testid=problem-count]')).toBe('No problems');

    // Drag "Progressive profile" from the palette onto the canvas.
    await page.locator('[data-testid=palette-profile]').dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 380, y: 700 } });
    const added = page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Progressive profile"]') });
    await expect.poll(() => added.count()).toBe(1);
    // Its outcome is not connected yet: marked on the handle.
    await expect.poll(() => added.locator('.react-flow__handle.handle-problem').count()).toBe(1);

    // Configure it in the form: pick an optional phone number from the identity schema (labelled controls).
    await page.getByRole('combobox', { name: 'Attribute' }).first().selectOption({ label: 'Phone number (phone_number)' });
    await page.getByRole('combobox', { name: 'Required' }).first().selectOption({ label: 'Optional' });
    await page.getByRole('button', { name: 'Remove' }).nth(1).click();
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
    // A modal window: focus starts on Close, the canvas behind cannot be reached, Escape closes it and
    // focus goes back to the Preview button.
    const preview = page.getByRole('dialog', { name: 'Preview: what the user sees' });
    expect(await preview.count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog') || document.activeElement === document.body)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => preview.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('preview');

    await expect.poll(() => page.textContent('[data-testid=problem-count]'), { timeout: 20_000 }).toBe('No problems');
    await page.click('[data-testid=publish]');
    // Publishing asks first and says what changes; the person agrees.
    const question = await answerQuestion(page, 'Publish this draft?', 'Publish now');
    expect(question).toContain('Step "Phone" added');
    await expect.poll(() => page.textContent('[data-testid=status]'), { timeout: 20_000 }).toContain('Published version 2');
    // The toolbar says what is live.
    await expect.poll(() => page.textContent('[data-testid=live-status]')).toBe('Live: version 2');

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
    expect(await answerQuestion(page, 'Make version 1 live?', 'Make live, keep the draft')).toContain('Customers starting a sign-in from now on get it.');
    await expect.poll(async () => (await gerbang.store.flows.getActive('login-signup'))?.version).toBe(1);
    // The draft was kept (the person said so): it now differs from the live version.
    await expect.poll(() => page.textContent('[data-testid=live-status]')).toBe('Live: version 1 · unpublished changes');
    await expect.poll(() => page.textContent('[data-testid=status]')).toContain('Version 1 is live again');
    expect(errors).toEqual([]);
  });

  it('draws the offending path of a broken journey on the canvas and does not publish it until it is fixed', { timeout: 90_000 }, async () => {
    // A draft where a new email address goes straight to "Success": nobody would be signed in.
    const at = (x: number, y: number) => ({ x, y });
    const graph = {
      id: 'quick-signin',
      name: 'Quick sign-in',
      version: 0,
      start: 'identify',
      nodes: [
        { id: 'identify', type: 'identify', settings: {}, position: at(0, 120) },
        { id: 'password', type: 'password', settings: { maxAttempts: 5, lockMinutes: 15 }, position: at(320, 0) },
        { id: 'done', type: 'success', settings: {}, position: at(680, 0) },
        { id: 'failed', type: 'failure', label: 'Not signed in', settings: {}, position: at(680, 320) },
      ],
      edges: [
        { id: 'x-known', from: 'identify', outcome: 'known', to: 'password' },
        { id: 'x-unknown', from: 'identify', outcome: 'unknown', to: 'done' },
        { id: 'x-success', from: 'password', outcome: 'success', to: 'done' },
        { id: 'x-wrong', from: 'password', outcome: 'wrong-password', to: 'password' },
        { id: 'x-nobody', from: 'password', outcome: 'unknown-user', to: 'failed' },
        { id: 'x-locked', from: 'password', outcome: 'locked', to: 'failed' },
      ],
    };
    await gerbang.store.flows.saveDraft({ id: graph.id, name: graph.name, graph, updatedBy: 'test' }, 0, new Date());

    const errors: string[] = [];
    const page = await openDesigner(errors);
    await page.click('[data-testid=open-quick-signin]');
    await expect.poll(() => page.textContent('[data-testid=problem-count]')).toBe('1 problem');

    // The problem is told in words and its way is drawn: the edge and steps on it are marked.
    const banner = page.locator('[data-testid=path-banner]');
    await expect.poll(() => banner.textContent()).toContain('The journey can reach "Success" without signing anyone in: "Ask for email" (New user) → "Success".');
    const onPath = page.locator('.react-flow__edge.on-path.path-problem');
    await expect.poll(() => onPath.count()).toBe(1);
    expect(await onPath.getAttribute('data-testid')).toBe('rf__edge-x-unknown');
    const marked = page.locator('.react-flow__node.on-path');
    await expect.poll(() => marked.count()).toBe(2);
    expect(await page.locator('.react-flow__node.on-path [data-testid="step-Success"]').count()).toBe(1);
    expect(await page.locator('.react-flow__node.on-path [data-testid="step-Password"]').count()).toBe(0);

    // The step says what it needs, from its declaration.
    await page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Success"]') }).click();
    await expect.poll(() => page.textContent('[data-testid=step-needs]')).toBe('Needs from the steps before it: a signed-in person.');
    await page.keyboard.press('Escape');

    // It cannot be published: not from the designer, not through the API either.
    expect(await page.isDisabled('[data-testid=publish]')).toBe(true);
    const refused = await page.evaluate(async () => {
      const res = await fetch('/api/flows/quick-signin/publish', { method: 'POST', headers: { 'X-Requested-With': 'gerbang' } });
      return { status: res.status, body: (await res.json()) as { problems: Array<{ code: string; path: unknown }> } };
    });
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([
      expect.objectContaining({ code: 'success-without-user', path: [{ nodeId: 'identify', outcome: 'unknown' }, { nodeId: 'done' }] }),
    ]);
    expect(await gerbang.store.flows.getActive('quick-signin')).toBeNull();

    // Lead new addresses to "Not signed in" instead: the way disappears and publishing works.
    const identify = page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Ask for email"]') });
    const failed = page.locator('.react-flow__node', { has: page.locator('[data-testid="step-Not signed in"]') });
    await connect(page, identify.locator('.react-flow__handle[data-handleid="unknown"]'), failed.locator('.react-flow__handle.target'), 'identify', 'unknown');
    await expect.poll(() => page.textContent('[data-testid=problem-count]'), { timeout: 20_000 }).toBe('No problems');
    await expect.poll(() => banner.count()).toBe(0);
    expect(await onPath.count()).toBe(0);
    await page.click('[data-testid=publish]');
    await answerQuestion(page, 'Publish this draft?', 'Publish now');
    await expect.poll(() => page.textContent('[data-testid=status]'), { timeout: 20_000 }).toContain('Published version 1');
    expect((await gerbang.store.flows.getActive('quick-signin'))?.version).toBe(1);
    expect(errors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { descriptionOf, startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

/** The logo of the environment's theme, at an outside https address (served by the browser's route below). */
const ENV_LOGO = 'https://logo.example.com/gate.png';
/** A 4×2 PNG: a logo that drew shows a width. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAYAAAB/qH1jAAAAEklEQVR4nGNQSFjwHxkzoAsAABU1EPlCJutEAAAAAElFTkSuQmCC', 'base64');

let gerbang: Gerbang;
let browser: Browser;
let admin: ConsoleSignIn;
let world: ConsoleWorld;
let page: Page;
const errors: string[] = [];
/** What the content policy refused in the console or its frames. */
const refused: string[] = [];
/** The outside addresses the browser asked for. */
const outside: string[] = [];
beforeAll(async () => {
  ({ gerbang, browser, owner: admin } = world = await startConsoleWorld({ env: { THEME_LOGO_URL: ENV_LOGO } }));
  page = await admin.open(browser, { errors, width: 1400 });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Refused to/.test(m.text())) refused.push(m.text());
  });
  // The logos' host: every address under it answers the same small image.
  await page.route('https://logo.example.com/**', (route) => {
    outside.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
  });
}, 90_000);
afterAll(async () => {
  await world?.close();
});

/** The console says what the API refused under the field it is about, as a person reads a form. */
describe('console: refusals under their fields', () => {
  it('the journey list says a taken id under "Id" and a blank name under "Name", not above the list', { timeout: 90_000 }, async () => {
    await page.goto(`${gerbang.url}/designer/#/journeys`);
    const form = page.getByRole('form', { name: 'New journey' });
    await page.getByRole('button', { name: 'New journey' }).click();
    await form.getByLabel('Name', { exact: true }).fill('Members');
    await form.getByText('Advanced').click();
    await form.getByLabel('Id (in links and the API)').fill('login-signup');
    await form.getByRole('button', { name: 'Create journey' }).click();

    const id = form.getByLabel('Id (in links and the API)');
    await expect.poll(() => descriptionOf(id)).toBe('A journey with the id "login-signup" already exists; choose another id.');
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(form.getByLabel('Name', { exact: true }))).toBe('');
    expect(await page.locator('.flows > .form-error').count()).toBe(0);

    // Folded "Advanced" opens itself when what it holds is refused.
    await page.reload();
    await page.getByRole('button', { name: 'New journey' }).click();
    await form.getByLabel('Name', { exact: true }).fill('Members');
    await form.getByRole('button', { name: 'Create journey' }).click();
    await page.waitForURL('**#/journeys/members');
    await page.goto(`${gerbang.url}/designer/#/journeys`);
    // Back at the list, the created journey's form is put away (even if the list never unmounted).
    expect(await form.count()).toBe(0);
    await page.getByRole('button', { name: 'New journey' }).click();
    await form.getByLabel('Name', { exact: true }).fill('Others');
    await form.getByText('Advanced').click();
    await form.getByLabel('Id (in links and the API)').fill('members');
    await form.getByText('Advanced').click();
    expect(await id.isVisible()).toBe(false);
    await form.getByRole('button', { name: 'Create journey' }).click();
    await expect.poll(() => id.isVisible()).toBe(true);
    await expect.poll(() => descriptionOf(id)).toContain('already exists');

    // A name of blanks is refused by the API in its words, under the name.
    await form.getByLabel('Name', { exact: true }).fill('   ');
    await form.getByLabel('Id (in links and the API)').fill('');
    await form.getByRole('button', { name: 'Create journey' }).click();
    const name = form.getByLabel('Name', { exact: true });
    await expect.poll(() => descriptionOf(name)).toMatch(/^Name /);
    expect(await descriptionOf(id)).toBe('');

    // Renaming: the refusal is under the name being typed in that row.
    await page.getByRole('button', { name: 'Rename Members' }).click();
    const rename = page.locator('form.rename-journey');
    await rename.getByLabel('Name', { exact: true }).fill(' ');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => descriptionOf(rename.getByLabel('Name', { exact: true }))).toMatch(/^Name /);
    expect(await descriptionOf(name)).toBe('');
    await rename.getByLabel('Name', { exact: true }).fill('Members area');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByTestId('open-members').textContent()).toContain('Members area');
    expect(errors).toEqual([]);
  });

  it("the app form says each of the app's own rules under the field it is about, as it is typed", { timeout: 90_000 }, async () => {
    await page.goto(`${gerbang.url}/designer/#/apps`);
    await page.getByRole('link', { name: 'New app' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Kiosk');
    const redirects = page.getByLabel('Redirect URIs', { exact: true });
    // Nothing is said of a field before the person got to it...
    await expect.poll(() => page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('false');
    expect(await descriptionOf(redirects)).not.toContain('redirect URI');
    // ...but a browser app saved without a redirect URI is told so under the field, not in a list below the form.
    await page.getByRole('button', { name: 'Create app' }).click();
    await expect.poll(() => descriptionOf(redirects)).toContain('public apps need at least one redirect URI');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New app');
    await redirects.fill('https://kiosk.example.com/cb\nhttp://kiosk.example.com/cb');
    await expect.poll(() => descriptionOf(redirects)).toContain('Line 2: "http://kiosk.example.com/cb" must use https (http is allowed for localhost only)');
    expect(await descriptionOf(redirects)).not.toContain('Line 1');
    expect(await redirects.getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Backend service (no users)' });
    const apis = page.getByLabel('APIs it may call', { exact: true });
    await expect.poll(() => descriptionOf(apis)).toContain('machine apps need at least one API they may call (resources)');
    await apis.fill('https://orders.example.com orders:read\nhttps://orders.example.com orders:write');
    await expect.poll(() => descriptionOf(apis)).toContain('Line 2: each API (resource indicator) may be listed once');
    await apis.fill('https://orders.example.com orders:read orders:write');
    await expect.poll(() => apis.getAttribute('aria-invalid')).toBe('false');
    // Nothing is left said apart from the fields.
    expect(await page.locator('form ul.problem').count()).toBe(0);
    await page.getByRole('button', { name: 'Create app' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kiosk');
    expect(errors).toEqual([]);
  });
});

/**
 * The previews of hosted pages show an app's logo from its https address, as the live page does, while
 * the console's own content policy still keeps images and scripts to itself.
 */
describe('console: previews show the logo', () => {
  /** The logo a preview frame shows: its address, and the width it drew at (0: blank). */
  const logoIn = (frameTitle: string) =>
    page
      .frameLocator(`iframe[title="${frameTitle}"]`)
      .locator('img.logo')
      .evaluate((img: HTMLImageElement) => ({ src: img.getAttribute('src'), width: img.complete ? img.naturalWidth : 0 }))
      .catch(() => null);

  it('the branding preview draws a logo typed as an outside https address', { timeout: 90_000 }, async () => {
    await page.goto(`${gerbang.url}/designer/#/branding`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Branding');
    // The environment's logo shows until the one typed is drawn (the preview follows the typing).
    await page.getByLabel('Logo URL').fill('https://logo.example.com/batik.png');
    await expect.poll(() => logoIn('Preview of the sign-in page')).toEqual({ src: 'https://logo.example.com/batik.png', width: 4 });
    expect(outside, 'the outside addresses asked for').toContain('https://logo.example.com/batik.png');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect.poll(() => page.getByText('Saved: people see it at their next page.').count()).toBe(1);
    expect(refused, 'what a content policy refused').toEqual([]);
    expect(errors).toEqual([]);
  });

  it("a step's preview draws the logo customers see now: the console's branding over the environment's", { timeout: 90_000 }, async () => {
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup`);
    await page.getByTestId('rf__node-password').click();
    await page.getByRole('button', { name: 'Preview page' }).click();
    await expect.poll(() => page.frameLocator('iframe[title="Page preview"]').getByRole('heading', { level: 1 }).count()).toBe(1);
    await expect.poll(() => logoIn('Page preview')).toEqual({ src: 'https://logo.example.com/batik.png', width: 4 });
    // The live sign-in page shows the same logo.
    const live = await (await page.request.get(`${gerbang.url}/login`, { headers: { accept: 'text/html' } })).text();
    expect(live).toContain('src="https://logo.example.com/batik.png"');
    expect(live).not.toContain(ENV_LOGO);
    expect(refused, 'what a content policy refused').toEqual([]);
    expect(errors).toEqual([]);
  });

  it("the console's own policy is unchanged; the preview document runs nothing and only the console may frame it", async () => {
    const console = await page.request.get(`${gerbang.url}/designer/`);
    expect(console.status()).toBe(200);
    expect(console.headers()['content-security-policy']).toContain("img-src 'self' data:;");
    const frame = await fetch(`${gerbang.url}/designer/preview-frame`);
    const policy = frame.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/script-src/);
    expect(policy).toContain("img-src 'self' https: data:");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(frame.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // The frame is sandboxed: no script, no form, no way to the console's origin from its page.
    expect(await page.locator('iframe[title="Page preview"]').getAttribute('sandbox')).toBe('allow-same-origin');
  });
});

/**
 * A step type added to the server's registry after the console was built has no settings validator
 * compiled in the console: its form is checked by the server as it is typed, the words under each field.
 */
describe('console: a step type newer than the console', () => {
  it('checks its settings form through the server and saves the mended value', { timeout: 90_000 }, async () => {
    gerbang.registry.register({
      type: 'loyalty-tier',
      title: 'Loyalty tier',
      description: 'Members with enough points go one way, the others the other.',
      icon: '★',
      category: 'logic',
      settingsSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['points'],
        properties: { points: { type: 'integer', title: 'Points needed for gold', minimum: 0, maximum: 10000 }, tier: { type: 'string', title: 'Name of the tier', maxLength: 20 } },
      },
      defaultSettings: { points: 100 },
      outcomes: () => [
        { name: 'gold', label: 'Gold member' },
        { name: 'other', label: 'Everyone else' },
      ],
    });
    const api = (method: string, path: string, body?: unknown) =>
      page.request.fetch(`${gerbang.url}/api${path}`, { method, headers: { 'x-requested-with': 'gerbang' }, ...(body ? { data: body } : {}) }).then((r) => r.json());
    await api('POST', '/flows', { id: 'loyalty', name: 'Loyalty' });
    const draft = await api('GET', '/flows/loyalty');
    draft.graph.nodes.push({ id: 'tier', type: 'loyalty-tier', settings: { points: 100 }, position: { x: 300, y: 200 } });
    await api('PUT', '/flows/loyalty', { graph: draft.graph, revision: draft.revision });

    // The console reads the step types when it opens: opened again, it knows the new one.
    await page.goto(`${gerbang.url}/designer/#/journeys/loyalty`);
    await page.reload();
    await page.getByTestId('rf__node-tier').click();
    const settings = page.locator('.panel.settings');
    await settings.getByRole('heading', { name: 'Loyalty tier', exact: true }).waitFor();
    // A form to fill, not a notice to rebuild the console.
    expect(await settings.getByText(/rebuild the designer/).count()).toBe(0);

    const points = settings.getByLabel('Points needed for gold');
    await points.fill('20000');
    await expect.poll(() => descriptionOf(points)).toContain('Must be at most 10000.');
    const tier = settings.getByLabel('Name of the tier');
    await tier.fill('Platinum members of the year');
    await expect.poll(() => descriptionOf(tier)).toContain('Takes at most 20 characters.');

    await points.fill('500');
    await tier.fill('Platinum');
    await expect.poll(() => settings.locator('.error-detail').count()).toBe(0);
    await expect.poll(async () => (await api('GET', '/flows/loyalty')).graph.nodes.find((n: { id: string }) => n.id === 'tier')?.settings).toEqual({ points: 500, tier: 'Platinum' });
    expect(errors).toEqual([]);
  });
});

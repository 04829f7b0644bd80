import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import type { FlowGraph } from '../../engine/flow/types.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { tokenApi } from '../support/admin-api.js';
import { JsonLinesReceiver } from '../support/json-lines-receiver.js';

const TOKEN = 'preview-attacks-e2e-token-0123456789';

/**
 * The previews as a person sees them in the console, with drafts an attacker with designer rights
 * wrote (or a victim pasted): every way out of the text is tried towards a host on loopback, and the
 * page is watched for dialogs, console errors (a script the policy had to block counts) and requests.
 */
describe('the console shows hostile drafts as inert previews', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let owner: ConsoleSignIn;
  let world: ConsoleWorld;
  const outside = new JsonLinesReceiver();
  const api = tokenApi(() => gerbang.url, TOKEN);

  beforeAll(async () => {
    await outside.start();
    ({ gerbang, browser, owner } = world = await startConsoleWorld({ env: { ADMIN_API_TOKEN: TOKEN } }));
  });
  afterAll(async () => {
    await world?.close();
    await outside.stop();
  });

  /** Everything a page does that a person would notice, or that leaves for another host. */
  function watch(page: Page) {
    const seen = { dialogs: [] as string[], blocked: [] as string[], otherHosts: [] as string[] };
    page.on('dialog', (d) => {
      seen.dialogs.push(d.message());
      void d.dismiss();
    });
    // What the content policy had to refuse of a page's markup (a script run, a style applied, something
    // loaded) counts as an attack that got into the page.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Refused to (execute|load|apply|connect)/.test(m.text())) seen.blocked.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(gerbang.url) && !r.url().startsWith('data:') && !r.url().startsWith('about:')) seen.otherHosts.push(r.url());
    });
    return seen;
  }

  it("previews a draft step whose heading, label and message try to run script or load from another host: they show as text", { timeout: 120_000 }, async () => {
    const leak = (what: string) => `http://127.0.0.1:${outside.port}/${what}`;
    const heading = `</style><script>alert("heading")</script><img src="${leak('heading.png')}">`;
    const label = `"><img src=${leak('label.png')} onerror=alert("label")>`;
    const message = `<style>body{background:url(${leak('css.png')})}</style><script src=${leak('x.js')}></script>`;
    const { body: flow } = await api('GET', '/flows/login-signup');
    const graph = structuredClone(flow.graph) as FlowGraph;
    graph.nodes.find((n) => n.id === 'profile')!.settings = { heading, fields: [{ name: 'nickname', label, type: 'text' }] };
    graph.nodes.find((n) => n.id === 'locked')!.settings = { message };
    expect((await api('PUT', '/flows/login-signup', { graph, revision: flow.revision })).status).toBe(200);

    const page = await owner.open(browser);
    const seen = watch(page);
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup`);
    await page.locator('.edge-label').first().waitFor();

    await page.getByTestId('rf__node-profile').click();
    await page.getByRole('button', { name: 'Preview page' }).click();
    const frame = page.frameLocator('iframe[title="Page preview"]');
    await expect.poll(() => frame.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
    expect(await frame.getByLabel(label).count()).toBe(1);
    expect(await frame.locator('script, img, style:not([nonce])').count()).toBe(0);
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('rf__node-locked').click();
    await page.getByRole('button', { name: 'Preview page' }).click();
    await expect.poll(() => frame.getByText(message).count()).toBe(1);
    expect(await frame.locator('script, img, style:not([nonce])').count()).toBe(0);
    expect(await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundImage)).toBe('none');

    expect(seen).toEqual({ dialogs: [], blocked: [], otherHosts: [] });
    expect(outside.batches).toEqual([]);
    await page.close();
  });

  it('refuses a logo path that leads to another host under its field, and shows a name that breaks out as text', { timeout: 120_000 }, async () => {
    const page = await owner.open(browser);
    const seen = watch(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Branding' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Branding');

    const name = '</style><script>alert(1)</script>';
    await page.getByLabel('Name shown').fill(name);
    const preview = page.frameLocator('iframe[title="Preview of the sign-in page"]');
    await expect.poll(() => preview.getByText(name).count()).toBeGreaterThan(0);
    expect(await preview.locator('script').count()).toBe(0);

    const logo = page.getByLabel('Logo URL');
    await logo.fill(`/\\127.0.0.1:${outside.port}/logo.png`);
    await page.getByRole('button', { name: 'Save branding' }).click();
    // Refused under its field, in words naming it, and nothing saved.
    await expect.poll(() => logo.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText(/logo ?url/i).count()).toBeGreaterThan(1);
    expect(await page.getByText('Saved: people see it at their next page.').count()).toBe(0);
    expect(await gerbang.store.settings.get('theme')).toBeNull();
    // The preview still draws the theme as it was before the refused logo: no image from anywhere.
    expect(await preview.locator('img').count()).toBe(0);

    expect(seen).toEqual({ dialogs: [], blocked: [], otherHosts: [] });
    expect(outside.batches).toEqual([]);
    await page.close();
  });
});

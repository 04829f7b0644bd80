import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import type { FlowGraph } from '../../engine/flow/types.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { ConsoleSignIn } from '../support/console.js';

const TOKEN = 'test-admin-token-0123456789';

/** The canvas as a person reads and edits it: labelled connections, "+" on a connection, a searchable palette, the keyboard. */
describe('the journey canvas', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const api = async (method: string, path: string, body?: unknown) =>
    (await fetch(`${gerbang.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).then((r) => r.json())) as { graph: FlowGraph };
  const saved = async () => {
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/All changes saved/);
    return (await api('GET', '/flows/shop-sign-in')).graph;
  };

  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir, ADMIN_API_TOKEN: TOKEN });
    browser = await launchChromium();
    await api('POST', '/flows', { name: 'Shop sign-in', template: 'login-signup' });
    page = await new ConsoleSignIn(gerbang.url).open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys/shop-sign-in`);
    await page.getByTestId('canvas').waitFor();
    await page.locator('.edge-label').first().waitFor();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  it('labels every connection with its outcome in words, none hiding another, the wrong-password loop included', async () => {
    const labels = await page.locator('.edge-label > span').allTextContents();
    expect(labels.sort()).toEqual(['Account created', 'Account locked', 'Correct password', 'Done', 'Has an account', 'New user', 'No such account', 'Wrong password'].sort());
    const boxes = await page.locator('.edge-label').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `labels ${labels[i]} and ${labels[j]} overlap`).toBe(false);
      }
    }
  });

  it('finds a step by searching the palette', async () => {
    await page.getByLabel('Find a step').fill('consent');
    const shown = await page.locator('.palette-item button').allTextContents();
    expect(shown[0]).toBe('§Consent');
    expect(shown.join(' ')).not.toContain('Password');
    await page.getByLabel('Find a step').fill('');
  });

  it('inserts a step on a connection with its "+": the connection leads to it and it goes on where the connection went', async () => {
    await page.getByRole('button', { name: 'Insert a step on "Account created" of "Sign up"' }).click();
    await page.getByText('Choose the step to insert on "Account created" of "Sign up".').waitFor();
    await page.getByRole('button', { name: 'Consent', exact: true }).click();
    const graph = await saved();
    const consent = graph.nodes.find((n) => n.type === 'consent')!;
    expect(graph.edges.filter((e) => e.from === 'register' || e.from === consent.id).map((e) => [e.from, e.outcome, e.to])).toEqual([
      ['register', 'created', consent.id],
      [consent.id, 'done', 'profile'],
    ]);
  });

  it('adds and connects a step with the keyboard alone', async () => {
    await page.getByLabel('Find a step').fill('failure');
    await page.getByLabel('Find a step').press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Failure');
    await page.keyboard.press('Enter');
    await page.getByTestId('step-label').fill('Not allowed');
    // The new step is selected; the added consent step's "refused" is connected to it from its panel.
    const graphBefore = await saved();
    const failure = graphBefore.nodes.find((n) => n.label === 'Not allowed')!;
    await page.getByTestId(`rf__node-${graphBefore.nodes.find((n) => n.type === 'consent')!.id}`).focus();
    await page.keyboard.press('Enter');
    const leads = page.getByRole('group', { name: 'Where each outcome leads' });
    await leads.getByLabel('Refused a needed purpose (optional)').focus();
    await leads.getByLabel('Refused a needed purpose (optional)').selectOption({ label: 'Not allowed' });
    const graph = await saved();
    expect(graph.edges.some((e) => e.outcome === 'declined' && e.to === failure.id)).toBe(true);
    expect(errors).toEqual([]);
  });
});

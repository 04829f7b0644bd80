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
  /** Outcome labels lying over another label or over a step ("label / what it overlaps"). */
  const coveredLabels = async () => {
    const boxes = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((el) => ({ text: el.textContent, box: el.getBoundingClientRect().toJSON() as DOMRect })));
    const [labels, steps] = [await boxes('.edge-label'), await boxes('.react-flow__node')];
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return labels.flatMap((l, i) => [...labels.slice(i + 1), ...steps].filter((o) => overlap(l.box, o.box)).map((o) => `${l.text} / ${o.text}`));
  };
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

  it('labels every connection with its outcome in words, none hiding another, the wrong-password loop above its step', async () => {
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
    // The wrong-password loop's label lies over its step, not under it.
    expect((await coveredLabels()).filter((c) => c.startsWith('Wrong password'))).toEqual([]);
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

  it('undoes an insertion with Undo: the connection leads where it led before', async () => {
    const before = await saved();
    await page.getByLabel('Find a step').fill('');
    // From the keyboard: the step added by the previous test may lie over this connection's label.
    await page.getByRole('button', { name: 'Insert a step on "Done" of "Your name"' }).press('Enter');
    await page.getByRole('button', { name: 'Consent', exact: true }).click();
    await expect.poll(async () => (await saved()).nodes.length).toBe(before.nodes.length + 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await saved()).nodes.map((n) => n.id)).toEqual(before.nodes.map((n) => n.id));
    const after = await saved();
    expect(after.edges.map((e) => [e.from, e.outcome, e.to])).toEqual(before.edges.map((e) => [e.from, e.outcome, e.to]));
  });

  it('tidies up with Ctrl+L as one undo step: Ctrl+Z puts every step back where it was', async () => {
    const where = (g: FlowGraph) => Object.fromEntries(g.nodes.map((n) => [n.id, n.position]));
    const before = where(await saved());
    // The shortcut belongs to the canvas, not to a field being typed in.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+l');
    await expect.poll(async () => where(await saved())).not.toEqual(before);
    // Tidied, the whole journey is in view: no step left outside the canvas.
    const outside = () =>
      page.evaluate(() => {
        const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
        return [...document.querySelectorAll('.react-flow__node')]
          .filter((n) => {
            const b = n.getBoundingClientRect();
            return b.left < canvas.left || b.right > canvas.right || b.top < canvas.top || b.bottom > canvas.bottom;
          })
          .map((n) => (n as HTMLElement).dataset.id);
      });
    await expect.poll(outside).toEqual([]);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => where(await saved())).toEqual(before);
  });

  it('shows the settings of a step chosen while the test cases are open', async () => {
    const tests = page.getByRole('button', { name: /^Test cases/ });
    await tests.click();
    await expect.poll(() => tests.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.getByTestId('rf__node-password').click();
    await expect.poll(() => page.locator('.side').textContent()).toContain('Checks the password of the account.');
    expect(await tests.getAttribute('aria-pressed')).toBe('false');
  });

  it('opens a 300-step journey at its start, drawing only the steps in view, each connection meeting its handles, and lists its first problems', async () => {
    const shipped = (await api('GET', '/flows/login-signup')).graph;
    const nodes: FlowGraph['nodes'] = [];
    const edges: FlowGraph['edges'] = [];
    for (let b = 0; b < 50; b++) {
      const at = { x: (b % 5) * 1300, y: Math.floor(b / 5) * 500 };
      for (const n of shipped.nodes) nodes.push({ ...n, id: `${n.id}${b}`, position: { x: n.position.x + at.x, y: n.position.y + at.y } });
      for (const [i, e] of shipped.edges.entries()) edges.push({ id: `c${i}-${b}`, from: `${e.from}${b}`, outcome: e.outcome, to: `${e.to}${b}` });
    }
    await api('POST', '/flows', { name: 'Big journey', id: 'big-journey' });
    await api('PUT', '/flows/big-journey', { graph: { ...shipped, id: 'big-journey', name: 'Big journey', version: 0, start: `${shipped.start}0`, nodes, edges } });
    await page.goto(`${gerbang.url}/designer/#/journeys/big-journey`);
    await page.locator(`.react-flow__node[data-id="${shipped.start}0"]`).waitFor();

    /** Every drawn connection's ends, and where the handles of its steps are (in canvas units). */
    const geometry = () =>
      page.evaluate((graphEdges) => {
        const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
        const zoom = Number(/scale\(([^)]+)\)/.exec(viewport.style.transform)![1]);
        const origin = viewport.getBoundingClientRect();
        const handle = (nodeId: string, selector: string, side: 'left' | 'right') => {
          const el = document.querySelector(`.react-flow__node[data-id="${nodeId}"] ${selector}`);
          if (!el) return null;
          const box = el.getBoundingClientRect();
          return { x: ((side === 'left' ? box.left : box.right) - origin.left) / zoom, y: (box.top + box.height / 2 - origin.top) / zoom };
        };
        const drawnSteps = [...document.querySelectorAll('.react-flow__node')].map((n) => (n as HTMLElement).dataset.id!);
        const connections = graphEdges.flatMap((e) => {
          const path = document.querySelector(`.react-flow__edge[data-id="${e.id}"] path.react-flow__edge-path`) as SVGPathElement | null;
          if (!path) return [];
          const from = path.getPointAtLength(0);
          const to = path.getPointAtLength(path.getTotalLength());
          return [{ id: e.id, from: { x: from.x, y: from.y }, to: { x: to.x, y: to.y }, out: handle(e.from, `[data-handleid="${e.outcome}"]`, 'right'), in: handle(e.to, '.react-flow__handle.target', 'left') }];
        });
        return { drawnSteps, connections };
      }, edges);
    const meetTheirHandles = (connections: Awaited<ReturnType<typeof geometry>>['connections']) => {
      const near = (a: { x: number; y: number }, b: { x: number; y: number } | null) => b === null || (Math.abs(a.x - b.x) < 2 && Math.abs(a.y - b.y) < 2);
      return connections.filter((c) => !near(c.from, c.out) || !near(c.to, c.in)).map((c) => c.id);
    };

    // Only what is in view is drawn, the start among it, and connections leaving the view are drawn too.
    await expect.poll(async () => meetTheirHandles((await geometry()).connections)).toEqual([]);
    const opened = await geometry();
    expect(opened.drawnSteps).toContain(`${shipped.start}0`);
    expect(opened.drawnSteps.length).toBeLessThan(30);
    expect(opened.drawnSteps).not.toContain('done49');
    expect(opened.connections.length).toBeGreaterThan(0);

    // Zooming out: the steps coming into view are drawn, measured, and their connections meet them.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect.poll(async () => (await geometry()).drawnSteps.some((id) => !opened.drawnSteps.includes(id))).toBe(true);
    await expect.poll(async () => meetTheirHandles((await geometry()).connections)).toEqual([]);

    // 49 of its 50 blocks cannot be reached: the panel lists the first problems and offers the rest.
    const problems = page.getByTestId('problems');
    await expect.poll(() => problems.getByRole('listitem').count()).toBe(21);
    await problems.getByRole('button', { name: 'Show all 294 problems' }).click();
    await expect.poll(() => problems.getByRole('listitem').count()).toBe(294);
    expect(errors).toEqual([]);
  });
});

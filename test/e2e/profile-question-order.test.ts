import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import type { FlowGraph } from '../../engine/flow/types.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';
import { tokenApi } from '../support/admin-api.js';
import { axeViolations } from '../support/axe.js';

const TOKEN = 'profile-order-admin-token-0123456789';
const PASSWORD = 'a long enough password';

/**
 * The marketer orders the profile step's questions in the designer; the hosted page asks them in that
 * order, required and optional mixed, instead of pulling the required ones to the top.
 */
describe('the hosted profile page asks its questions in the order the step lists them', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  const api = tokenApi(() => gerbang.url, TOKEN);

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

  /** Publishes the sign-in journey with its profile step asking these questions. */
  const askInSignIn = async (settings: Record<string, unknown>) => {
    const draft = await api('GET', '/flows/login-signup');
    const graph: FlowGraph = draft.body.graph;
    graph.nodes = graph.nodes.map((n) => (n.type === 'profile' ? { ...n, settings } : n));
    expect((await api('PUT', '/flows/login-signup', { graph })).status).toBe(200);
    expect((await api('POST', '/flows/login-signup/publish')).status).toBe(201);
  };

  /** Signs a newcomer up as a person does, up to the profile page. */
  const signUpToProfile = async (email: string): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${gerbang.url}/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Choose a password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Tell us a little about yourself' }).waitFor();
    return page;
  };

  /** The questions as the page shows them, top to bottom: each input's label. */
  const questionsShown = (page: Page) =>
    page.locator('form input:not([type=hidden])').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).labels?.[0]?.textContent?.replace(/\s+/g, ' ').trim() ?? ''));

  it('asks an optional question before a required one when the step lists it first, and stays accessible', { timeout: 90_000 }, async () => {
    await askInSignIn({ fields: [{ attribute: 'family_name' }, { attribute: 'birthdate' }, { attribute: 'given_name', required: true }] });
    const page = await signUpToProfile('urutan@example.com');
    const shown = await questionsShown(page);
    expect(shown.map((l) => l.replace(/ ?\(?Optional\)?$/, ''))).toEqual(['Last name', 'Date of birth', 'First name']);
    expect(await page.getByLabel('First name').getAttribute('required')).not.toBeNull();
    expect(await page.getByLabel('Last name').getAttribute('required')).toBeNull();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('First name').fill('Sari');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/flow/'));
    const person = await gerbang.store.users.findByEmail('urutan@example.com');
    expect(person?.attributes).toMatchObject({ given_name: 'Sari' });
    await page.context().close();
  });

  it('with a cap on questions per sign-in keeps the required one over a later optional one, still in the step order', { timeout: 90_000 }, async () => {
    await askInSignIn({ askAtMost: 2, fields: [{ attribute: 'family_name' }, { attribute: 'birthdate' }, { attribute: 'given_name', required: true }] });
    const page = await signUpToProfile('batas@example.com');
    const shown = await questionsShown(page);
    expect(shown.map((l) => l.replace(/ ?\(?Optional\)?$/, ''))).toEqual(['Last name', 'First name']);
    await page.context().close();
  });
});

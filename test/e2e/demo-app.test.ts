import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { brokenOn, launchChromium } from '../support/chromium.js';
import { axeViolations } from '../support/axe.js';

/** The demo app's "who signed in" list as a person reads it: each term with the value beside it. */
async function signedInDetails(page: Page): Promise<Record<string, string>> {
  const terms = await page.getByRole('term').allTextContents();
  const values = await page.getByRole('definition').allTextContents();
  return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
}

describe('the demo app served by Gerbang (the quick start, end to end in a browser)', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    data = tempDataDir();
    gerbang = await startTestServer({ DATA_DIR: data.dir });
    base = gerbang.url;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  it('signs a new person up through the seeded journey, shows who they are and how, calls /me, refreshes, and signs out', { timeout: 90_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const broken = brokenOn(page);

    // From the home page, as the README's quick start says.
    await page.goto(base);
    await expect.poll(() => page.getByText('You are not signed in.').count()).toBe(1);
    await page.getByRole('link', { name: 'Try the demo app' }).click();
    await page.waitForURL(`${base}/demo-app/`);
    await expect.poll(() => page.getByText('You are not signed in to the demo app.').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Demo app');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Email address').fill('sekar.ayu@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Create your account');
    await page.getByLabel('Choose a password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tell us a little about yourself');
    await page.getByLabel('First name').fill('Sekar');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Back on the demo app, which exchanged the code and verified the ID token in the browser.
    await page.waitForURL(`${base}/demo-app/`);
    await expect.poll(() => page.getByRole('heading', { name: 'You are signed in' }).isVisible()).toBe(true);
    expect(await page.getByText('The demo app knows you as sekar.ayu@example.com.').isVisible()).toBe(true);
    const details = await signedInDetails(page);
    expect(details).toMatchObject({
      'Email address': 'sekar.ayu@example.com',
      Name: 'Sekar',
      'Sign-in level': 'one factor (level 1)',
      'Signed in with': 'password',
      'Refresh token': 'received; a new one replaces it each time it is used',
    });
    expect(details['ID token valid until']).toMatch(/\d{4}/);
    expect(details['Access token valid until']).toMatch(/\d{4}/);
    // The raw claims are one click away.
    await page.getByText('Show the ID token’s claims').click();
    expect(JSON.parse((await page.locator('#demo-claims').textContent()) ?? '{}')).toMatchObject({ email: 'sekar.ayu@example.com', amr: ['pwd'], aud: 'demo-app', iss: base });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Call /me' }).click();
    const me = page.getByRole('region', { name: 'What /me answered' });
    await expect.poll(() => me.isVisible()).toBe(true);
    expect(JSON.parse((await me.locator('pre').textContent()) ?? '{}')).toMatchObject({ email: 'sekar.ayu@example.com', given_name: 'Sekar' });

    const before = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gerbang-demo-app.session') ?? '{}').refreshToken as string);
    await page.getByRole('button', { name: 'Refresh tokens' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Tokens refreshed at' }).count()).toBe(1);
    const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gerbang-demo-app.session') ?? '{}').refreshToken as string);
    expect(after).not.toBe(before); // the refresh token rotated
    // The new access token works.
    await page.getByRole('button', { name: 'Call /me' }).click();
    await expect.poll(() => me.isVisible()).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);

    // The same answer in Bahasa Indonesia: the level and the methods in its words.
    await page.goto(`${base}/demo-app/?lang=id`);
    await expect.poll(() => page.getByRole('heading', { name: 'Anda sudah masuk' }).isVisible()).toBe(true);
    expect(await signedInDetails(page)).toMatchObject({ 'Alamat email': 'sekar.ayu@example.com', 'Tingkat masuk': 'satu faktor (tingkat 1)', 'Masuk dengan': 'kata sandi' });
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${base}/demo-app/?lang=en`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByText('Do you want to sign out of all apps?').count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/demo-app/`);
    await expect.poll(() => page.getByText('You are signed out of the demo app.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    // Signed out of Gerbang too, not only of the demo app.
    await page.goto(base);
    await expect.poll(() => page.getByText('You are not signed in.').count()).toBe(1);
    expect(broken).toEqual([]);
    await context.close();
  });

  it('speaks Bahasa Indonesia like the hosted pages', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${base}/demo-app/?lang=id`);
    await expect.poll(() => page.getByText('Anda belum masuk ke aplikasi demo.').isVisible()).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Aplikasi demo');
    expect(await page.getByRole('button', { name: 'Masuk' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('refuses an ID token from another sign-in (replayed: its nonce differs) and one whose signature was altered', { timeout: 90_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // Whatever the token endpoint answers passes through `alter` first (an attacker on the way).
    let alter: (idToken: string) => string = (idToken) => idToken;
    const issued: string[] = [];
    await page.route('**/token', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { id_token: string };
      issued.push(body.id_token);
      await route.fulfill({ response, json: { ...body, id_token: alter(body.id_token) } });
    });
    const signInAgain = async () => {
      // The demo app forgets its tokens; Gerbang still has the session, so the next sign-in comes straight back.
      await page.evaluate(() => sessionStorage.removeItem('gerbang-demo-app.session'));
      await page.goto(`${base}/demo-app/`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/demo-app/`);
    };

    await page.goto(`${base}/demo-app/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Email address').fill('replay.target@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Choose a password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel('First name').fill('Intan');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'You are signed in' }).isVisible()).toBe(true);
    const earlier = issued[0];

    alter = () => earlier; // a genuine ID token, but of the earlier sign-in
    await signInAgain();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('its nonce does not match');
    expect(await page.getByRole('heading', { name: 'You are signed in' }).isVisible()).toBe(false);

    alter = (idToken) => {
      const [header, payload, signature] = idToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      return [header, Buffer.from(JSON.stringify({ ...claims, email: 'someone.else@example.com' })).toString('base64url'), signature].join('.');
    };
    await signInAgain();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The ID token could not be verified');
    expect(await page.getByText('someone.else@example.com').count()).toBe(0);
    await context.close();
  });

  it('sends a person who opened it at another address than the public URL there, instead of failing on sign-in', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const elsewhere = new URL(base);
    elsewhere.hostname = 'localhost';
    await page.goto(`${elsewhere.origin}/demo-app/`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The demo app signs in at Gerbang’s public address');
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(false);
    await page.getByRole('link', { name: `${base}/demo-app/` }).click();
    await page.waitForURL(`${base}/demo-app/`);
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await context.close();
  });

  it('refuses an answer that does not belong to a sign-in started in the tab (forged state)', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // A sign-in started, then an attacker's link with their own code and state arrives.
    await page.goto(`${base}/demo-app/`);
    await page.evaluate(() => sessionStorage.setItem('gerbang-demo-app.pending', JSON.stringify({ state: 'mine', nonce: 'n', verifier: 'v' })));
    await page.goto(`${base}/demo-app/callback?code=an-attackers-code&state=theirs`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('its state does not match');
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'You are signed in' }).isVisible()).toBe(false);
    await context.close();
  });
});

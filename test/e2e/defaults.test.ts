import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { freePort, tempDataDir } from '../support/gerbang.js';
import { brokenOn, launchChromium } from '../support/chromium.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the quick start prints once: the bootstrap administrator's credentials. */
interface Printed {
  email: string;
  password: string;
  savedTo: string;
}

/**
 * The quick start exactly as a new user meets it: `npm start` with nothing configured (only PORT, a
 * documented variable, so the test gets a free port, and DATA_DIR so it leaves no trace).
 */
describe('the defaults of a bare `npm start`', () => {
  let child: ChildProcess;
  let output = '';
  let printed: Printed;
  let base: string;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;

  beforeAll(async () => {
    data = tempDataDir();
    const port = await freePort();
    base = `http://localhost:${port}`;
    child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME ?? data.dir, PORT: String(port), DATA_DIR: data.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: npm, the shell and node stop together
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`))));
    const listening = (async () => {
      while (!/"Gerbang is listening"/.test(output)) await new Promise((r) => setTimeout(r, 100));
    })();
    await Promise.race([listening, exited]);
    const line = output.split('\n').find((l) => l.includes('bootstrap administrator created'));
    if (!line) throw new Error(`no bootstrap administrator printed:\n${output}`);
    printed = JSON.parse(line) as Printed;
    browser = await launchChromium();
  }, 90_000);

  /** Whether the page's tab shows Gerbang's icon (declared, and served as an image). */
  const tabIconOf = async (page: Page) => {
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    const res = await fetch(new URL(href!, base));
    return { status: res.status, type: res.headers.get('content-type') };
  };

  afterAll(async () => {
    await browser?.close();
    if (child?.pid && child.exitCode === null) {
      const stopped = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await stopped;
    }
    data?.cleanup();
  });

  it('prints the bootstrap administrator once and saves the same credentials in the data directory', () => {
    expect(printed.email).toBeTruthy();
    expect(printed.password.length).toBeGreaterThanOrEqual(16);
    expect(readFileSync(`${data.dir}/admin-credentials.txt`, 'utf8')).toBe(`email: ${printed.email}\npassword: ${printed.password}\n`);
  });

  it('lets that administrator into the designer at /designer, signing in as a person would', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    const broken = brokenOn(page);
    await page.goto(`${base}/designer`);
    // The console has its own sign-in journey, and administrators need a second factor (set up now).
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to the console');
    await page.getByLabel('Email address').fill(printed.email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password').fill(printed.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'an authenticator app' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = ((await page.textContent('pre.code')) ?? '').replace(/\s/g, '');
    await page.getByLabel('6-digit code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.waitForURL('**/designer/**');
    await expect.poll(() => page.getByRole('heading', { name: 'Journeys' }).count()).toBe(1);
    await expect.poll(() => page.getByText('Sign in or sign up').count()).toBeGreaterThan(0);
    expect(await tabIconOf(page)).toEqual({ status: 200, type: expect.stringMatching(/^image\/svg\+xml/) });
    expect(broken).toEqual([]);
    await page.close();
  });

  it('runs the README /login journey: a new customer signs up, gives a name, is signed in and signs out', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const broken = brokenOn(page);
    await page.goto(`${base}/login`);
    expect(await tabIconOf(page)).toEqual({ status: 200, type: expect.stringMatching(/^image\/svg\+xml/) });
    await page.getByLabel('Email address').fill('ayu.lestari@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Create your account');
    await page.getByLabel('Choose a password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tell us a little about yourself');
    await page.getByLabel('First name').fill('Ayu');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByText('You are signed in as ayu.lestari@example.com.').count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByText('You have been signed out.').count()).toBe(1);
    await page.goto(base);
    await expect.poll(() => page.getByText('You are not signed in.').count()).toBe(1);
    // The browser also asks for /favicon.ico on its own; nothing on the way was missing or failed.
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(200);
    expect(broken).toEqual([]);
    await context.close();
  });

  it('has a working demo app at /demo-app/: a sign-up there comes back to it, which shows who signed in and how', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const broken = brokenOn(page);
    await page.goto(base);
    await page.getByRole('link', { name: 'Try the demo app' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Email address').fill('bima.demo@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Choose a password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel('First name').fill('Bima');
    await page.getByRole('button', { name: 'Continue' }).click();
    // Back at the address `npm start` printed, on the demo app's page.
    await page.waitForURL(`${base}/demo-app/`);
    await expect.poll(() => page.getByText('The demo app knows you as bima.demo@example.com.').isVisible()).toBe(true);
    const terms = await page.getByRole('term').allTextContents();
    const values = await page.getByRole('definition').allTextContents();
    expect(values[terms.indexOf('Signed in with')]).toBe('password');
    expect(broken).toEqual([]);
    await context.close();
  });
});

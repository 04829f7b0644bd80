import { generate } from 'otplib';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './admin.js';
import { launchChromium } from './chromium.js';
import { startTestServer, tempDataDir } from './gerbang.js';
import type { MailCatcher } from './mail.js';

/**
 * Signs an administrator into the console in headless Chromium, as a person does: the console sends
 * them through the administrators' own sign-in (email, password, second factor) and back. The first
 * sign-in of an account sets up an authenticator app and keeps the recovery codes; later sign-ins
 * use one recovery code each (a TOTP code cannot be used twice within its 30 seconds).
 */
export class ConsoleSignIn {
  private recovery: string[] = [];

  constructor(
    private readonly baseUrl: string,
    readonly email = ADMIN_EMAIL,
    private readonly password = ADMIN_PASSWORD,
  ) {}

  async open(browser: Browser, opts: { path?: string; width?: number; height?: number; errors?: string[] } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 } });
    page.setDefaultTimeout(20_000);
    if (opts.errors) page.on('pageerror', (e) => opts.errors!.push(e.message));
    await page.goto(`${this.baseUrl}/designer/${opts.path ?? ''}`);
    await page.fill('input[name=email]', this.email);
    await page.click('button[type=submit]');
    await page.fill('input[name=password]', this.password);
    await page.click('button[type=submit]');
    if (this.recovery.length === 0) {
      await page.getByRole('button', { name: 'an authenticator app' }).click();
      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      const secret = ((await page.textContent('pre.code')) ?? '').replace(/\s/g, '');
      await page.getByLabel('6-digit code').fill(await generate({ secret }));
      await page.getByRole('button', { name: 'Confirm' }).click();
      this.recovery.push(...((await page.textContent('pre.code')) ?? '').split('\n').map((c) => c.trim()).filter(Boolean));
      await page.getByRole('button', { name: 'I have saved them' }).click();
    } else {
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await page.getByLabel('Recovery code').fill(this.recovery.shift()!);
      await page.getByRole('button', { name: 'Verify' }).click();
    }
    await page.waitForURL('**/designer/**');
    await page.getByRole('navigation').waitFor();
    return page;
  }
}

/** A console test's world: Gerbang on its own data directory, a headless Chromium, and the bootstrap owner. */
export interface ConsoleWorld {
  gerbang: Gerbang;
  browser: Browser;
  /** The bootstrap owner (the default administrator of a test server), signed in as a person does. */
  owner: ConsoleSignIn;
  /** Creates an administrator with one role and a password, and returns their console sign-in. */
  administrator(email: string, role: string, password?: string): Promise<ConsoleSignIn>;
  close(): Promise<void>;
}

/**
 * Starts what every console test file needs, in `beforeAll`; `close()` in `afterAll` ends it all. A mail
 * catcher, when given, is started first and Gerbang sends its mail there.
 */
export async function startConsoleWorld(opts: { env?: Record<string, string>; mail?: MailCatcher } = {}): Promise<ConsoleWorld> {
  await opts.mail?.start();
  const data = tempDataDir();
  const gerbang = await startTestServer({ DATA_DIR: data.dir, ...opts.mail?.env(), ...opts.env });
  const browser = await launchChromium();
  return {
    gerbang,
    browser,
    owner: new ConsoleSignIn(gerbang.url),
    async administrator(email, role, password = `a long ${role} password`) {
      const hash = await argon2idHasher.hash(password);
      await gerbang.store.users.create({ email, emailVerified: true, roles: ['admin', role] }, { type: 'password', data: { hash } });
      return new ConsoleSignIn(gerbang.url, email, password);
    },
    async close() {
      await browser.close();
      await gerbang.close();
      await opts.mail?.stop();
      data.cleanup();
    },
  };
}

/** What a screen reader reads after a control's label: its hint and its problem (aria-describedby). */
export const descriptionOf = (control: Locator): Promise<string> =>
  control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );

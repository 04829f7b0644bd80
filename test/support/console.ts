import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './admin.js';

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

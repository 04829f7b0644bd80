import { generate } from 'otplib';
import { TestBrowser, decodeEntities } from './browser.js';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'admin password for tests';

/**
 * Signs an administrator (the bootstrap one unless told) in like a person: email, password, then the second factor every
 * administrator needs. The first sign-in sets up an authenticator app (forced for administrators)
 * and keeps the recovery codes; later sign-ins use one recovery code each (a TOTP code cannot be
 * used twice within its 30 seconds).
 */
export class AdminSignIn {
  private recovery: string[] = [];
  secret: string | null = null;

  constructor(
    private readonly baseUrl: string,
    readonly email = ADMIN_EMAIL,
    private readonly password = ADMIN_PASSWORD,
  ) {}

  async signIn(path = '/login?flow=admin-login'): Promise<TestBrowser> {
    const browser = new TestBrowser(this.baseUrl);
    await browser.get(path);
    await browser.submit({ email: this.email });
    await browser.submit({ email: this.email, password: this.password });
    if (browser.title() === 'Protect your account') {
      await browser.submit({}, { action: 'choose:totp' });
      await browser.submit({}, { action: 'totp-start' });
      this.secret = codeBlock(browser).replace(/\s/g, '');
      await browser.submit({ code: await generate({ secret: this.secret }) }, { action: 'totp-confirm' });
      this.recovery = codeBlock(browser).split('\n');
      await browser.submit({}, { action: 'recovery-saved' });
    } else {
      await browser.submit({}, { action: 'method:recovery-codes' });
      await browser.submit({ code: this.recovery.shift()! }, { action: 'verify' });
    }
    return browser;
  }
}

const codeBlock = (b: TestBrowser) => decodeEntities(/<pre class="code">([\s\S]*?)<\/pre>/.exec(b.page!.html)![1]);

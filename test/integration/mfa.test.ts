import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { TestBrowser, decodeEntities } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';

const PASSWORD = 'correct horse battery';

describe('second factor with an authenticator app and recovery codes', () => {
  const gerbang = useGerbang();
  let n = 0;
  const email = () => `mfa${++n}.${Date.now()}@example.com`;


  const codeBlock = (b: TestBrowser) => decodeEntities(/<pre class="code">([\s\S]*?)<\/pre>/.exec(b.page!.html)![1]);

  /** Signs up through login-mfa, setting up the app like a person typing the key into it. */
  async function enrol(address: string) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-mfa');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    expect(browser.title()).toBe('Set up an authenticator app');
    await browser.submit({}, { action: 'totp-start' });
    expect(browser.page!.html).toContain('src="data:image/png;base64,');
    const secret = codeBlock(browser).replace(/\s/g, '');
    await browser.submit({ code: '000000' }, { action: 'totp-confirm' });
    expect(browser.errors().join(' ')).toContain('That code is not right');
    await browser.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
    expect(browser.title()).toBe('Save your recovery codes');
    const recovery = codeBlock(browser).split('\n');
    expect(recovery).toHaveLength(10);
    await browser.submit({}, { action: 'recovery-saved' });
    await browser.submit({ given_name: 'Tono', family_name: 'Hadi' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Tono');
    await browser.submit({}); // sign out
    return { secret, recovery };
  }

  async function signInToSecondFactor(address: string) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-mfa');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    expect(browser.title()).toBe('Enter your code');
    return browser;
  }

  it('enrols the app with a QR code, shows recovery codes once, and keeps the seed sealed at rest', async () => {
    const address = email();
    const { secret } = await enrol(address);
    const user = (await gerbang.store.users.findByEmail(address))!;
    const creds = await gerbang.store.credentials.listByUser(user.id);
    // Besides the factors: the browser this account signed in from (for the new-device notice and the risk step).
    expect(creds.map((c) => c.type).sort()).toEqual(['known-browsers', 'password', 'recovery-codes', 'totp']);
    expect(JSON.stringify(creds)).not.toContain(secret);
    expect(String(creds.find((c) => c.type === 'totp')!.data.secret)).toMatch(/^v1\./);
    const audit = await gerbang.store.audit.list({ userId: user.id, type: 'factor.added', limit: 5 });
    expect(audit).toHaveLength(1);
  });

  it('signs in with password plus the current code, and refuses the same code a second time', async () => {
    const address = email();
    const { secret } = await enrol(address);
    const browser = await signInToSecondFactor(address);
    // The enrolment used the current time step already: wait for a fresh one if needed.
    let code = await generate({ secret });
    const first = await browser.submit({ code }, { action: 'verify' });
    if (browser.title() === 'Enter your code') {
      await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
      code = await generate({ secret });
      await browser.submit({ code }, { action: 'verify' });
    }
    void first;
    expect(browser.title()).toBe('Welcome Tono');
    const session = (await gerbang.store.sessions.listByUser((await gerbang.store.users.findByEmail(address))!.id))[0];
    expect(session.amr).toEqual(['pwd', 'otp', 'mfa']);

    const replay = await signInToSecondFactor(address);
    await replay.submit({ code }, { action: 'verify' });
    expect(replay.title()).toBe('Enter your code');
    expect(replay.errors().join(' ')).toContain('That code is not right');
  }, 45_000);

  it('stops after too many wrong codes', async () => {
    const address = email();
    await enrol(address);
    const browser = await signInToSecondFactor(address);
    for (let i = 0; i < 5; i++) await browser.submit({ code: '123456' }, { action: 'verify' });
    expect(browser.title()).toBe('We could not sign you in');
    expect(browser.page!.html).toContain('Too many wrong codes');
  });

  it('accepts each recovery code once instead of the app', async () => {
    const address = email();
    const { recovery } = await enrol(address);
    const browser = await signInToSecondFactor(address);
    await browser.submit({}, { action: 'method:recovery-codes' });
    expect(browser.title()).toBe('Use a recovery code');
    await browser.submit({ code: recovery[0].toLowerCase() }, { action: 'verify' });
    expect(browser.title()).toBe('Welcome Tono');

    const again = await signInToSecondFactor(address);
    await again.submit({}, { action: 'method:recovery-codes' });
    await again.submit({ code: recovery[0] }, { action: 'verify' });
    expect(again.title()).toBe('Use a recovery code');
  });

  it('lets a signed-in customer add the app from their account', async () => {
    const browser = new TestBrowser(gerbang.url);
    const address = email();
    await browser.get('/login?return_to=/account');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    await browser.submit({ given_name: 'Ani', family_name: '' }, { action: 'save' });
    expect(browser.page!.html).toContain('href="/account/flows/mfa-setup"');
    await browser.get('/account/flows/mfa-setup');
    expect(browser.title()).toBe('Protect your account');
    await browser.submit({}, { action: 'choose:totp' });
    await browser.submit({}, { action: 'totp-start' });
    const secret = codeBlock(browser).replace(/\s/g, '');
    await browser.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
    await browser.submit({}, { action: 'recovery-saved' });
    expect(browser.title()).toBe('Your account');
    expect(browser.page!.html).toContain('Authenticator app');
  });
});

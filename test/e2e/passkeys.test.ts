import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { freePort, startTestServer, tempDataDir } from '../support/gerbang.js';
import { launchChromium } from '../support/chromium.js';

describe('passkeys in a real browser with a virtual authenticator', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    data = tempDataDir();
    const port = await freePort();
    // WebAuthn needs a secure context and a domain as relying party: http://localhost is both.
    base = `http://localhost:${port}`;
    gerbang = await startTestServer({ DATA_DIR: data.dir, PORT: String(port), PUBLIC_URL: base }, { host: undefined });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gerbang?.close();
    data?.cleanup();
  });

  it('enrols a passkey from the account page, then signs in with it and no password', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    // Sign up with email and password, then add a passkey from /account.
    await page.goto(`${base}/login?return_to=/account`);
    await page.fill('input[name=email]', 'passkey.person@example.com');
    await page.click('button[type=submit]');
    await page.fill('input[name=password]', 'a long enough password');
    await page.click('button[type=submit]');
    await page.fill('input[name=given_name]', 'Sekar');
    await page.click('button[value=save]');
    await page.waitForSelector('h1:has-text("Your account")');
    await page.click('a[href="/account/flows/mfa-setup"]');
    await page.click('button[value="choose:webauthn"]');
    await page.click('button[value=passkey-start]');
    // The page runs the ceremony by itself; the first factor brings recovery codes.
    await page.waitForSelector('h1:has-text("Save your recovery codes")');
    await page.click('button[value=recovery-saved]');
    await page.waitForSelector('h1:has-text("Your account")');
    expect(await page.textContent('#security')).toContain('Passkey');
    const user = (await gerbang.store.users.findByEmail('passkey.person@example.com'))!;
    const [passkey] = await gerbang.store.credentials.listByUser(user.id, 'webauthn');
    expect(passkey.data).toMatchObject({ counter: expect.any(Number) });

    // Sign out, then sign in with the passkey alone.
    await page.click('button:has-text("Sign out")');
    await page.goto(`${base}/login?flow=passkey-login`);
    await page.click('button[value=passkey-start]');
    await page.waitForSelector('h1:has-text("Welcome Sekar")');
    const sessions = await gerbang.store.sessions.listByUser(user.id);
    expect(sessions.map((s) => s.amr)).toContainEqual(['hwk']);
    await context.close();
  });
});

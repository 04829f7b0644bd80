import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

/** The value shown next to a label in the console (client id, issuer, secret). */
const shown = (page: Page, label: string) => page.getByLabel(label, { exact: true }).textContent().then((t) => (t ?? '').trim());

describe('console: Apps', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  let world: ConsoleWorld;
  let shop: Server;
  let shopUrl: string;
  beforeAll(async () => {
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld());
    // The app being connected: a page on loopback its users come back to.
    shop = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Back at the shop'));
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => shop?.close(r));
    await world?.close();
  });

  it('registers a web app with checked redirect URIs, shows its secret once, rotates it, and the app signs a customer in with openid-client', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation').getByRole('link', { name: 'Apps' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Apps');
    await expect.poll(() => page.getByRole('link', { name: 'Demo app' }).count()).toBe(1);
    // Each app's journey by its name, as the journey list shows it.
    await expect.poll(() => page.getByRole('row', { name: /Demo app/ }).getByRole('cell').last().textContent()).toBe('Sign in or sign up');

    await page.getByRole('link', { name: 'New app' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Batik Shop');
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Web app with a backend (has a secret)' });
    // A plain-http address of a real host is refused as it is typed, next to the field.
    await page.getByLabel('Redirect URIs', { exact: true }).fill('http://shop.example.com/callback');
    await expect.poll(() => page.getByText('Line 1: "http://shop.example.com/callback" must use https (http is allowed for localhost only)').count()).toBe(1);
    await page.getByLabel('Redirect URIs', { exact: true }).fill(`${shopUrl}/callback`);
    await expect.poll(() => page.getByText(/^Line 1:/).count()).toBe(0);
    await page.getByLabel('Journey').selectOption({ label: 'Sign in or sign up' });
    // Accepted unless unticked: this shop asks the second factor even in a remembered browser.
    expect(await page.getByLabel('Accept a remembered browser for the minimum level').isChecked()).toBe(true);
    await page.getByLabel('Accept a remembered browser for the minimum level').uncheck();
    // RS256 unless chosen otherwise; the hint says when to keep it.
    const signature = page.getByLabel('ID token signature');
    expect(await signature.inputValue()).toBe('RS256');
    await expect.poll(() => page.getByText("ES256 is faster and smaller; choose RS256 if the app's library only supports RS256.").count()).toBe(1);
    await signature.selectOption({ label: 'ES256 (elliptic curve P-256, faster and smaller)' });
    await page.getByRole('button', { name: 'Create app' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Batik Shop');
    await expect.poll(() => page.getByText('Copy the secret now: it is shown only this once.').count()).toBe(1);
    const firstSecret = await shown(page, 'Client secret');
    const clientId = await shown(page, 'Client ID');
    const issuer = await shown(page, 'Issuer URL');
    expect(issuer).toBe(gerbang.url);
    expect(firstSecret.length).toBeGreaterThanOrEqual(40);
    const stored = await gerbang.store.apps.get(clientId);
    expect(stored).toMatchObject({ name: 'Batik Shop', type: 'confidential', redirectUris: [`${shopUrl}/callback`], flowId: 'login-signup', acceptsRememberedBrowser: false, idTokenSignedResponseAlg: 'ES256' });
    expect(stored?.secretCiphertext).not.toContain(firstSecret);

    // After a reload the secret is never shown again; rotating issues a new one.
    await page.reload();
    await expect.poll(() => page.getByText('The secret is stored encrypted and never shown again. Rotate it to issue a new one.').count()).toBe(1);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await expect.poll(() => page.getByText('Copy the secret now: it is shown only this once.').count()).toBe(1);
    const secret = await shown(page, 'Client secret');
    expect(secret).not.toBe(firstSecret);
    expect(errors).toEqual([]);

    // The app, as its developer connects it from the panel: a customer signs up and comes back with a code.
    const connect = (s: string) => oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(s), { execute: [oidc.allowInsecureRequests] });
    const config = await connect(secret);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: `${shopUrl}/callback`, scope: 'openid email', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const context = await browser.newContext();
    const customer = await context.newPage();
    customer.setDefaultTimeout(20_000);
    await customer.goto(url.href);
    await customer.getByLabel('Email address').fill('sari.batik@example.com');
    await customer.getByRole('button', { name: 'Continue' }).click();
    await customer.getByLabel('Choose a password').fill('a long enough password');
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer.getByLabel('First name').fill('Sari');
    await customer.getByRole('button', { name: 'Continue' }).click();
    await customer.waitForURL(`${shopUrl}/callback?**`);
    const back = new URL(customer.url());
    // The rotated-out secret no longer works; the new one does.
    await expect(oidc.authorizationCodeGrant(await connect(firstSecret), back, { pkceCodeVerifier: verifier })).rejects.toThrow();
    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier });
    expect(tokens.claims()?.email).toBe('sari.batik@example.com');
    expect(tokens.claims()?.aud).toBe(clientId);
    // Signed as chosen in the form, and verifiable with the provider's published keys.
    const { protectedHeader } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), { issuer, audience: clientId });
    expect(protectedHeader.alg).toBe('ES256');
    await context.close();

    // Deleting it: gone from the list and the store, and recorded in the audit trail with who did it.
    await page.getByRole('button', { name: 'Delete app' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Apps');
    expect(await page.getByRole('link', { name: 'Batik Shop' }).count()).toBe(0);
    expect(await gerbang.store.apps.get(clientId)).toBeNull();
    const trail = await gerbang.store.audit.list({ type: 'app.deleted', limit: 5 });
    const owner = await gerbang.store.users.findByEmail(admin.email);
    expect(trail[0]).toMatchObject({ actor: owner!.id, details: { appId: clientId } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import type { FlowGraph } from '../../engine/flow/types.js';
import { tokenApi } from '../support/admin-api.js';
import { freePort } from '../support/gerbang.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { startIdentityProvider } from '../support/identity-provider.js';
import { MailCatcher } from '../support/mail.js';

const TOKEN = 'console-settings-admin-token-0123456789';
const IDP_SECRET = 'acme-secret-at-the-provider';

describe('console: the configuration sections, done by visible labels and checked for real', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  let world: ConsoleWorld;
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  // Started apart from the world: the test sets the mail server through the console.
  const mail = new MailCatcher();

  beforeAll(async () => {
    const base = `http://127.0.0.1:${await freePort()}`;
    idp = await startIdentityProvider({ clientId: 'gerbang-acme', clientSecret: IDP_SECRET, redirectUris: [`${base}/social/callback/acme`] });
    await mail.start();
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld({ env: { PORT: new URL(base).port, PUBLIC_URL: base, ADMIN_API_TOKEN: TOKEN } }));
  });
  afterAll(async () => {
    await world?.close();
    await idp?.close();
    await mail.stop();
  });

  const api = tokenApi(() => gerbang.url, TOKEN);

  it('adds an OpenID provider as a connection, tells a wrong secret next to its field, and the connection signs a customer in through a journey', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation').getByRole('link', { name: 'Social connections' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Social connections');
    await page.getByRole('link', { name: 'New connection' }).click();
    await page.getByLabel('Name', { exact: true }).fill('acme');
    await page.getByLabel('Provider type').selectOption({ label: 'OpenID Connect provider (by issuer URL)' });
    await page.getByLabel('Button label').fill('Acme ID');
    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByRole('button', { name: 'Find the provider' }).click();
    await expect.poll(() => page.getByText(`Found: sign-in at ${idp.issuer}/auth, tokens at ${idp.issuer}/token.`).count()).toBe(1);
    await page.getByLabel('Client ID').fill('gerbang-acme');
    await page.getByLabel('Client secret').fill('not-the-secret');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme ID');
    const callback = (await page.getByLabel('Callback URL to register at the provider', { exact: true }).textContent())?.trim();
    expect(callback).toBe(`${gerbang.url}/social/callback/acme`);

    // "Test connection": the provider refuses this secret; the console says so beside the secret.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByText('The connection does not work yet.').count()).toBe(1);
    const secretField = page.getByLabel('Client secret');
    await expect.poll(() => secretField.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'The provider refused the client id or secret' }).count()).toBe(1);
    await secretField.fill(IDP_SECRET);
    await page.getByRole('button', { name: 'Save connection' }).click();
    await expect.poll(() => page.getByText('Saved.').count()).toBe(1);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByText('The connection works.').count()).toBe(1);
    expect(JSON.stringify(await gerbang.store.settings.get('social:acme'))).not.toContain(IDP_SECRET);

    // The sign-in journey's social step offers it once it names it (published), and a customer signs in with it.
    const draft = await api('GET', '/flows/social-login');
    const graph: FlowGraph = draft.body.graph;
    const social = graph.nodes.find((n) => n.type === 'social')!;
    social.settings = { ...social.settings, connections: ['acme'] };
    expect((await api('PUT', '/flows/social-login', { graph })).status).toBe(200);
    expect((await api('POST', '/flows/social-login/publish')).status).toBe(201);
    idp.accounts.set('acme-7', { sub: 'acme-7', email: 'wulan@example.com', email_verified: true, given_name: 'Wulan', family_name: 'Sari', picture: 'https://img.example.com/wulan.png' });
    idp.control.nextLogin = 'acme-7';
    const context = await browser.newContext();
    const customer = await context.newPage();
    customer.setDefaultTimeout(20_000);
    await customer.goto(`${gerbang.url}/login?flow=social-login`);
    await customer.getByRole('button', { name: 'Continue with Acme ID' }).click();
    await expect.poll(() => customer.getByRole('heading', { level: 1 }).textContent()).toContain('Wulan');
    await context.close();
    const user = await gerbang.store.users.findByEmail('wulan@example.com');
    expect(await gerbang.store.identities.listByUser(user!.id)).toEqual([expect.objectContaining({ provider: 'acme', subject: 'acme-7' })]);

    // The console shows the journey using it, and refuses to delete it, saying what uses it.
    await page.reload();
    await expect.poll(() => page.getByRole('link', { name: 'Sign in with Google, another provider or email' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Delete connection' }).click();
    await page.getByRole('group', { name: /Delete this connection\?/ }).getByRole('button', { name: 'Delete connection' }).click();
    await expect.poll(() => page.getByText(/This connection is used by: Sign in with Google, another provider or email/).count()).toBe(1);
    expect(await gerbang.store.settings.get('social:acme')).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('sets the mail server, sends a test that reaches a real SMTP server, and rewords the code mail in Bahasa Indonesia with a preview', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation').getByRole('link', { name: 'Mail and SMS' }).click();
    await expect.poll(() => page.getByText('No mail server yet: mails are written to the outbox folder of the data directory.').count()).toBe(1);
    await page.getByLabel('Mail server').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(mail.port));
    await page.getByLabel('Sender').fill('Toko Kita <no-reply@toko.example>');
    await page.getByRole('button', { name: 'Save mail settings' }).click();
    await expect.poll(() => page.getByText('Mail goes through the server set here.').count()).toBe(1);
    const since = mail.mails.length;
    await page.getByLabel('Send a test to').fill('owner@toko.example');
    await page.getByRole('button', { name: 'Send test mail' }).click();
    await expect.poll(() => page.getByText('Test sent to owner@toko.example.').count()).toBe(1);
    const received = await mail.next('owner@toko.example', since);
    expect(received.text).toContain('Toko Kita <no-reply@toko.example>');
    expect(received.text).toContain('This test message was sent from the console');

    await page.getByLabel('Message language').selectOption({ label: 'Bahasa Indonesia' });
    // Texts are listed by what they are, not by their keys.
    await page.getByLabel('Text', { exact: true }).selectOption({ label: 'Mails with a code: the line with the code' });
    const wording = page.getByLabel('Your wording');
    await wording.fill('Kode Anda ada di email ini.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'This text must keep {code}' }).count()).toBe(1);
    await wording.fill('Kode rahasia Toko Kita: {code}. Jangan dibagikan.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('figure', { name: 'Preview of' }).textContent()).toContain('Kode rahasia Toko Kita: 482915. Jangan dibagikan.');
    await page.getByRole('button', { name: 'Save wording' }).click();
    await expect.poll(async () => (await gerbang.store.settings.get('message-texts'))?.value).toEqual({ id: { 'code.intro': 'Kode rahasia Toko Kita: {code}. Jangan dibagikan.' } });
    // Every text previews in its own message: the new-browser notice shows in the new-browser mail.
    await page.getByLabel('Text', { exact: true }).selectOption({ label: 'Sign-in from a new browser: the notice' });
    await wording.fill('Ada yang masuk dari {device} ({address}).');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('figure', { name: 'Preview of' }).textContent()).toContain('Ada yang masuk dari Firefox on Android (203.0.113.7).');
    expect(errors).toEqual([]);
  });

  it('refuses an unreadable colour next to its field, previews the real sign-in page live, and the saved theme shows to customers', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation').getByRole('link', { name: 'Branding' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Branding');
    const primary = page.getByLabel('Primary colour', { exact: true });
    await primary.fill('#7dd3fc');
    await expect.poll(() => primary.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Button text (white) on the primary colour' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'at least 4.5:1 is needed' }).count()).toBe(1);
    expect(await gerbang.store.settings.get('theme')).toBeNull();

    await page.getByLabel('Name shown').fill('Toko Kita');
    await primary.fill('#9d174d');
    await page.getByLabel('Preview language').selectOption({ label: 'Bahasa Indonesia' });
    const preview = page.frameLocator('iframe[title="Preview of the sign-in page"]');
    await expect.poll(() => preview.locator('html').getAttribute('lang')).toBe('id');
    await expect.poll(() => preview.locator('button.primary').first().evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(157, 23, 77)');
    await expect.poll(() => preview.getByText('Toko Kita').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect.poll(() => page.getByText('Saved: people see it at their next page.').count()).toBe(1);

    const context = await browser.newContext();
    const customer = await context.newPage();
    await customer.goto(`${gerbang.url}/login`);
    expect(await customer.locator('button.primary').first().evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(157, 23, 77)');
    expect(await customer.title()).toContain('Toko Kita');
    await context.close();
    expect(errors).toEqual([]);
  });

  it('sets a colour with its picker: the default shows until changed, text that is not a colour is refused beside it, and the picked colour reaches customers', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation').getByRole('link', { name: 'Branding' }).click();
    const background = page.getByLabel('Background colour', { exact: true });
    const picker = page.getByLabel('Pick the background colour');
    // Nothing set for the background yet: the box is empty and the picker shows the default, which the hint names.
    await expect.poll(() => picker.inputValue()).toBe('#f4f6f8');
    expect(await background.inputValue()).toBe('');
    expect(await background.getAttribute('placeholder')).toBe('#f4f6f8');
    expect(await page.getByText('Empty: #f4f6f8, the default.').count()).toBe(1);

    // Text that is not a colour: told under the box before anything is sent, and nothing is saved.
    const before = await gerbang.store.settings.get('theme');
    await background.fill('beige');
    await expect.poll(() => background.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').filter({ hasText: 'Write a colour as # and 3 or 6 hex digits, like #0f766e.' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect.poll(() => page.getByText('Nothing saved: correct the colours marked above.').count()).toBe(1);
    expect((await gerbang.store.settings.get('theme'))?.revision).toBe(before?.revision);

    // A short colour typed moves the picker; a colour picked fills the box.
    await background.fill('#ffc');
    await expect.poll(() => picker.inputValue()).toBe('#ffffcc');
    expect(await background.getAttribute('aria-invalid')).not.toBe('true');
    await picker.fill('#fffbeb');
    await expect.poll(() => background.inputValue()).toBe('#fffbeb');
    const preview = page.frameLocator('iframe[title="Preview of the sign-in page"]');
    await expect.poll(() => preview.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(255, 251, 235)');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect.poll(() => page.getByText('Saved: people see it at their next page.').count()).toBe(1);
    expect((await gerbang.store.settings.get('theme'))?.value).toMatchObject({ backgroundColor: '#fffbeb' });

    const context = await browser.newContext();
    const customer = await context.newPage();
    await customer.goto(`${gerbang.url}/login`);
    expect(await customer.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(255, 251, 235)');
    await context.close();
    expect(errors).toEqual([]);
  });

  it('creates a required purpose with texts in both languages, versions it, and refuses to delete one a journey uses', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation').getByRole('link', { name: 'Consent purposes' }).click();
    await page.getByRole('link', { name: 'New purpose' }).click();
    await page.getByLabel('Identifier').fill('partner-offers');
    await page.getByLabel('Name (English)').fill('Partner offers');
    await page.getByLabel('Text people agree to (English)').fill('Share my email with partners.');
    await page.getByLabel('Name (Bahasa Indonesia)').fill('Penawaran mitra');
    await page.getByLabel('Text people agree to (Bahasa Indonesia)').fill('Bagikan email saya ke mitra.');
    await page.getByLabel('Required: people cannot continue without agreeing').check();
    await page.getByRole('button', { name: 'Save purpose' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Partner offers');
    await page.getByLabel('Text people agree to (English)').fill('Share my email with our partners.');
    await page.getByRole('button', { name: 'Save purpose' }).click();
    await expect.poll(() => page.getByText('Saved as version 2.').count()).toBe(1);
    expect(await gerbang.store.consents.getPurpose('partner-offers')).toMatchObject({ version: 2, required: true, text: { en: 'Share my email with our partners.', id: 'Bagikan email saya ke mitra.' } });

    await page.getByRole('link', { name: '← All purposes' }).click();
    await page.getByRole('link', { name: 'Marketing emails' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Used by' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Delete purpose' }).click();
    await page.getByRole('group', { name: /Delete this purpose\?/ }).getByRole('button', { name: 'Delete purpose' }).click();
    await expect.poll(() => page.getByText(/This purpose is used by: /).count()).toBe(1);
    expect(await gerbang.store.consents.getPurpose('marketing-emails')).not.toBeNull();
    expect(errors).toEqual([]);
  });
});

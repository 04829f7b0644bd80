import { readFileSync } from 'node:fs';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { TestBrowser, decodeEntities } from '../support/browser.js';
import { MailCatcher } from '../support/mail.js';
import { axeViolations } from '../support/axe.js';

const PASSWORD = 'a long enough password';
const SUPPORT_PASSWORD = 'a long support agent password';
const FIREFOX_ON_ANDROID = 'Mozilla/5.0 (Android 14; Mobile; rv:130.0) Gecko/130.0 Firefox/130.0';
const codeBlock = (b: TestBrowser) => decodeEntities(/<pre class="code">([\s\S]*?)<\/pre>/.exec(b.page!.html)![1]);

describe('console: Users, as a support agent', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let support: ConsoleSignIn;
  let world: ConsoleWorld;
  const mail = new MailCatcher();
  beforeAll(async () => {
    ({ gerbang, browser } = world = await startConsoleWorld({ mail }));
    support = await world.administrator('agent@example.com', 'support', SUPPORT_PASSWORD);
  });
  afterAll(() => world?.close());

  /** A customer who signed up through the two-factor journey with an authenticator app. */
  async function customerWithAuthenticator(address: string) {
    const b = new TestBrowser(gerbang.url, { 'user-agent': FIREFOX_ON_ANDROID });
    await b.get('/login?flow=login-mfa');
    await b.submit({ email: address });
    await b.submit({ email: address, password: PASSWORD });
    await b.submit({}, { action: 'totp-start' });
    const secret = codeBlock(b).replace(/\s/g, '');
    await b.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
    await b.submit({}, { action: 'recovery-saved' });
    await b.submit({ given_name: 'Tono', family_name: 'Hadiwijaya' }, { action: 'save' });
    expect(b.title()).toBe('Welcome Tono');
  }

  /** The customer signs in again: email and password, then whatever the journey asks next. */
  async function customerSignsIn(address: string) {
    const b = new TestBrowser(gerbang.url);
    await b.get('/login?flow=login-mfa');
    await b.submit({ email: address });
    await b.submit({ email: address, password: PASSWORD });
    return b;
  }

  it('finds a customer by name, resets their authenticator (they are asked to set one up again), blocks, unblocks, unlocks, exports and deletes, each audited', { timeout: 180_000 }, async () => {
    await customerWithAuthenticator('tono@example.com');
    const customer = (await gerbang.store.users.findByEmail('tono@example.com'))!;
    const agent = (await gerbang.store.users.findByEmail('agent@example.com'))!;
    expect((await customerSignsIn('tono@example.com')).title()).toBe('Enter your code');

    const errors: string[] = [];
    const page = await support.open(browser, { errors });
    // Support sees the users and nothing else.
    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['Users', 'Attack protection']);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Users');

    await page.getByLabel('Email, name or user ID').fill('hadiwi');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'tono@example.com' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('tono@example.com');
    // Factors and sessions in words: the kind of factor, and the browser rather than its user agent.
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: /^Authenticator app · / }).count()).toBe(1);
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: /^Recovery codes · / }).count()).toBe(1);
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: ' · Firefox on Android · ' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'Gecko' }).count()).toBe(0);

    // Every browser the customer is signed in with is signed out, and the console says how many.
    await page.getByRole('button', { name: 'End all sessions' }).click();
    await expect.poll(() => page.getByText(/^Sessions ended: [1-9]/).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'End all sessions' }).count()).toBe(0);

    // Reset the second factor: the customer is asked to set up an authenticator app again.
    await page.getByRole('button', { name: 'Reset second factor' }).click();
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(() => page.getByText('Second factors removed; the user sets one up again at the next sign-in.').count()).toBe(1);
    await expect.poll(() => page.getByText('No second factor.').count()).toBe(1);
    // The password stays, and the list of browsers the account signed in from (for new-device emails).
    expect((await gerbang.store.credentials.listByUser(customer.id)).map((c) => c.type).sort()).toEqual(['known-browsers', 'password']);
    expect((await customerSignsIn('tono@example.com')).title()).toBe('Set up an authenticator app');

    // Block with a reason: the customer cannot sign in; unblock: they can again.
    await page.getByRole('button', { name: 'Block user' }).click();
    await page.getByLabel('Reason for blocking').fill('Chargeback fraud under review');
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await expect.poll(() => page.getByText('Blocked: this user cannot sign in.').count()).toBeGreaterThan(0);
    const refused = await customerSignsIn('tono@example.com');
    await refused.submit({}, { action: 'totp-start' });
    const secret = codeBlock(refused).replace(/\s/g, '');
    await refused.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
    await refused.submit({}, { action: 'recovery-saved' });
    expect(refused.page!.status).toBe(403);
    expect(refused.page!.html).toContain('This account is blocked');
    await page.getByRole('button', { name: 'Unblock user' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Block user', exact: true }).count()).toBe(1);
    expect((await gerbang.store.users.findById(customer.id))?.roles).toEqual([]);

    // A sign-in lock after wrong passwords ends with one click.
    await gerbang.store.users.lockLogin(customer.id, new Date(Date.now() + 3_600_000));
    await page.reload();
    await page.getByRole('button', { name: 'Unlock sign-in' }).click();
    await expect.poll(() => page.getByText('Sign-in unlocked.').count()).toBe(1);
    expect((await gerbang.store.users.findById(customer.id))?.lockedUntil).toBeNull();

    // The profile is edited in place; a bad phone number is told next to its field.
    await page.getByLabel('Phone number').fill('call me');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.getByText(/^Phone number: Please enter a valid phone number/).count()).toBe(1);
    await page.getByLabel('Phone number').fill('+62 812 3456 7890');
    await page.getByLabel('First name').fill('Tonny');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(async () => (await gerbang.store.users.findById(customer.id))?.attributes).toMatchObject({ given_name: 'Tonny', phone_number: '+6281234567890' });

    // Export: the file a person would download.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export data' }).click();
    const exported = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { profile: { email: string } };
    expect(exported.profile.email).toBe('tono@example.com');

    // Every action is in the user's audit trail with the agent who did it.
    const trail = await gerbang.store.audit.list({ userId: customer.id, limit: 50 });
    const byAgent = trail.filter((e) => e.actor === agent.id).map((e) => e.type);
    expect(byAgent).toEqual(expect.arrayContaining(['factors.reset', 'account.blocked', 'account.unblocked', 'account.unlocked', 'profile.updated', 'account.exported']));
    expect(trail.find((e) => e.type === 'account.blocked')?.details.reason).toBe('Chargeback fraud under review');

    // Delete with a reason: gone, and the trail keeps the reason without who it was.
    await page.getByRole('button', { name: 'Delete user' }).click();
    await page.getByLabel('Reason for deleting').fill('Customer asked by phone, ticket 4711');
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Users');
    expect(await gerbang.store.users.findById(customer.id)).toBeNull();
    const deleted = await gerbang.store.audit.list({ type: 'account.deleted', limit: 5 });
    expect(deleted[0]).toMatchObject({ actor: agent.id, userId: null, details: { reason: 'Customer asked by phone, ticket 4711' } });
    expect(errors).toEqual([]);
  });

  it('resends the verification link of a customer who never confirmed their email; the customer confirms it with one click', { timeout: 120_000 }, async () => {
    const hash = await argon2idHasher.hash(PASSWORD);
    const customer = await gerbang.store.users.create({ email: 'unconfirmed@example.com', emailVerified: false }, { type: 'password', data: { hash } });
    const page = await support.open(browser);
    await page.goto(`${gerbang.url}/designer/#/users/${customer.id}`);
    await expect.poll(() => page.getByText(/email not verified/).count()).toBe(1);
    const since = mail.mails.length;
    await page.getByRole('button', { name: 'Resend verification' }).click();
    await expect.poll(() => page.getByText('Verification link sent.').count()).toBe(1);
    const link = /(http:\/\/[^\s"<]+\/verify-email\?user=[A-Za-z0-9-]+&token=[A-Za-z0-9_-]{43})/.exec((await mail.next('unconfirmed@example.com', since)).text)![1];

    const context = await browser.newContext();
    const person = await context.newPage();
    await person.goto(link);
    expect(new URL(person.url()).search).toBe('');
    // Opening the link confirms nothing by itself (mail scanners open links); the click does.
    expect((await gerbang.store.users.findById(customer.id))?.emailVerified).toBe(false);
    await person.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => person.getByText('Thank you: unconfirmed@example.com is confirmed.').count()).toBe(1);
    expect((await gerbang.store.users.findById(customer.id))?.emailVerified).toBe(true);
    await context.close();
    // The support page now shows it confirmed, and offers no more link.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('unconfirmed@example.com');
    expect(await page.getByRole('button', { name: 'Resend verification' }).count()).toBe(0);
  });

  it('adds a person: the mail arrives, they follow the link, choose a password and are signed in; support sends a reset link from their page', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await support.open(browser, { errors });
    await page.goto(`${gerbang.url}/designer/#/users`);
    await page.getByRole('button', { name: 'Add person' }).click();
    const form = page.getByRole('form', { name: 'Add person' });
    await form.getByLabel('Email address').fill('sari@example.com');
    await form.getByLabel('First name').fill('Sari');
    await form.getByLabel('Last name').fill('Wulandari');
    expect(await axeViolations(page)).toEqual([]);
    const since = mail.mails.length;
    await form.getByRole('button', { name: 'Add and send the link' }).click();
    await expect.poll(() => page.getByText('sari@example.com was added: a link to choose a password was mailed to them.').count()).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: 'sari@example.com' }).count()).toBe(1);

    // The same address again is refused under the email field.
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('form', { name: 'Add person' }).getByLabel('Email address').fill('sari@example.com');
    await page.getByRole('form', { name: 'Add person' }).getByRole('button', { name: 'Add and send the link' }).click();
    await expect.poll(() => page.getByText('sari@example.com already has an account.').count()).toBe(1);
    expect(await page.getByRole('form', { name: 'Add person' }).getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');

    const link = /(http:\/\/[^\s"<]+\/set-password\?user=[A-Za-z0-9-]+&token=[A-Za-z0-9_-]{43})/.exec((await mail.next('sari@example.com', since)).text)![1];
    const context = await browser.newContext();
    const person = await context.newPage();
    await person.goto(link);
    expect(new URL(person.url()).search).toBe('');
    await expect.poll(() => person.getByRole('heading', { level: 1 }).textContent()).toBe('Choose your password');
    expect(await axeViolations(person)).toEqual([]);
    await person.getByLabel('New password', { exact: true }).fill('sari chooses a long password');
    await person.getByLabel('Repeat the new password').fill('sari chooses a long password');
    await person.getByRole('button', { name: 'Save password' }).click();
    await expect.poll(() => person.getByText('Your password is set and you are signed in.').count()).toBe(1);
    await person.getByRole('link', { name: 'Go to your account' }).click();
    await expect.poll(() => person.getByRole('heading', { level: 1 }).textContent()).toBe('Your account');
    await context.close();

    // From the person's page, support mails a reset link.
    await page.getByRole('link', { name: 'sari@example.com' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('sari@example.com');
    const before = mail.mails.length;
    await page.getByRole('button', { name: 'Send password reset link' }).click();
    await expect.poll(() => page.getByText('A link to choose a new password was mailed.').count()).toBe(1);
    expect((await mail.next('sari@example.com', before)).text).toContain('/set-password?user=');
    expect(errors).toEqual([]);
  });

  it('imports a small JSON lines file and shows what became of each line', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await support.open(browser, { errors });
    await page.goto(`${gerbang.url}/designer/#/users`);
    await page.getByRole('button', { name: 'Import people' }).click();
    const form = page.getByRole('form', { name: 'Import people' });
    const file = [
      JSON.stringify({ email: 'rudi@example.com', emailVerified: true, attributes: { given_name: 'Rudi' }, passwordHash: '$2b$04$QcwP/DkK.BKPwZBbz2ziwueJMUFzSPlDLmMLp7Zr7eh8cz1fOuZqm' }),
      JSON.stringify({ email: 'agent@example.com' }),
      JSON.stringify({ email: 'no-address' }),
    ].join('\n');
    await form.getByLabel('File (JSON lines or a JSON array, at most 1 MB)').setInputFiles({ name: 'people.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(file) });
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Import' }).click();
    const result = page.getByRole('table', { name: 'Import result' });
    await expect.poll(() => page.getByText('1 created, 1 skipped, 1 refused.').count()).toBe(1);
    const rows = result.getByRole('row');
    await expect.poll(() => rows.nth(1).textContent()).toBe('1rudi@example.comCreatedpassword hash imported');
    expect(await rows.nth(2).textContent()).toBe('2agent@example.comSkippedAn account with this email address exists already.');
    expect(await rows.nth(3).textContent()).toMatch(/^3no-addressRefusedEmail address is not written the expected way/);
    expect(await axeViolations(page)).toEqual([]);
    // The imported person is in the list, and their page is one click away.
    await result.getByRole('link', { name: 'rudi@example.com' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('rudi@example.com');
    await expect.poll(() => page.getByText('language not known yet').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('imports in Bahasa Indonesia: the form, the summary and why each line was skipped or refused read in Indonesian', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await support.open(browser, { errors });
    await page.goto(`${gerbang.url}/designer/#/users`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.getByRole('button', { name: 'Impor orang' }).click();
    const form = page.getByRole('form', { name: 'Impor orang' });
    const file = [
      JSON.stringify({ email: 'wati@example.com', attributes: { given_name: 'Wati' }, language: 'id' }),
      JSON.stringify({ email: 'agent@example.com' }),
      JSON.stringify({ email: 'bayu@example.com', passwordHash: '$md5$abcdefghijklmnop' }),
      '{ bukan json',
    ].join('\n');
    await form.getByLabel('Berkas (JSON lines atau larik JSON, paling besar 1 MB)').setInputFiles({ name: 'orang.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(file) });
    await form.getByRole('button', { name: 'Impor' }).click();
    const result = page.getByRole('table', { name: 'Hasil impor' });
    await expect.poll(() => page.getByText('1 dibuat, 1 dilewati, 2 ditolak.').count()).toBe(1);
    const rows = result.getByRole('row');
    expect(await rows.nth(1).textContent()).toBe('1wati@example.comDibuat');
    expect(await rows.nth(2).textContent()).toBe('2agent@example.comDilewatiSudah ada akun dengan alamat email ini.');
    expect(await rows.nth(3).textContent()).toBe('3bayu@example.comDitolakHash kata sandi tidak dalam pengodean yang dibaca Gerbang (argon2, bcrypt, PBKDF2-SHA256, atau scrypt dalam format PHC).');
    expect(await rows.nth(4).textContent()).toBe('4DitolakBaris ini bukan JSON yang valid.');
    expect(await axeViolations(page)).toEqual([]);
    // The language the upload said is the person's, shown on their page.
    await result.getByRole('link', { name: 'wati@example.com' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('wati@example.com');
    await expect.poll(() => page.getByText('berbahasa Bahasa Indonesia').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { fullDiskAtPasswordChange } from '../support/full-disk.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { tokenApi } from '../support/admin-api.js';
import { MailCatcher, type ReceivedMail } from '../support/mail.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'a long enough password';
const OLD_PASSWORD = 'the password before the reset';

const setPasswordLink = (mail: ReceivedMail) => {
  const m = /(http:\/\/[^\s"<]+\/set-password\?user=[A-Za-z0-9-]+&token=[A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!m) throw new Error(`no set-password link in: ${mail.text}`);
  return m[1];
};

describe('an administrator adds a person, who chooses their password through a one-time link', () => {
  const mail = useStarted(new MailCatcher());
  let dataDir = '';
  const gerbang = useGerbang(() => ({ ...mail.env(), ADMIN_API_TOKEN: TOKEN }), { beforeStart: async (dir) => void (dataDir = dir) });
  const api = tokenApi(() => gerbang.url, TOKEN);
  let n = 0;
  const address = () => `added${++n}.${Date.now()}@example.com`;

  /** Signs in through /login with email and password; the journey's first page title after it. */
  async function signIn(email: string, password: string) {
    const b = new TestBrowser(gerbang.url);
    await b.get('/login?return_to=/account');
    await b.submit({ email });
    await b.submit({ email, password });
    return b;
  }

  it('adds the person with their profile, mails the link; they choose a password under the policy and are signed in', async () => {
    const email = address();
    const since = mail.mails.length;
    const added = await api('POST', '/users', { email: email.toUpperCase(), attributes: { given_name: 'Ayu', family_name: 'Lestari' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email, emailVerified: false, attributes: { given_name: 'Ayu', family_name: 'Lestari' } });
    const welcome = await mail.next(email, since);
    expect(welcome.text).toContain('Your account is ready: choose your password');
    expect(welcome.text).toContain('expires in 72 hours');

    const b = new TestBrowser(gerbang.url);
    await b.get(setPasswordLink(welcome));
    // The token leaves the address bar at once (history, logs, referrers).
    expect(b.page!.url).not.toContain('token=');
    expect(b.title()).toBe('Choose your password');
    // A weak password is refused inline and costs the link nothing.
    await b.submit({ password: 'short', confirm: 'short' });
    expect(b.page!.status).toBe(422);
    expect(b.errors().join(' ')).toMatch(/at least/);
    await b.submit({ password: PASSWORD, confirm: 'another one entirely' });
    expect(b.errors()).toEqual(['The two passwords are not the same.']);
    await b.submit({ password: PASSWORD, confirm: PASSWORD });
    expect(b.page!.status).toBe(200);
    expect(b.page!.html).toContain('Your password is set and you are signed in.');
    await b.get('/account');
    expect(b.title()).toBe('Your account');

    const user = (await gerbang.store.users.findByEmail(email))!;
    expect(user.emailVerified).toBe(true);
    const [credential] = await gerbang.store.credentials.listByUser(user.id, 'password');
    expect(String(credential.data.hash)).toMatch(/^\$argon2id\$/);
    expect((await signIn(email, PASSWORD)).title()).toBe('Your account');
    const audit = await api('GET', `/users/${user.id}/audit`);
    expect(audit.body.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['user.created', 'password.link.sent', 'password.changed', 'signin']));
  });

  it('refuses an email that has an account, an attribute outside the identity schema and a value against its rules, naming the field; nothing is written', async () => {
    const email = address();
    expect((await api('POST', '/users', { email })).status).toBe(201);
    const twice = await api('POST', '/users', { email });
    expect(twice.status).toBe(422);
    expect(twice.body).toMatchObject({ error: 'invalid_field', field: 'email' });
    expect(twice.body.message).toContain('already has an account');

    const other = address();
    const unknown = await api('POST', '/users', { email: other, attributes: { shoe_size: '42' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.field).toBe('attributes.shoe_size');
    const badDate = await api('POST', '/users', { email: other, attributes: { birthdate: 'yesterday' } });
    expect(badDate.status).toBe(422);
    expect(badDate.body.field).toBe('attributes.birthdate');
    expect((await api('POST', '/users', { email: 'not an address' })).status).toBe(400);
    expect(await gerbang.store.users.findByEmail(other)).toBeNull();
  });

  it('support sends a reset link: the old password works until a new one is chosen, then only the new one; the link works once', async () => {
    const email = address();
    const user = await gerbang.store.users.create({ email, emailVerified: true, attributes: { given_name: 'Budi', family_name: 'Santoso' } }, { type: 'password', data: { hash: await argon2idHasher.hash(OLD_PASSWORD) } });
    const since = mail.mails.length;
    expect((await api('POST', `/users/${user.id}/password-link`, { lang: 'id' })).status).toBe(200);
    const reset = await mail.next(email, since);
    expect(reset.text).toContain('Pilih kata sandi baru');
    expect(reset.text).toContain('berlaku 24 jam');
    expect((await signIn(email, OLD_PASSWORD)).title()).toBe('Your account');

    const link = setPasswordLink(reset);
    const b = new TestBrowser(gerbang.url);
    await b.get(link);
    await b.submit({ password: PASSWORD, confirm: PASSWORD });
    expect(b.page!.html).toContain('you are signed in');
    expect((await signIn(email, OLD_PASSWORD)).title()).not.toBe('Your account');
    expect((await signIn(email, PASSWORD)).title()).toBe('Your account');

    // The same link again: refused, and the password stays.
    const again = new TestBrowser(gerbang.url);
    await again.get(link);
    expect(again.page!.status).toBe(410);
    expect(again.page!.html).toContain('not valid any more');
  });

  it('two browsers racing with one link: exactly one sets its password', async () => {
    const email = address();
    const since = mail.mails.length;
    const added = await api('POST', '/users', { email });
    const link = setPasswordLink(await mail.next(email, since));
    const browsers = [new TestBrowser(gerbang.url), new TestBrowser(gerbang.url)];
    for (const b of browsers) await b.get(link);
    const passwords = ['first racer password', 'second racer password'];
    await Promise.all(browsers.map((b, i) => b.submit({ password: passwords[i], confirm: passwords[i] })));
    const statuses = browsers.map((b) => b.page!.status).sort();
    expect(statuses).toEqual([200, 410]);
    const winner = passwords[browsers.findIndex((b) => b.page!.status === 200)];
    const [credential] = await gerbang.store.credentials.listByUser(added.body.id, 'password');
    expect(await argon2idHasher.verify(String(credential.data.hash), winner)).toBe(true);
    expect((await gerbang.store.credentials.listByUser(added.body.id, 'password')).length).toBe(1);
  });

  it('the database failing as the new password is stored writes nothing of it, and the same link works once the database is back', async () => {
    const email = address();
    const user = await gerbang.store.users.create({ email, attributes: { given_name: 'Rina', family_name: 'Wijaya' } }, { type: 'password', data: { hash: await argon2idHasher.hash(OLD_PASSWORD) } });
    await gerbang.store.users.lockLogin(user.id, new Date(Date.now() + 3600_000));
    const since = mail.mails.length;
    expect((await api('POST', `/users/${user.id}/password-link`, {})).status).toBe(200);
    const link = setPasswordLink(await mail.next(email, since));
    const b = new TestBrowser(gerbang.url);
    await b.get(link);

    // The disk fills up at the last write of the change (its audit event), after the others were made.
    const disk = fullDiskAtPasswordChange(gerbang.store, join(dataDir, 'gerbang.sqlite'));
    try {
      await b.submit({ password: PASSWORD, confirm: PASSWORD });
      expect(b.page!.status).toBe(500);
    } finally {
      disk.free();
    }
    // Nothing of it was written: the old password, the unverified email and the lock are as they were.
    const [credential] = await gerbang.store.credentials.listByUser(user.id, 'password');
    expect(await argon2idHasher.verify(String(credential.data.hash), OLD_PASSWORD)).toBe(true);
    const after = (await gerbang.store.users.findById(user.id))!;
    expect(after.emailVerified).toBe(false);
    expect(after.lockedUntil).not.toBeNull();

    // The person tries again with the same link: it works.
    await b.get('/set-password');
    await b.submit({ password: PASSWORD, confirm: PASSWORD });
    expect(b.page!.status).toBe(200);
    expect(b.page!.html).toContain('you are signed in');
    expect((await gerbang.store.users.findById(user.id))!.emailVerified).toBe(true);
    expect((await signIn(email, PASSWORD)).title()).toBe('Your account');
  });

  it('a reset link for a blocked account is refused; an unknown user is 404', async () => {
    const email = address();
    const added = await api('POST', '/users', { email, sendLink: false });
    expect((await api('POST', `/users/${added.body.id}/block`, { reason: 'fraud suspected' })).status).toBe(200);
    expect((await api('POST', `/users/${added.body.id}/password-link`, {})).status).toBe(409);
    expect((await api('POST', '/users/00000000-0000-0000-0000-000000000000/password-link', {})).status).toBe(404);
  });

  it('speaks Indonesian to a browser that asks for it, and sends an account with a second factor to the sign-in instead of signing it in', async () => {
    const email = address();
    const user = await gerbang.store.users.create({ email, emailVerified: true, attributes: { given_name: 'Wayan' } }, { type: 'password', data: { hash: await argon2idHasher.hash(OLD_PASSWORD) } });
    await gerbang.store.credentials.add(user.id, { type: 'totp', data: { secret: 'sealed-elsewhere' } });
    const since = mail.mails.length;
    await api('POST', `/users/${user.id}/password-link`, { lang: 'id' });
    const b = new TestBrowser(gerbang.url, { 'accept-language': 'id-ID,id;q=0.9' });
    await b.get(setPasswordLink(await mail.next(email, since)));
    expect(b.title()).toBe('Pilih kata sandi Anda');
    await b.submit({ password: PASSWORD, confirm: 'lain sama sekali' });
    expect(b.errors()).toEqual(['Kedua kata sandi tidak sama.']);
    await b.submit({ password: PASSWORD, confirm: PASSWORD });
    expect(b.page!.html).toContain('Anda juga akan diminta faktor kedua');
    expect(b.cookie('gb_sid')).toBeUndefined();
    expect(await gerbang.store.sessions.listByUser(user.id)).toEqual([]);
  });
});

describe('a link to choose a password expires', () => {
  const mail = useStarted(new MailCatcher());
  let now = Date.now();
  const gerbang = useGerbang(() => ({ ...mail.env(), ADMIN_API_TOKEN: TOKEN }), { hooks: { clock: () => new Date(now) } });
  const api = tokenApi(() => gerbang.url, TOKEN);

  it('a new account’s link works for 72 hours, then the page says it is not valid any more', async () => {
    const since = mail.mails.length;
    await api('POST', '/users', { email: 'late@example.com', attributes: { given_name: 'Lambat' } });
    const link = setPasswordLink(await mail.next('late@example.com', since));
    now += 71 * 3_600_000;
    const early = new TestBrowser(gerbang.url);
    await early.get(link);
    expect(early.title()).toBe('Choose your password');
    now += 2 * 3_600_000;
    await early.submit({ password: PASSWORD, confirm: PASSWORD });
    expect(early.page!.status).toBe(410);
    const late = new TestBrowser(gerbang.url);
    await late.get(link);
    expect(late.page!.status).toBe(410);
    expect(await gerbang.store.credentials.listByUser((await gerbang.store.users.findByEmail('late@example.com'))!.id, 'password')).toEqual([]);
  });
});

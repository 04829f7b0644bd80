import { describe, expect, it } from 'vitest';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { MailCatcher } from '../support/mail.js';

const PASSWORD = 'correct horse battery';
const FIREFOX = { 'user-agent': 'Mozilla/5.0 (Android 14; Mobile; rv:130.0) Gecko/130.0 Firefox/130.0' };

/** The new-device notice through SMTP on loopback, and its "this wasn't me" link. */
describe('new-device email', () => {
  const mail = useStarted(new MailCatcher());
  const gerbang = useGerbang(() => mail.env());


  async function signIn(browser: TestBrowser, email: string) {
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Welcome Wulan');
  }

  it('tells the owner of a sign-in from a new browser, and "this wasn\'t me" signs the account out everywhere', async () => {
    const email = `devices.${Date.now()}@example.com`;
    const user = await gerbang.store.users.create({ email, attributes: { given_name: 'Wulan', family_name: 'Sari' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
    // The first browser ever, and the same one again: nothing to tell.
    const laptop = new TestBrowser(gerbang.url, {}, [], '127.0.0.60');
    await signIn(laptop, email);
    await signIn(laptop, email);
    // A browser the account has not used: one email.
    const phone = new TestBrowser(gerbang.url, FIREFOX, [], '127.0.0.61');
    await signIn(phone, email);
    const notice = await mail.next(email, 0);
    expect(notice.text).toContain('New sign-in to your account');
    expect(notice.text).toContain('Firefox on Android, address 127.0.0.61');
    expect(mail.count(email)).toBe(1);
    // The laptop again is known: no email.
    await signIn(laptop, email);
    expect(mail.count(email)).toBe(1);
    expect((await gerbang.store.audit.list({ userId: user.id, type: 'signin.new-device', limit: 5 })).length).toBe(1);

    // "This wasn't me", opened anywhere: a page first (a mail scanner's visit changes nothing)...
    const link = /(http:\/\/\S+\/security\/not-me\?token=\S+)/.exec(notice.text)![1];
    const owner = new TestBrowser(gerbang.url, {}, [], '127.0.0.62');
    await owner.get(new URL(link).pathname + new URL(link).search);
    expect(owner.title()).toBe('This wasn\'t me');
    expect(await gerbang.store.sessions.listByUser(user.id)).not.toEqual([]);
    // ...then, confirmed: signed out everywhere, on to a new password.
    await owner.submit({});
    expect(owner.page!.html).toContain('Your account was signed out everywhere. Now choose a new password.');
    expect(owner.page!.html).toContain('href="/login?flow=password-reset"');
    expect(await gerbang.store.sessions.listByUser(user.id)).toEqual([]);
    await laptop.get('/');
    expect(laptop.page!.html).not.toContain(`signed in as ${email}`);
    expect(await gerbang.store.audit.list({ userId: user.id, type: 'signin.disowned', limit: 5 })).toHaveLength(1);
    // The link works once.
    const again = new TestBrowser(gerbang.url, {}, [], '127.0.0.62');
    await again.get(new URL(link).pathname + new URL(link).search);
    await again.submit({});
    expect(again.page!.status).toBe(400);
    expect(again.page!.html).toContain('This link has expired or was already used.');
  });

  it('the account page names each signed-in browser in words, in the page language, not as its user agent', async () => {
    const email = `sessions.${Date.now()}@example.com`;
    await gerbang.store.users.create({ email, attributes: { given_name: 'Wulan', family_name: 'Sari' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
    const phone = new TestBrowser(gerbang.url, FIREFOX, [], '127.0.0.63');
    await signIn(phone, email);
    await phone.get('/account');
    const sessions = /<section class="section" id="sessions">[\s\S]*?<\/section>/.exec(phone.page!.html)![0];
    expect(sessions).toContain('Firefox on Android');
    expect(sessions).not.toContain('Gecko');
    await phone.get('/account?lang=id');
    expect(/<section class="section" id="sessions">[\s\S]*?<\/section>/.exec(phone.page!.html)![0]).toContain('Firefox di Android');
  });
});

import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { tokenApi } from '../support/admin-api.js';
import { MailCatcher } from '../support/mail.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'correct horse battery';

/**
 * Mails sent outside a hosted page (the attack notice, support's links) speak the language the
 * person signed up in, English when Gerbang does not know it.
 */
describe('mails outside a page are written in the language the person signed up in', () => {
  const mail = useStarted(new MailCatcher());
  // The owner is told after more than two failures, so three wrong passwords from three addresses do it.
  const gerbang = useGerbang(() => ({ ...mail.env(), ADMIN_API_TOKEN: TOKEN, SIGNIN_ACCOUNT_FAILURES: '2' }));
  const api = tokenApi(() => gerbang.url, TOKEN);
  let n = 0;
  const address = () => `speaker${++n}.${Date.now()}@example.com`;

  async function signUp(email: string, query: string) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get(`/login${query}`);
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    return browser;
  }

  async function wrongPasswords(email: string, subnet: number) {
    for (let a = 1; a <= 3; a++) {
      const attacker = new TestBrowser(gerbang.url, {}, [], `127.0.${subnet}.${a}`);
      await attacker.get('/login');
      await attacker.submit({ email });
      await attacker.submit({ email, password: `guess ${a}` });
    }
  }

  it('sends the attack notice and the verification link in Bahasa Indonesia to a person who signed up with ?lang=id', async () => {
    const email = address();
    const browser = await signUp(email, '?lang=id');
    expect(browser.title()).toBe('Ceritakan sedikit tentang Anda');
    const user = await gerbang.store.users.findByEmail(email);
    expect(user?.language).toBe('id');
    // What Gerbang holds about the person: their data export says it too.
    expect(((await api('GET', `/users/${user!.id}/export`)).body as { profile: { language: string } }).profile.language).toBe('id');

    const since = mail.mails.length;
    await wrongPasswords(email, 3);
    const notice = await mail.next(email, since);
    expect(notice.text).toContain('Seseorang telah mencoba banyak kata sandi salah pada akun Anda');
    expect(notice.text).not.toContain('Someone has tried many wrong passwords');

    const before = mail.mails.length;
    expect((await api('POST', `/users/${user!.id}/verification`)).status).toBe(200);
    const link = await mail.next(email, before);
    expect(link.text).toContain('Buka tautan ini di peramban yang sama untuk melanjutkan');

    // Support's set-password link too, unless support picks a language for it.
    const reset = mail.mails.length;
    expect((await api('POST', `/users/${user!.id}/password-link`, {})).status).toBe(200);
    expect((await mail.next(email, reset)).text).toContain('Tim dukungan mengirimkan tautan ini');
    const chosen = mail.mails.length;
    expect((await api('POST', `/users/${user!.id}/password-link`, { lang: 'en' })).status).toBe(200);
    expect((await mail.next(email, chosen)).text).toContain('Support sent you this link to choose a new password');
  }, 60_000);

  it('sends them in English to a person who signed up in English', async () => {
    const email = address();
    const browser = await signUp(email, '');
    expect(browser.title()).toBe('Tell us a little about yourself');
    const user = await gerbang.store.users.findByEmail(email);
    expect(user?.language).toBe('en');

    const since = mail.mails.length;
    await wrongPasswords(email, 4);
    expect((await mail.next(email, since)).text).toContain('Someone has tried many wrong passwords on your account');

    const before = mail.mails.length;
    expect((await api('POST', `/users/${user!.id}/verification`)).status).toBe(200);
    expect((await mail.next(email, before)).text).toContain('Open this link in the same browser to continue');
  }, 60_000);

  it('remembers the language of a later sign-in in another language', async () => {
    const email = address();
    const browser = await signUp(email, '');
    await browser.submit({ given_name: 'Anna', family_name: '' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Anna');
    const user = await gerbang.store.users.findByEmail(email);
    expect(user?.language).toBe('en');

    const indonesian = new TestBrowser(gerbang.url);
    await indonesian.get('/login?lang=id');
    await indonesian.submit({ email });
    await indonesian.submit({ email, password: PASSWORD });
    expect(indonesian.title()).toBe('Selamat datang Anna');
    expect((await gerbang.store.users.findById(user!.id))?.language).toBe('id');
    const before = mail.mails.length;
    expect((await api('POST', `/users/${user!.id}/verification`)).status).toBe(200);
    // The new-device notice of that sign-in may arrive in between: the verification mail is the one with its link.
    const verification = await mail.next(email, before, (m) => m.text.includes('/verify-email?'));
    expect(verification.text).toContain('Buka tautan ini di peramban yang sama untuk melanjutkan');
  }, 60_000);

  it('keeps the language support chose for the welcome mail of a person it adds', async () => {
    const email = address();
    const since = mail.mails.length;
    const added = await api('POST', '/users', { email, lang: 'id' });
    expect(added.status).toBe(201);
    await mail.next(email, since);
    const user = await gerbang.store.users.findByEmail(email);
    expect(user?.language).toBe('id');
    const before = mail.mails.length;
    expect((await api('POST', `/users/${user!.id}/verification`)).status).toBe(200);
    expect((await mail.next(email, before)).text).toContain('Buka tautan ini di peramban yang sama untuk melanjutkan');
  }, 60_000);
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useStarted, withGerbang, type TestEnv } from '../support/gerbang.js';
import type { Gerbang } from '../../engine/server.js';
import { MailCatcher, codeIn, hasCode } from '../support/mail.js';
import { fullDiskAtPasswordChange } from '../support/full-disk.js';

const OLD_PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';
const PROFILE = { given_name: 'Ayu', family_name: 'Lestari' };

/**
 * The reset journey's new password is written together with everything it ends: whoever knew the old
 * password (signed in on another browser) is signed out by the same write that changes it, and a
 * failure of that write changes nothing at all.
 */
describe('a password reset through the journey is one write', () => {
  const mail = useStarted(new MailCatcher());
  let n = 0;
  const newEmail = () => `reset${++n}.${Date.now()}@example.com`;

  /** A server on a fresh data directory, whose SQLite file a test may open beside it. */
  function withServer(use: (gerbang: Gerbang, databaseFile: string) => Promise<void>) {
    let file = '';
    const env: TestEnv = mail.env();
    return withGerbang(env, (gerbang) => use(gerbang, file), { beforeStart: async (dir) => void (file = join(dir, 'gerbang.sqlite')) });
  }

  async function signIn(gerbang: Gerbang, email: string, password: string) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password });
    return browser;
  }

  const signedIn = async (browser: TestBrowser, email: string) => {
    await browser.get('/');
    return browser.page!.html.includes(`signed in as ${email}`);
  };

  /** Someone runs the reset journey up to the new password's form, with the code mailed to the address. */
  async function resetUpToNewPassword(gerbang: Gerbang, email: string) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=password-reset');
    const sent = mail.mails.length;
    await browser.submit({ email });
    await browser.submit({ code: codeIn(await mail.next(email, sent, hasCode)) }, { action: 'verify' });
    expect(browser.title()).toBe('Choose a new password');
    return browser;
  }

  it("signs out the person's other browser and lets only the new password in", () =>
    withServer(async (gerbang) => {
      const email = newEmail();
      await gerbang.store.users.create({ email, attributes: PROFILE }, { type: 'password', data: { hash: await argon2idHasher.hash(OLD_PASSWORD) } });
      const laptop = await signIn(gerbang, email, OLD_PASSWORD);
      expect(await signedIn(laptop, email)).toBe(true);

      const phone = await resetUpToNewPassword(gerbang, email);
      await phone.submit({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { action: 'save' });
      expect(phone.page!.html).toContain(`You are signed in as ${email}.`);

      // Whoever was signed in with the old password is out.
      expect(await signedIn(laptop, email)).toBe(false);
      const old = await signIn(gerbang, email, OLD_PASSWORD);
      expect(old.errors()).toContain('That password is not right. Please try again.');
      const fresh = await signIn(gerbang, email, NEW_PASSWORD);
      expect(await signedIn(fresh, email)).toBe(true);
      const audit = await gerbang.store.audit.list({ userId: (await gerbang.store.users.findByEmail(email))!.id, limit: 20 });
      expect(audit.filter((e) => e.type === 'password.changed')).toHaveLength(1);
    }));

  it('changes nothing when the write fails midway: the old password still works and the other browser stays signed in', () =>
    withServer(async (gerbang, databaseFile) => {
      const email = newEmail();
      await gerbang.store.users.create({ email, attributes: PROFILE }, { type: 'password', data: { hash: await argon2idHasher.hash(OLD_PASSWORD) } });
      const laptop = await signIn(gerbang, email, OLD_PASSWORD);
      const phone = await resetUpToNewPassword(gerbang, email);

      // The disk fills just as the change's last record (its audit event) is written.
      const disk = fullDiskAtPasswordChange(gerbang.store, databaseFile);
      try {
        await phone.submit({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { action: 'save' });
        expect(phone.page!.status).toBeGreaterThanOrEqual(500);
        expect(phone.page!.html).not.toContain(`You are signed in as ${email}.`);

        expect(await signedIn(laptop, email)).toBe(true);
        const withNew = await signIn(gerbang, email, NEW_PASSWORD);
        expect(withNew.errors()).toContain('That password is not right. Please try again.');
        expect(await signedIn(await signIn(gerbang, email, OLD_PASSWORD), email)).toBe(true);
      } finally {
        disk.free();
      }

      // Once the disk has room again, the reset goes through.
      const again = await resetUpToNewPassword(gerbang, email);
      await again.submit({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { action: 'save' });
      expect(again.page!.html).toContain(`You are signed in as ${email}.`);
      expect(await signedIn(laptop, email)).toBe(false);
    }));

  it("the account page's password change also writes nothing when the write fails midway, then signs out only the other browsers", () =>
    withServer(async (gerbang, databaseFile) => {
      const email = newEmail();
      await gerbang.store.users.create({ email, attributes: PROFILE }, { type: 'password', data: { hash: await argon2idHasher.hash(OLD_PASSWORD) } });
      const phone = await signIn(gerbang, email, OLD_PASSWORD);
      const laptop = await signIn(gerbang, email, OLD_PASSWORD);
      const changePassword = async () => {
        await laptop.get('/account');
        const form = /<form[^>]*action="\/account\/password"[\s\S]*?<\/form>/.exec(laptop.page!.html)![0];
        const hidden = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
        await laptop.post('/account/password', { ...hidden, current_password: OLD_PASSWORD, new_password: NEW_PASSWORD });
      };

      const disk = fullDiskAtPasswordChange(gerbang.store, databaseFile);
      try {
        await changePassword();
        expect(laptop.page!.html).not.toContain('Your password was changed.');
        expect(await signedIn(phone, email)).toBe(true);
        expect(await signedIn(await signIn(gerbang, email, OLD_PASSWORD), email)).toBe(true);
      } finally {
        disk.free();
      }

      await changePassword();
      expect(laptop.page!.html).toContain('Your password was changed.');
      expect(await signedIn(laptop, email)).toBe(true);
      expect(await signedIn(phone, email)).toBe(false);
      expect(await signedIn(await signIn(gerbang, email, NEW_PASSWORD), email)).toBe(true);
    }));
});

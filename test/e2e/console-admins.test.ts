import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { MailCatcher, type ReceivedMail } from '../support/mail.js';

const invitationLink = (mail: ReceivedMail) => {
  const m = /(http:\/\/[^\s"<]+\/console\/invitation\?user=[A-Za-z0-9-]+&token=[A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!m) throw new Error('no invitation link in mail');
  return m[1];
};

describe('console: Administrators and roles', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let owner: ConsoleSignIn;
  let world: ConsoleWorld;
  const mail = new MailCatcher();
  beforeAll(async () => {
    ({ gerbang, browser, owner } = world = await startConsoleWorld({ mail }));
  });
  afterAll(() => world?.close());

  it('invites a support agent by email, who chooses a password, sets up a second factor and sees only Users and Attack protection (unblocking customers); the owner changes and removes the role', { timeout: 180_000 }, async () => {
    const errors: string[] = [];
    const page = await owner.open(browser, { errors });
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Administrators' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Administrators');
    await expect.poll(() => page.getByRole('cell', { name: 'admin@example.com', exact: true }).count()).toBe(1);

    // The list's create action, at the top right like every list's, opens the invitation form.
    await page.getByRole('button', { name: 'Invite an administrator' }).click();
    // The bootstrap owner is already an administrator: told next to the field.
    await page.getByLabel('Email address').fill('admin@example.com');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.getByText('admin@example.com is already an administrator.').count()).toBe(1);

    await page.getByLabel('Email address').fill('dewi@example.com');
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Support' });
    const since = mail.mails.length;
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.getByText('Invitation sent to dewi@example.com').count()).toBe(1);
    await expect.poll(() => page.getByRole('row', { name: /dewi@example.com/ }).getByRole('cell', { name: 'Invited' }).count()).toBe(1);

    // Dewi opens the link from the mail in her own browser and chooses a password.
    const link = invitationLink(await mail.next('dewi@example.com', since));
    const dewiContext = await browser.newContext();
    const dewi = await dewiContext.newPage();
    dewi.setDefaultTimeout(20_000);
    await dewi.goto(link);
    expect(new URL(dewi.url()).search).toBe('');
    await expect.poll(() => dewi.getByRole('heading', { level: 1 }).textContent()).toBe('Join the Gerbang console');
    await dewi.getByLabel('Choose a password').fill('short');
    await dewi.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => dewi.getByText(/Use at least \d+ characters/).count()).toBe(1);
    await dewi.getByLabel('Choose a password').fill('a long password for dewi');
    await dewi.getByRole('button', { name: 'Set password' }).click();
    await dewi.getByRole('link', { name: 'Sign in to the console' }).click();
    // The administrators' own sign-in: password, then a second factor is set up.
    await dewi.getByLabel('Email address').fill('dewi@example.com');
    await dewi.getByRole('button', { name: 'Continue' }).click();
    await dewi.getByLabel('Password').fill('a long password for dewi');
    await dewi.getByRole('button', { name: 'Sign in' }).click();
    await dewi.getByRole('button', { name: 'an authenticator app' }).click();
    await dewi.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = ((await dewi.textContent('pre.code')) ?? '').replace(/\s/g, '');
    await dewi.getByLabel('6-digit code').fill(await generate({ secret }));
    await dewi.getByRole('button', { name: 'Confirm' }).click();
    await dewi.getByRole('button', { name: 'I have saved them' }).click();
    await dewi.waitForURL('**/designer/**');
    await expect.poll(() => dewi.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents()).toEqual(['Users', 'Attack protection']);

    // The link is used up.
    const again = await dewiContext.newPage();
    await again.goto(link);
    await expect.poll(() => again.getByText(/This invitation link is not valid any more/).count()).toBe(1);

    // The owner sees her active, makes her an auditor, which her next request feels at once.
    await page.reload();
    await expect.poll(() => page.getByRole('row', { name: /dewi@example.com/ }).getByRole('cell', { name: 'Active' }).count()).toBe(1);
    await page.getByLabel('Role of dewi@example.com').selectOption({ label: 'Auditor' });
    await expect.poll(() => page.getByText('Role changed.').count()).toBe(1);
    const me = await dewi.evaluate(async () => (await (await fetch('/api/me')).json()) as { roles: string[] });
    expect(me.roles).toEqual(['auditor']);

    // The last owner cannot be demoted.
    await page.getByLabel('Role of admin@example.com').selectOption({ label: 'Support' });
    await expect.poll(() => page.getByText('This is the last owner: make another administrator an owner first.').count()).toBe(1);
    expect((await gerbang.store.users.findByEmail('admin@example.com'))?.roles).toEqual(['admin']);

    // Removing her: no more console, the account stays.
    await page.getByRole('button', { name: 'Remove dewi@example.com' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'dewi@example.com', exact: true }).count()).toBe(0);
    expect((await gerbang.store.users.findByEmail('dewi@example.com'))?.roles).toEqual([]);
    expect((await dewi.evaluate(async () => (await fetch('/api/me')).status))).toBe(401);

    const owners = (await gerbang.store.users.findByEmail('admin@example.com'))!;
    const trail = await gerbang.store.audit.list({ userId: (await gerbang.store.users.findByEmail('dewi@example.com'))!.id, limit: 20 });
    expect(trail.filter((e) => e.actor === owners.id).map((e) => e.type)).toEqual(['admin.removed', 'admin.roles.changed', 'admin.invited']);
    await dewiContext.close();
    expect(errors).toEqual([]);
  });
});

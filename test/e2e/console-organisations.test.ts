import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { MailCatcher } from '../support/mail.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { axeViolations } from '../support/axe.js';

describe('console: Organisations', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let admin: ConsoleSignIn;
  let world: ConsoleWorld;
  const mail = new MailCatcher();
  beforeAll(async () => {
    ({ gerbang, browser, owner: admin } = world = await startConsoleWorld({ mail }));
  });
  afterAll(() => world?.close());

  it('creates an organisation, gives it a role, adds a member, invites by email, and deletes it after saying what goes', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    await gerbang.store.users.create({ email: 'sari@acme.example', emailVerified: true });
    const page = await admin.open(browser, { errors });
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Organisations' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Organisations');
    await expect.poll(() => page.getByText('No organisations yet.').count()).toBe(1);

    await page.getByRole('button', { name: 'New organisation' }).click();
    const create = page.getByRole('form', { name: 'Create organisation' });
    await create.getByLabel('Name').fill('Acme Supplies');
    await create.getByLabel('Identifier').fill('acme');
    await create.getByLabel('Email domains it owns').fill('acme.example');
    await create.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL('**/designer/#/organisations/acme');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Supplies');

    // Each list of the page has its add action at the top right of its heading, as every console list does;
    // the form opens beneath the heading, above the list it adds to.
    for (const [list, action] of [['Members', 'Add a member'], ['Invitations', 'Invite someone'], ['Roles and permissions', 'New role']] as const) {
      const row = page.locator('.list-title', { has: page.getByRole('heading', { level: 2, name: list, exact: true }) });
      expect(await row.getByRole('button', { name: action }).getAttribute('aria-expanded')).toBe('false');
    }
    expect(await page.getByRole('form').count()).toBe(0);
    await page.getByRole('button', { name: 'New role' }).click();
    const role = page.getByRole('form', { name: 'Save role' });
    await role.getByLabel('Role name').fill('buyer');
    await role.getByLabel('Permissions').fill('orders:read, orders:create');
    await role.getByRole('button', { name: 'Save role' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Roles and permissions' }).textContent()).toContain('buyer: orders:read, orders:create');

    await page.getByRole('button', { name: 'Add a member' }).click();
    const add = page.getByRole('form', { name: 'Add member' });
    const above = await page.evaluate(() => {
      const form = document.querySelector('form[aria-label="Add member"]')!;
      const table = document.querySelector('table[aria-label="Members"]') ?? [...document.querySelectorAll('p')].find((p) => p.textContent === 'No members yet.')!;
      return Boolean(form.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(above).toBe(true);
    await add.getByLabel('Email address').fill('sari@acme.example');
    await add.getByLabel('Roles').fill('buyer');
    await add.getByRole('button', { name: 'Add member' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Members' }).textContent()).toContain('sari@acme.example');

    // A role a member holds cannot be deleted: the console shows the API's reason.
    await page.getByRole('button', { name: 'Delete role buyer' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The role "buyer" is held by 1 member.');

    await page.getByRole('button', { name: 'Invite someone' }).click();
    const invite = page.getByRole('form', { name: 'Send invitation' });
    await invite.getByLabel('Email address').fill('dewi@acme.example');
    await invite.getByLabel('Roles').fill('buyer');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Invitation sent to dewi@acme.example.');
    expect((await mail.next('dewi@acme.example', 0)).text).toContain('Acme Supplies invites you');
    await expect.poll(() => page.getByRole('table', { name: 'Invitations' }).textContent()).toContain('Waiting');
    expect(await page.getByRole('table', { name: 'Members' }).textContent()).toContain('Added by an administrator');

    await page.getByRole('button', { name: 'Delete organisation' }).click();
    await expect.poll(() => page.getByRole('group').textContent()).toContain('Deleting this organisation removes 1 member and 1 pending invitation');
    await page.getByRole('group').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL('**/designer/#/organisations');
    await expect.poll(() => page.getByText('No organisations yet.').count()).toBe(1);
    expect(await gerbang.store.organisations.get('acme')).toBeNull();
    expect(errors).toEqual([]);
  });

  it("gives an organisation's own administrator a console scoped to their organisation", { timeout: 120_000 }, async () => {
    const now = new Date();
    const org = (id: string, name: string) => ({ id, name, domains: [], branding: {}, roles: [], policy: { minAcr: null, allowedMethods: null }, provider: null, createdAt: now, updatedAt: now });
    await gerbang.store.organisations.create(org('globex', 'Globex'));
    await gerbang.store.organisations.create(org('initech', 'Initech'));
    const boss = await gerbang.store.users.create(
      { email: 'boss@globex.example', emailVerified: true, attributes: { given_name: 'Bill', family_name: 'Lumbergh' } },
      { type: 'password', data: { hash: await argon2idHasher.hash('globex boss password') } },
    );
    await gerbang.store.memberships.add({ orgId: 'globex', userId: boss.id, roles: ['administrator'], source: 'admin', joinedAt: now });

    const errors: string[] = [];
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${gerbang.url}/login`);
    await page.fill('input[name=email]', 'boss@globex.example');
    await page.click('button[type=submit]');
    await page.fill('input[name=password]', 'globex boss password');
    await page.click('button[type=submit]');
    await page.waitForURL(`${gerbang.url}/`);
    await page.goto(`${gerbang.url}/designer/`);

    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['Organisations']);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Organisations');
    await expect.poll(() => page.getByRole('link', { name: 'Globex' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Initech' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Create organisation' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New organisation' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Globex' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Globex');
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const invite = page.getByRole('form', { name: 'Send invitation' });
    await invite.getByLabel('Email address').fill('milton@globex.example');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Invitation sent to milton@globex.example.');
    expect(await page.getByRole('button', { name: 'Delete organisation' }).count()).toBe(0);

    // Another organisation's page, reached by its address, shows the API's refusal.
    await page.goto(`${gerbang.url}/designer/#/organisations/initech`);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('You manage another organisation only.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("reads an organisation's lists in Bahasa Indonesia, each add action at the top right, with every form open passing axe in both languages", { timeout: 120_000 }, async () => {
    const now = new Date();
    await gerbang.store.organisations.create({ id: 'umbrella', name: 'Umbrella', domains: [], branding: {}, roles: [], policy: { minAcr: null, allowedMethods: null }, provider: null, createdAt: now, updatedAt: now });
    const wesker = await gerbang.store.users.create({ email: 'wesker@umbrella.example', emailVerified: true });
    await gerbang.store.memberships.add({ orgId: 'umbrella', userId: wesker.id, roles: [], source: 'just-in-time', joinedAt: now });
    const errors: string[] = [];
    const page = await admin.open(browser, { errors });
    const problems: string[] = [];
    for (const lang of ['English', 'Bahasa Indonesia'] as const) {
      if (lang !== 'English') await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: lang });
      await page.goto(`${gerbang.url}/designer/#/organisations/umbrella`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Umbrella');
      const actions = lang === 'English' ? ['Add a member', 'Invite someone', 'New role'] : ['Tambahkan anggota', 'Undang seseorang', 'Peran baru'];
      for (const action of actions) {
        // The forms opened in English stay open when the language changes.
        const button = page.locator('.list-title').getByRole('button', { name: action });
        if ((await button.getAttribute('aria-expanded')) === 'false') await button.click();
      }
      await expect.poll(() => page.getByRole('form').count()).toBe(3);
      for (const v of await axeViolations(page)) problems.push(`${lang}: ${v}`);
    }
    // How the member joined, in words.
    expect(await page.getByRole('table', { name: 'Anggota' }).textContent()).toContain('Masuk dengan penyedia organisasi');
    expect(await page.getByRole('form', { name: 'Tambah anggota' }).getByLabel('Alamat email').count()).toBe(1);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

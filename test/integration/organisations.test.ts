import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../engine/runtime/crypto.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { MailCatcher } from '../support/mail.js';
import { adminApi } from '../support/admin-api.js';
import { invitationLinkIn, signIn, signUp } from '../support/organisations.js';
import { adapters, useAdapterEnv } from '../support/adapters.js';

const TOKEN = 'organisations-admin-token-0123456789';

describe.each(adapters)('organisations: admin API and invitations by email through a real SMTP server, on $name', (adapter) => {
  const mail = useStarted(new MailCatcher());
  const database = useAdapterEnv(adapter);
  const gerbang = useGerbang(() => ({ ADMIN_API_TOKEN: TOKEN, ...mail.env(), ...database.env }));
  let api: ReturnType<typeof adminApi>;
  let n = 0;
  const newEmail = (domain = 'example.com') => `person${++n}.${Date.now()}@${domain}`;

  beforeAll(async () => {
    api = adminApi(gerbang.url, { token: TOKEN });
    const created = await api('POST', '/organisations', {
      id: 'acme',
      name: 'Acme Supplies',
      domains: ['Acme.Example'],
      branding: { primaryColor: '#aa3300' },
      roles: [{ name: 'buyer', description: 'Places orders', permissions: ['orders:create', 'orders:read'] }],
    });
    expect(created.status).toBe(201);
  });

  it('creates an organisation with its domains, and refuses a domain another organisation owns, naming it', async () => {
    const acme = await api('GET', '/organisations/acme');
    expect(acme.json).toMatchObject({ id: 'acme', name: 'Acme Supplies', domains: ['acme.example'], provider: null });
    const clash = await api('POST', '/organisations', { id: 'copycat', name: 'Copycat', domains: ['copycat.example', 'acme.example'] });
    expect(clash.status).toBe(409);
    expect(clash.json.message).toBe('The domain acme.example already belongs to the organisation "Acme Supplies".');
    expect((await api('GET', '/organisations/copycat')).status).toBe(404);
    const again = await api('POST', '/organisations', { id: 'acme', name: 'Acme again' });
    expect(again.status).toBe(409);
    expect((await api('POST', '/organisations', { id: 'Bad Id', name: 'x' })).status).toBe(400);
    expect((await api('POST', '/organisations', { id: 'bad-domain', name: 'x', domains: ['not a domain'] })).status).toBe(400);
    expect((await api('GET', '/openapi.json')).json.paths).toHaveProperty(['/organisations/{orgId}/invitations']);
  });

  it('invites a new customer by email: the link leads through sign-up to the invitation, accepted once', async () => {
    const email = newEmail();
    const invited = await api('POST', '/organisations/acme/invitations', { email, roles: ['buyer'] });
    expect(invited.status).toBe(201);
    expect(invited.json).not.toHaveProperty('tokenHash');
    const received = await mail.next(email, 0);
    expect(received.text).toContain('Acme Supplies invites you');
    const link = invitationLinkIn(received);

    const browser = new TestBrowser(gerbang.url);
    await browser.get(link);
    // The token left the address bar: it travels in an HttpOnly cookie.
    expect(browser.page!.url).toBe(`${gerbang.url}/invitation`);
    expect(browser.title()).toBe('Join Acme Supplies');
    expect(browser.page!.html).toContain(`Sign in or create your account with ${email} to accept.`);
    // The page wears the inviting organisation's colour.
    expect(browser.page!.html).toContain('--primary:#aa3300');
    expect(browser.setCookies.find((c) => c.startsWith('gb_invite='))).toMatch(/HttpOnly/i);

    await signUp(browser, email, '/login?return_to=/invitation');
    expect(browser.title()).toBe('Join Acme Supplies');
    await browser.submit({});
    expect(browser.page!.html).toContain('You are now a member of Acme Supplies.');

    const user = (await gerbang.store.users.findByEmail(email))!;
    expect(user.emailVerified).toBe(true);
    expect(await gerbang.store.memberships.get('acme', user.id)).toMatchObject({ roles: ['buyer'], source: 'invitation' });
    const members = await api('GET', '/organisations/acme/members');
    expect(members.json.map((m) => m.email)).toContain(email);

    // The same link again: it worked once.
    await browser.get(link);
    expect(browser.page!.status).toBe(410);
    expect(browser.page!.html).toContain('This invitation has been accepted already; it works once.');
    // And inviting a member again is refused.
    const twice = await api('POST', '/organisations/acme/invitations', { email, roles: [] });
    expect(twice.status).toBe(409);
    expect(twice.json.message).toBe(`${email} is a member of Acme Supplies already.`);
  });

  it('invites an existing customer, who signs in and accepts; someone else signed in cannot accept it', async () => {
    const email = newEmail();
    await signUp(new TestBrowser(gerbang.url), email);
    await api('POST', '/organisations/acme/invitations', { email, roles: [] });
    const link = invitationLinkIn(await mail.next(email, 0));

    // Opened in a browser where another person is signed in.
    const other = new TestBrowser(gerbang.url);
    const otherEmail = newEmail();
    await signUp(other, otherEmail);
    await other.get(link);
    expect(other.page!.html).toContain(`You are signed in as ${otherEmail}, but this invitation is for ${email}.`);
    const forced = await other.post('/invitation', { _csrf: other.csrfToken()! });
    expect(forced.url).toBe(`${gerbang.url}/invitation`);
    const otherUser = (await gerbang.store.users.findByEmail(otherEmail))!;
    expect(await gerbang.store.memberships.get('acme', otherUser.id)).toBeNull();

    const browser = new TestBrowser(gerbang.url);
    await browser.get(link);
    await signIn(browser, email, '/login?return_to=/invitation');
    expect(browser.title()).toBe('Join Acme Supplies');
    await browser.submit({});
    expect(browser.page!.html).toContain('You are now a member of Acme Supplies.');
    const user = (await gerbang.store.users.findByEmail(email))!;
    expect(await gerbang.store.memberships.get('acme', user.id)).toMatchObject({ roles: [], source: 'invitation' });
  });

  it('says clearly when an invitation expired, was replaced by a newer one, or is unknown', async () => {
    const email = newEmail();
    await api('POST', '/organisations/acme/invitations', { email });
    const first = invitationLinkIn(await mail.next(email, 0));
    const since = mail.mails.length;
    await api('POST', '/organisations/acme/invitations', { email });
    const second = invitationLinkIn(await mail.next(email, since));
    const browser = new TestBrowser(gerbang.url);
    await browser.get(first);
    expect(browser.page!.status).toBe(410);
    expect(browser.page!.html).toContain('This invitation was withdrawn or replaced by a newer one.');
    await browser.get(second);
    expect(browser.title()).toBe('Join Acme Supplies');

    const token = 'x'.repeat(43);
    const now = new Date();
    await gerbang.store.invitations.create({ id: 'expired-one', orgId: 'acme', email: newEmail(), roles: [], tokenHash: sha256(token), invitedBy: 'test', status: 'pending', acceptedBy: null, createdAt: now, expiresAt: new Date(now.getTime() - 1000) });
    await browser.get(`/invitation?token=${token}`);
    expect(browser.page!.status).toBe(410);
    expect(browser.page!.html).toContain('This invitation has expired. Ask Acme Supplies for a new one.');
    await browser.get(`/invitation?token=${'y'.repeat(43)}`);
    expect(browser.page!.status).toBe(404);
    // A link cut short is as unknown as a wrong one: said in words, not as a refused parameter.
    expect((await browser.get('/invitation?token=short')).status).toBe(404);
    expect(browser.page!.html).toContain('This invitation link is not valid. Ask for a new invitation.');
  });

  it('refuses to delete a role members hold unless forced, and an organisation with members unless confirmed, saying what goes', async () => {
    await api('POST', '/organisations', { id: 'globex', name: 'Globex', roles: [{ name: 'viewer', permissions: ['reports:read'] }] });
    const email = newEmail();
    await signUp(new TestBrowser(gerbang.url), email);
    const added = await api('POST', '/organisations/globex/members', { email, roles: ['viewer'] });
    expect(added.status).toBe(201);
    expect((await api('POST', '/organisations/globex/members', { email, roles: ['nope'] })).json.message).toBe('This organisation has no role "nope".');
    expect((await api('POST', '/organisations/globex/members', { email: newEmail(), roles: [] })).status).toBe(404);

    const inUse = await api('DELETE', '/organisations/globex/roles/viewer');
    expect(inUse.status).toBe(409);
    expect(inUse.json.message).toBe('The role "viewer" is held by 1 member. Take it from them first, or delete it with force=true.');
    expect((await api('DELETE', '/organisations/globex/roles/viewer?force=true')).status).toBe(204);
    const userId = added.json.userId as string;
    expect((await gerbang.store.memberships.get('globex', userId))?.roles).toEqual([]);

    await api('POST', '/organisations/globex/invitations', { email: newEmail() });
    const unconfirmed = await api('DELETE', '/organisations/globex');
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.json.message).toContain('Deleting this organisation removes 1 member and 1 pending invitation');
    expect((await api('GET', '/organisations/globex')).status).toBe(200);
    const deleted = await api('DELETE', '/organisations/globex?confirm=true');
    expect(deleted.json).toEqual({ members: 1, invitations: 1 });
    expect(await gerbang.store.memberships.listByUser(userId)).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../engine/flow/types.js';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';
import { AdminSignIn } from '../support/admin.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'correct horse battery';

/** Journeys created from a name or a template, renamed, duplicated, deleted (not while used), compared with live, and tried safely. */
describe('journey lifecycle and safe "try it"', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let admins: AdminSignIn;

  beforeAll(async () => {
    admins = new AdminSignIn(gerbang.url);
  });

  const call = tokenApi(() => gerbang.url, TOKEN);

  it('creates a journey from a natural name, the id derived from it, blank or from a template', async () => {
    const blank = await call('POST', '/flows', { name: 'Sign up with 2FA' });
    expect(blank.status).toBe(201);
    expect(blank.body).toMatchObject({ id: 'sign-up-with-2fa', name: 'Sign up with 2FA' });
    expect((await call('POST', '/flows', { name: 'Sign up with 2FA' })).body.id).toBe('sign-up-with-2fa-2');

    const gallery = await call('GET', '/flow-templates');
    expect(gallery.body.map((t: { id: string }) => t.id)).toContain('login-mfa');
    const fromTemplate = await call('POST', '/flows', { name: 'Staff sign-in', template: 'login-mfa' });
    expect(fromTemplate.status).toBe(201);
    expect(fromTemplate.body.graph.nodes.map((n: { type: string }) => n.type)).toContain('mfa-challenge');
    expect(fromTemplate.body.problems).toEqual([]);
    expect((await call('POST', '/flows', { name: 'X', template: 'no-such-template' })).status).toBe(404);
    expect((await call('POST', '/flows', { name: '   ' })).status).toBe(400);
  });

  it('renames, describes and duplicates a journey; the list says when the draft differs from live', async () => {
    await call('POST', '/flows', { name: 'Loyalty sign-in', template: 'login-signup' });
    const renamed = await call('PATCH', '/flows/loyalty-sign-in', { name: 'Members sign-in', description: 'For the loyalty app' });
    expect(renamed.body).toMatchObject({ id: 'loyalty-sign-in', name: 'Members sign-in' });
    const copy = await call('POST', '/flows/loyalty-sign-in/duplicate', { name: 'Members sign-in (copy)' });
    expect(copy.body).toMatchObject({ id: 'members-sign-in-copy', name: 'Members sign-in (copy)' });
    expect(copy.body.graph.description).toBe('For the loyalty app');

    expect((await call('POST', '/flows/loyalty-sign-in/publish')).status).toBe(201);
    const listed = (await call('GET', '/flows')).body.find((f: { id: string }) => f.id === 'loyalty-sign-in');
    expect(listed).toMatchObject({ name: 'Members sign-in', activeVersion: 1, unpublishedChanges: false, description: 'For the loyalty app' });

    const draft = (await call('GET', '/flows/loyalty-sign-in')).body.graph as FlowGraph;
    draft.nodes.find((n) => n.type === 'profile')!.label = 'About you';
    await call('PUT', '/flows/loyalty-sign-in', { graph: draft });
    expect((await call('GET', '/flows')).body.find((f: { id: string }) => f.id === 'loyalty-sign-in').unpublishedChanges).toBe(true);
    expect((await call('GET', '/flows/loyalty-sign-in/changes')).body).toEqual({ liveVersion: 1, changed: true, lines: ['Step "Your name" renamed to "About you"'] });
  });

  it('refuses to delete a journey while an app, /login or another journey uses it, saying which', async () => {
    await call('POST', '/flows', { name: 'Shop sign-in', template: 'login-signup' });
    expect((await call('POST', '/flows/shop-sign-in/publish')).status).toBe(201);
    await call('POST', '/apps', { id: 'shop', name: 'Shop', type: 'public', redirectUris: ['https://shop.example.com/cb'], flowId: 'shop-sign-in' });
    const usage = await call('GET', '/flows/shop-sign-in/usage');
    expect(usage.body).toMatchObject({ apps: [{ id: 'shop', name: 'Shop' }], isDefault: false, link: `${gerbang.url}/login?flow=shop-sign-in` });
    const refused = await call('DELETE', '/flows/shop-sign-in');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('"Shop sign-in" cannot be deleted: the app "Shop" signs people in with it.');
    expect((await call('DELETE', '/flows/login-signup')).body.message).toContain('it is the journey of /login (the default sign-in)');
    expect((await call('DELETE', '/flows/password-reset')).body.message).toContain('"Forgot password?"');

    await call('DELETE', '/apps/shop');
    expect((await call('DELETE', '/flows/shop-sign-in')).status).toBe(204);
    expect((await call('GET', '/flows/shop-sign-in')).status).toBe(404);
    expect((await call('GET', '/flows')).body.map((f: { id: string }) => f.id)).not.toContain('shop-sign-in');
  });

  it('rolls back and, when asked, resets the draft to that version', async () => {
    await call('POST', '/flows', { name: 'Rollback me', template: 'login-signup' });
    await call('POST', '/flows/rollback-me/publish');
    const graph = (await call('GET', '/flows/rollback-me')).body.graph as FlowGraph;
    graph.nodes.find((n) => n.type === 'profile')!.label = 'Version two';
    await call('PUT', '/flows/rollback-me', { graph });
    await call('POST', '/flows/rollback-me/publish');
    // The draft's fifth write: created, given version 1, saved, given version 2, reset.
    const back = await call('POST', '/flows/rollback-me/rollback', { version: 1, resetDraft: true });
    expect(back.body).toEqual({ flowId: 'rollback-me', activeVersion: 1, draftReset: true, revision: 5 });
    const after = (await call('GET', '/flows')).body.find((f: { id: string }) => f.id === 'rollback-me');
    expect(after).toMatchObject({ activeVersion: 1, unpublishedChanges: false });
  });

  it('"Try it" never signs the administrator\'s browser in as the test customer, shows its banner and marks the account as test data', async () => {
    const admin = await admins.signIn();
    const cookie = `gb_sid=${admin.cookie('gb_sid')}; gb_bid=${admin.cookie('gb_bid')}`;
    const asAdmin = { cookie, 'x-requested-with': 'gerbang' };
    const tried = await call('POST', '/flows/login-signup/try', undefined, asAdmin);
    expect(tried.status).toBe(201);
    await admin.get(tried.body.url);
    expect(admin.page!.html).toContain('Test of the draft: nothing here signs anyone in');
    const customer = `tester.${Date.now()}@example.com`;
    await admin.submit({ email: customer });
    expect(admin.page!.html).toContain('Test of the draft');
    await admin.submit({ email: customer, password: PASSWORD });
    await admin.submit({ given_name: 'Tess', family_name: '' }, { action: 'save' });
    expect(admin.title()).toBe('Test finished');
    expect(admin.page!.html).toContain(`The journey ended in success for ${customer}. Nobody was signed in.`);

    // The administrator is still who this browser is, and can publish.
    expect((await call('GET', '/me', undefined, asAdmin)).body.email).toBe(admins.email);
    expect((await call('POST', '/flows/login-signup/publish', undefined, asAdmin)).status).toBe(201);
    expect((await gerbang.store.users.findByEmail(customer))!.roles).toEqual(['test-data']);
    expect((await gerbang.store.users.findByEmail(admins.email))!.roles).not.toContain('test-data');
  });
});

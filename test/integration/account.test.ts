import { describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';
import { sha256 } from '../../engine/runtime/crypto.js';

const PASSWORD = 'correct horse battery';
const TOKEN = 'test-admin-token-0123456789';

describe('self-service account, consents and data rights', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let n = 0;
  const email = () => `acct${++n}.${Date.now()}@example.com`;


  async function signUp(address: string, flow = 'login-signup', base = gerbang.url) {
    const browser = new TestBrowser(base);
    await browser.get(`/login?flow=${flow}&return_to=/account`);
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    if (browser.title() === 'Your choices') await browser.submit({ 'consent_marketing-emails': 'on' });
    if (browser.title() === 'Tell us a little about yourself') await browser.submit({ given_name: 'Rina', family_name: '' }, { action: 'save' });
    expect(browser.title()).toBe('Your account');
    return browser;
  }

  /** Submits the form whose action is `path` on the account page, with its hidden fields. */
  async function post(browser: TestBrowser, path: string, fields: Record<string, string> = {}) {
    const form = new RegExp(`<form[^>]*action="${path.replace(/[/]/g, '\\/')}"[\\s\\S]*?</form>`).exec(browser.page!.html)?.[0];
    if (!form) throw new Error(`no form for ${path}`);
    const hidden = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    return browser.post(path, { ...hidden, ...fields });
  }

  it('sends signed-out visitors through the login and back to their account', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/account');
    expect(browser.title()).toBe('Sign in or create an account');
  });

  it('edits the profile with typed checks, keeping what was typed when a value is wrong', async () => {
    const browser = await signUp(email());
    const bad = await post(browser, '/account/profile', { given_name: 'Rina', family_name: 'Wati', phone_number: 'call me', birthdate: '' });
    expect(bad.status).toBe(422);
    expect(browser.errors()).toContain('Please enter a valid phone number, for example +62 812 3456 7890.');
    expect(browser.fieldValue('family_name')).toBe('Wati');
    await post(browser, '/account/profile', { given_name: 'Rina', family_name: 'Wati', phone_number: '+62 811 000 111', birthdate: '1994-05-17' });
    expect(browser.page!.html).toContain('Saved.');
    expect(browser.fieldValue('phone_number')).toBe('+62811000111');
  });

  it('changes the password, signing out other devices, and refuses a wrong current password', async () => {
    const address = email();
    const browser = await signUp(address);
    const other = new TestBrowser(gerbang.url);
    await other.get('/login');
    await other.submit({ email: address });
    // The last name left empty at sign-up is not asked again at this sign-in.
    await other.submit({ email: address, password: PASSWORD });
    await browser.get('/account');
    expect(browser.page!.html).toContain('Sign out everywhere else');

    const wrong = await post(browser, '/account/password', { current_password: 'nope', new_password: 'a brand new password' });
    expect(wrong.status).toBe(422);
    expect(browser.errors()).toContain('That is not your current password.');
    await post(browser, '/account/password', { current_password: PASSWORD, new_password: 'a brand new password' });
    expect(browser.page!.html).toContain('Your password was changed.');
    await other.get('/');
    expect(other.page!.html).toContain('You are not signed in.');

    const again = new TestBrowser(gerbang.url);
    await again.get('/login');
    await again.submit({ email: address });
    await again.submit({ email: address, password: 'a brand new password' });
    expect(again.page!.html).toContain(`signed in as ${address}`);
  });

  it('refuses account forms without the CSRF token', async () => {
    const browser = await signUp(email());
    const res = await browser.post('/account/profile', { _csrf: 'forged', given_name: 'Mallory' });
    expect(res.status).toBe(403);
  });

  it('records consent in the sign-up flow, shows it, and lets the user withdraw it; tokens follow', async () => {
    const address = email();
    const browser = await signUp(address, 'signup-consent');
    expect(browser.page!.html).toMatch(/Marketing emails[\s\S]*Given on/);

    // An app reads the consent in the ID token and userinfo (scope "consents").
    // The demo app is allowed the account API (an app setting); the person consents to it below.
    await gerbang.store.apps.update('demo-app', { flowId: 'signup-consent', accountApi: true });
    const config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const tokensFor = async () => {
      const { path, verifier, state } = demoAppAuthorization({ scope: 'openid profile consents account', prompt: 'login' });
      const app = new TestBrowser(gerbang.url);
      await app.get(path);
      await app.submit({ email: address });
      await app.submit({ email: address, password: PASSWORD });
      if (app.title() === 'Allow access to your account?') await app.submit({ decision: 'allow' });
      return oidc.authorizationCodeGrant(config, new URL(app.page!.url), { pkceCodeVerifier: verifier, expectedState: state });
    };
    const before = await tokensFor();
    expect(before.claims()!.consents).toMatchObject({ 'marketing-emails': { granted: true, version: 1 } });

    await post(browser, '/account/consents/marketing-emails', { granted: 'false' });
    expect(browser.page!.html).toMatch(/Not given \(text version 1\)/);
    const after = await tokensFor();
    expect(after.claims()!.consents).toMatchObject({ 'marketing-emails': { granted: false } });
    const info = await oidc.fetchUserInfo(config, after.access_token, after.claims()!.sub);
    expect(info.consents).toMatchObject({ 'marketing-emails': { granted: false } });

    // The organisation can prove what was agreed, when and where.
    const user = (await gerbang.store.users.findByEmail(address))!;
    const res = await fetch(`${gerbang.url}/api/users/${user.id}/consents`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as { history: Array<{ granted: boolean; channel: string; version: number }> };
    expect(body.history.map((d) => [d.granted, d.channel])).toEqual([
      [true, 'flow:signup-consent'],
      [false, 'account'],
    ]);

    // The JSON API for apps acts on the token's own user only.
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${gerbang.url}/account/api${path}`, { ...init, headers: { authorization: `Bearer ${after.access_token}`, 'content-type': 'application/json' } });
    expect(((await (await api('/consents')).json()) as Array<{ purposeId: string }>)[0].purposeId).toBe('marketing-emails');
    expect((await api('/consents/marketing-emails', { method: 'PUT', body: JSON.stringify({ granted: true }) })).status).toBe(200);
    const patched = await api('/profile', { method: 'PATCH', body: JSON.stringify({ family_name: 'Kusuma' }) });
    expect(((await patched.json()) as { attributes: Record<string, string> }).attributes.family_name).toBe('Kusuma');
    expect((await api('/profile', { method: 'PATCH', body: JSON.stringify({ phone_number: 'x' }) })).status).toBe(422);
    expect((await fetch(`${gerbang.url}/account/api/profile`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
    // A forged token's broken body is not even read: 401, not a parse error.
    expect((await fetch(`${gerbang.url}/account/api/profile`, { method: 'PATCH', headers: { authorization: 'Bearer forged', 'content-type': 'application/json' }, body: '{"broken' })).status).toBe(401);
    expect((await api('/password', { method: 'POST', body: JSON.stringify({ currentPassword: 'wrong', newPassword: 'another long password' }) })).status).toBe(422);
    // An app asking in Bahasa Indonesia (Accept-Language) gets the refusals' words in it, codes and fields unchanged.
    const apiIn = async (lang: string, path: string, init: RequestInit = {}, token = after.access_token) => {
      const res = await fetch(`${gerbang.url}/account/api${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': lang } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const wrongPassword = { method: 'POST', body: JSON.stringify({ currentPassword: 'wrong', newPassword: 'another long password' }) };
    expect(await apiIn('id-ID,id;q=0.9', '/password', wrongPassword)).toEqual({
      status: 422,
      body: { error: 'invalid_input', message: 'Itu bukan kata sandi Anda saat ini.', in: 'body', pointer: '/currentPassword', invalid: [{ in: 'body', pointer: '/currentPassword', message: 'Itu bukan kata sandi Anda saat ini.' }] },
    });
    expect((await apiIn('en', '/password', wrongPassword)).body.message).toBe('That is not your current password.');
    expect(await apiIn('id', '/profile', { method: 'PATCH', body: JSON.stringify({ phone_number: 'x' }) })).toMatchObject({
      status: 422,
      body: { error: 'invalid_input', pointer: '/phone_number', message: 'Masukkan nomor telepon yang valid, misalnya +62 812 3456 7890.' },
    });
    expect(await apiIn('id', '/profile', {}, 'forged')).toEqual({ status: 401, body: { error: 'invalid_token', message: 'Token akses ini tidak valid.' } });
    expect(await apiIn('id', '/credentials/not-mine', { method: 'DELETE' })).toEqual({ status: 404, body: { error: 'not_found', message: 'Metode masuk ini tidak ditemukan.' } });
    expect(await apiIn('id', '/consents/no-such-purpose', { method: 'PUT', body: JSON.stringify({ granted: true }) })).toEqual({ status: 404, body: { error: 'not_found', message: 'Tujuan ini tidak ditemukan.' } });
    expect((await api('/password', { method: 'POST', body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'another long password' }) })).status).toBe(204);
    expect(((await (await api('/credentials')).json()) as { factors: unknown[] }).factors).toEqual([]);
    expect((await api('/credentials/not-mine', { method: 'DELETE' })).status).toBe(404);
    expect((await api('/', { method: 'DELETE', body: JSON.stringify({ confirmEmail: 'wrong@example.com' }) })).status).toBe(422);
    expect((await api('/', { method: 'DELETE', body: JSON.stringify({ confirmEmail: address }) })).status).toBe(204);
    expect(await gerbang.store.users.findByEmail(address)).toBeNull();
    await gerbang.store.apps.update('demo-app', { flowId: 'login-signup', accountApi: false });
  });

  it("never lets a user read or change another user's data", async () => {
    const alice = await signUp(email());
    const bob = await signUp(email());
    const bobUser = (await gerbang.store.users.findByEmail(bob.page!.html.match(/Signed in as ([^<]+)\./)![1]))!;
    const bobSession = (await gerbang.store.sessions.listByUser(bobUser.id))[0];
    // Alice posts Bob's session id: nothing happens to Bob.
    const res = await alice.post(`/account/sessions/${bobSession.id}/revoke`, { _csrf: alice.csrfToken()! });
    expect(res.status).toBe(200);
    expect(await gerbang.store.sessions.get(bobSession.id)).not.toBeNull();
    // The admin API is not for customers.
    const api = await fetch(`${gerbang.url}/api/users/${bobUser.id}`, { headers: { cookie: `gb_sid=${alice.cookie('gb_sid')}` } });
    expect(api.status).toBe(403);
  });

  it('exports exactly the user\'s own records, and deletes an account completely after confirmation', async () => {
    const keptAddress = email();
    const kept = await signUp(keptAddress);
    const goneAddress = email();
    const gone = await signUp(goneAddress);
    const goneId = (await gerbang.store.users.findByEmail(goneAddress))!.id;

    const wrong = await post(gone, '/account/delete', { confirm_email: 'someone@else.com' });
    expect(wrong.status).toBe(422);
    expect(gone.errors()).toContain('Type the email address of this account to confirm.');
    await post(gone, '/account/delete', { confirm_email: goneAddress });
    expect(gone.page!.html).toContain('Your account and all data about it were deleted.');
    expect(await gerbang.store.users.findById(goneId)).toBeNull();
    expect(await gerbang.store.sessions.listByUser(goneId)).toEqual([]);
    const proof = await fetch(`${gerbang.url}/api/audit?type=account.deleted`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const all = (await proof.json()) as Array<{ userId: string | null; details: Record<string, unknown> }>;
    const events = all.filter((e) => e.details.subjectHash === sha256(goneId));
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(goneAddress);
    expect(events[0].userId).toBeNull();

    // The deleted person cannot sign in; their email is free for a new account.
    const back = new TestBrowser(gerbang.url);
    await back.get('/login');
    await back.submit({ email: goneAddress });
    expect(back.title()).toBe('Create your account');

    await kept.get('/account/export');
    const exported = JSON.parse(kept.page!.html) as { profile: { email: string }; auditEvents: Array<{ type: string }>; sessions: unknown[] };
    expect(exported.profile.email).toBe(keptAddress);
    expect(JSON.stringify(exported)).not.toContain(goneAddress);
    expect(JSON.stringify(exported)).not.toMatch(/argon2/);
    expect(exported.auditEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['signup', 'signin']));
    expect(exported.sessions.length).toBeGreaterThan(0);
  });

  it('lets administrators read the audit trail, and no one else', async () => {
    const address = email();
    await signUp(address);
    const user = (await gerbang.store.users.findByEmail(address))!;
    const asAdmin = await fetch(`${gerbang.url}/api/users/${user.id}/audit`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await asAdmin.json()) as Array<{ type: string }>).map((e) => e.type)).toEqual(['signin', 'signup']);
    expect((await fetch(`${gerbang.url}/api/audit`)).status).toBe(401);
    const lookup = await fetch(`${gerbang.url}/api/users?q=${encodeURIComponent(address)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await lookup.json()) as { users: Array<{ id: string }> }).users.map((u) => u.id)).toEqual([user.id]);
    expect((await fetch(`${gerbang.url}/api/audit?limit=abc`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
  });
});

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { TestBrowser, decodeEntities } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { appAt, appAuthorization } from '../support/openid-journey.js';
import { MailCatcher, codeIn, hasCode, linkIn } from '../support/mail.js';
import { ADMIN_EMAIL, AdminSignIn } from '../support/admin.js';

const PASSWORD = 'correct horse battery';
const TOKEN = 'test-admin-token-0123456789';
const DEMO_REDIRECT = 'http://localhost:8080/callback';
const LOA1 = 'urn:gerbang:loa:1';
const LOA2 = 'urn:gerbang:loa:2';

/**
 * The attacks of issue "Assurance", each performed as an attacker would: every one must now end with
 * the factor asked, a refused request, or no session.
 */
describe('how strong a sign-in must be is decided and enforced by the engine', () => {
  const mail = useStarted(new MailCatcher());
  const gerbang = useGerbang(() => ({ ADMIN_API_TOKEN: TOKEN, ...mail.env() }));
  let n = 0;
  const email = () => `assure${++n}.${Date.now()}@example.com`;

  beforeAll(async () => {
    const strong = await admin('/apps', {
      method: 'POST',
      body: JSON.stringify({ id: 'strong-app', name: 'Bank', type: 'public', redirectUris: [DEMO_REDIRECT], flowId: 'login-signup', minAcr: LOA2 }),
    });
    expect(strong.status).toBe(201);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${gerbang.url}/api${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers } });

  const discover = (clientId: string) => oidc.discovery(new URL(gerbang.url), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });

  const authorize = (config: oidc.Configuration, extra: Record<string, string> = {}) => appAuthorization(appAt(config, DEMO_REDIRECT), { scope: 'openid profile email', ...extra });

  const codeBlock = (b: TestBrowser) => decodeEntities(/<pre class="code">([\s\S]*?)<\/pre>/.exec(b.page!.html)![1]);
  const atApp = (b: TestBrowser) => b.page!.url.startsWith(DEMO_REDIRECT);
  const signedIn = (b: TestBrowser) => b.cookie('gb_sid') !== undefined;

  /** A customer with a password only. */
  async function passwordUser(address = email()) {
    await gerbang.store.users.create({ email: address, emailVerified: true, attributes: { given_name: 'Sari', family_name: 'Dewi' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
    return address;
  }

  /** Sets up an authenticator app on the page showing "Protect your account"; returns the recovery codes. */
  async function enrolTotp(browser: TestBrowser) {
    if (browser.title() === 'Protect your account') await browser.submit({}, { action: 'choose:totp' });
    expect(browser.title()).toBe('Set up an authenticator app');
    await browser.submit({}, { action: 'totp-start' });
    const secret = codeBlock(browser).replace(/\s/g, '');
    await browser.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
    const recovery = codeBlock(browser).split('\n');
    await browser.submit({}, { action: 'recovery-saved' });
    return recovery;
  }

  /** A customer who set up an authenticator app through the login-mfa journey. */
  async function mfaUser() {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-mfa');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    const recovery = await enrolTotp(browser);
    return { address, recovery };
  }

  async function passwordSignIn(browser: TestBrowser, url: string, address: string) {
    await browser.get(url);
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
  }

  const tokensFrom = (config: oidc.Configuration, browser: TestBrowser, req: ReturnType<typeof authorize>) =>
    oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: req.verifier, expectedState: req.state });

  it('asks the enrolled second factor whichever journey the customer opens', async () => {
    const { address, recovery } = await mfaUser();
    const browser = new TestBrowser(gerbang.url);
    // The attack: a journey without a second factor, chosen in the address bar.
    await passwordSignIn(browser, '/login?flow=login-signup', address);
    expect(browser.title()).toBe('Enter your code');
    expect(signedIn(browser)).toBe(false);
    await browser.submit({}, { action: 'method:recovery-codes' });
    await browser.submit({ code: recovery[0] }, { action: 'verify' });
    expect(signedIn(browser)).toBe(true);
    const user = (await gerbang.store.users.findByEmail(address))!;
    const [session] = await gerbang.store.sessions.listByUser(user.id);
    expect(session.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    expect(session.proofs.every((p) => Math.abs(p.at - Date.now() / 1000) < 60)).toBe(true);
  });

  it('steps single sign-on up to the app minimum before giving a code, and the token says so', async () => {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    const demo = await discover('demo-app');
    const first = authorize(demo);
    await passwordSignIn(browser, first.path, address);
    await browser.submit({}, { action: 'save' }).catch(() => undefined);
    const weak = await tokensFrom(demo, browser, first);
    expect(weak.claims()).toMatchObject({ acr: LOA1, amr: ['pwd'] });

    const bank = await discover('strong-app');
    const req = authorize(bank);
    await browser.get(req.path);
    expect(atApp(browser)).toBe(false);
    // No factor yet: the person is led through setting one up, then the app gets its code.
    expect(browser.title()).toBe('Protect your account');
    await enrolTotp(browser);
    expect(atApp(browser)).toBe(true);
    const claims = (await tokensFrom(bank, browser, req)).claims()!;
    expect(claims.acr).toBe(LOA2);
    expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
  });

  it('steps single sign-on up for acr_values and for an essential acr claim', async () => {
    const demo = await discover('demo-app');
    for (const extra of [{ acr_values: LOA2 } as Record<string, string>, { claims: JSON.stringify({ id_token: { acr: { essential: true, values: [LOA2] } } }) }]) {
      const address = await passwordUser();
      const browser = new TestBrowser(gerbang.url);
      const first = authorize(demo);
      await passwordSignIn(browser, first.path, address);
      expect((await tokensFrom(demo, browser, first)).claims()?.acr).toBe(LOA1);

      const strong = authorize(demo, extra);
      await browser.get(strong.path);
      expect(atApp(browser)).toBe(false);
      await enrolTotp(browser);
      expect((await tokensFrom(demo, browser, strong)).claims()?.acr).toBe(LOA2);

      // prompt=none cannot step up: the app gets login_required, not a weaker code.
      const silent = authorize(demo, { prompt: 'none', acr_values: 'urn:gerbang:loa:3' });
      await browser.get(silent.path);
      expect(new URL(browser.page!.url).searchParams.get('error')).toBe('login_required');
    }
  });

  it('asks the password again when max_age says the sign-in is too old', async () => {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    const demo = await discover('demo-app');
    const first = authorize(demo);
    await passwordSignIn(browser, first.path, address);
    const before = (await tokensFrom(demo, browser, first)).claims()!.auth_time!;
    await new Promise((r) => setTimeout(r, 2100));

    const req = authorize(demo, { max_age: '1' });
    await browser.get(req.path);
    expect(atApp(browser)).toBe(false);
    expect(browser.title()).toBe('Enter your password');
    expect(browser.fieldValue('email')).toBe(address);
    await browser.submit({ password: PASSWORD });
    const claims = (await oidc.authorizationCodeGrant(demo, new URL(browser.page!.url), { pkceCodeVerifier: req.verifier, expectedState: req.state, maxAge: 1 })).claims()!;
    expect(claims.auth_time!).toBeGreaterThan(before);
    expect(claims.acr).toBe(LOA1);
  });

  it('refuses a request for an unknown acr value with invalid_request', async () => {
    const demo = await discover('demo-app');
    const browser = new TestBrowser(gerbang.url);
    await browser.get(authorize(demo, { acr_values: 'urn:example:gold' }).path);
    const back = new URL(browser.page!.url);
    expect(back.origin + back.pathname).toBe(DEMO_REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });

  it('gives no code when the step-up ends in failure', async () => {
    const { address } = await mfaUser();
    const demo = await discover('demo-app');
    const browser = new TestBrowser(gerbang.url);
    const req = authorize(demo);
    await passwordSignIn(browser, req.path, address);
    expect(browser.title()).toBe('Enter your code');
    for (let i = 0; i < 5; i++) await browser.submit({ code: '000000' }, { action: 'verify' });
    expect(atApp(browser)).toBe(false);
    expect(signedIn(browser)).toBe(false);
    // The completion URL of the first (weaker) run cannot be called directly either.
    const abort = /href="(\/interaction\/[^"]+\/abort)"/.exec(browser.page!.html)![1];
    await browser.get(abort);
    expect(new URL(browser.page!.url).searchParams.get('error')).toBe('access_denied');
  });

  it('never completes an interaction with a run below the level, even when its URL is called directly', async () => {
    const { address } = await mfaUser();
    const demo = await discover('demo-app');
    const browser = new TestBrowser(gerbang.url);
    const req = authorize(demo);
    await browser.get(req.path);
    const firstRun = /action="\/flow\/([A-Za-z0-9_-]{24})"/.exec(browser.page!.html)![1];
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    expect(browser.title()).toBe('Enter your code');
    const uid = String((await gerbang.store.runs.get(firstRun))!.origin.uid);
    const res = await browser.get(`/interaction/${uid}/complete?run=${firstRun}`);
    expect(res.status).toBe(403);
    expect(atApp(browser)).toBe(false);
  });

  it('starts from /login and from apps only the journeys whose purpose allows it', async () => {
    const browser = new TestBrowser(gerbang.url);
    expect((await browser.get('/login?flow=step-up')).status).toBe(403);
    expect((await browser.get('/login?flow=mfa-setup')).status).toBe(403);
    expect((await browser.get('/login?flow=password-reset')).status).toBe(200);
    const app = await admin('/apps', { method: 'POST', body: JSON.stringify({ name: 'X', type: 'public', redirectUris: [DEMO_REDIRECT], flowId: 'password-reset' }) });
    expect(app.status).toBe(400);
    expect(((await app.json()) as { error: string }).error).toBe('wrong_purpose');
  });

  it('resets a password without yielding more than it proved, and revokes the tokens issued before', async () => {
    const { address, recovery } = await mfaUser();
    const demo = await discover('demo-app');
    // A refresh token issued before the reset (e.g. to a thief's app session).
    const thief = new TestBrowser(gerbang.url);
    const req = authorize(demo);
    await passwordSignIn(thief, req.path, address);
    await thief.submit({}, { action: 'method:recovery-codes' });
    await thief.submit({ code: recovery[0] }, { action: 'verify' });
    const stolen = await tokensFrom(demo, thief, req);
    expect(stolen.refresh_token).toBeTruthy();

    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=password-reset');
    const sent = mail.mails.length;
    await browser.submit({ email: address });
    await browser.submit({ code: codeIn(await mail.next(address, sent, hasCode)) }, { action: 'verify' });
    await browser.submit({ password: 'a brand new passphrase', confirm: 'a brand new passphrase' }, { action: 'save' });
    // The reset proved the mailbox only: the enrolled factor is asked before any session.
    expect(browser.title()).toBe('Enter your code');
    expect(signedIn(browser)).toBe(false);
    await expect(oidc.refreshTokenGrant(demo, stolen.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const user = (await gerbang.store.users.findByEmail(address))!;
    expect(await gerbang.store.sessions.listByUser(user.id)).toHaveLength(0);
    // The thief's browser is signed out of the provider too: the app's journey starts again.
    await thief.get(authorize(demo).path);
    expect(atApp(thief)).toBe(false);

    await browser.submit({}, { action: 'method:recovery-codes' });
    await browser.submit({ code: recovery[1] }, { action: 'verify' });
    expect(signedIn(browser)).toBe(true);
  });

  it('resets the password of an account without a factor into a one-factor session', async () => {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=password-reset');
    const sent = mail.mails.length;
    await browser.submit({ email: address });
    await browser.submit({ code: codeIn(await mail.next(address, sent, hasCode)) }, { action: 'verify' });
    await browser.submit({ password: 'a brand new passphrase', confirm: 'a brand new passphrase' }, { action: 'save' });
    expect(signedIn(browser)).toBe(true);
    const user = (await gerbang.store.users.findByEmail(address))!;
    const [session] = await gerbang.store.sessions.listByUser(user.id);
    expect(session.amr).toEqual(['otp']);
  });

  /** Makes the browser's session look signed in `seconds` ago (as if the person had left it open). */
  async function ageSession(address: string, seconds: number) {
    const user = (await gerbang.store.users.findByEmail(address))!;
    for (const session of await gerbang.store.sessions.listByUser(user.id)) {
      await gerbang.store.sessions.setProofs(session.id, session.amr, session.proofs.map((p) => ({ ...p, at: p.at - seconds })));
    }
    return user;
  }

  it('asks an old session to sign in again before removing a factor, then resumes the removal', async () => {
    const { address, recovery } = await mfaUser();
    const browser = new TestBrowser(gerbang.url);
    await passwordSignIn(browser, '/login?return_to=/account', address);
    await browser.submit({}, { action: 'method:recovery-codes' });
    await browser.submit({ code: recovery[0] }, { action: 'verify' });
    expect(browser.title()).toBe('Your account');
    const user = await ageSession(address, 3600);
    const totp = (await gerbang.store.credentials.listByUser(user.id, 'totp'))[0];

    // The attack: a forgotten, hour-old session removes the second factor.
    await browser.post(`/account/credentials/${totp.id}/remove`, { _csrf: browser.csrfToken()! });
    expect(browser.title()).toBe('Enter your password');
    expect(await gerbang.store.credentials.listByUser(user.id, 'totp')).toHaveLength(1);
    await browser.submit({ password: PASSWORD });
    expect(browser.title()).toBe('Enter your code');
    await browser.submit({}, { action: 'method:recovery-codes' });
    await browser.submit({ code: recovery[1] }, { action: 'verify' });
    // Back where the person was: the removal, ready to send.
    expect(browser.title()).toBe('Confirm it is you');
    await browser.submit({});
    expect(browser.title()).toBe('Your account');
    expect(await gerbang.store.credentials.listByUser(user.id, 'totp')).toHaveLength(0);
  });

  it('asks an old session to sign in again before deleting the account or adding a factor', async () => {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    await passwordSignIn(browser, '/login?return_to=/account', address);
    await ageSession(address, 3600);
    await browser.post('/account/delete', { _csrf: browser.csrfToken()!, confirm_email: address });
    expect(browser.title()).toBe('Enter your password');
    expect(await gerbang.store.users.findByEmail(address)).not.toBeNull();
    // A wrong password is no way round it; abandoning the re-authentication changes nothing.
    await browser.submit({ password: 'not the password' });
    expect(browser.title()).toBe('Enter your password');
    await browser.get('/account');
    expect(await gerbang.store.users.findByEmail(address)).not.toBeNull();
    await browser.get('/account/flows/mfa-setup');
    expect(browser.title()).toBe('Enter your password');
    await browser.submit({ password: PASSWORD });
    expect(browser.title()).toBe('Protect your account');
  });

  it('signs the administrator in with an emailed link only after the second factor', async () => {
    // The administrator sets up an authenticator app on the console's own sign-in.
    await new AdminSignIn(gerbang.url).signIn();
    const admin = (await gerbang.store.users.findByEmail(ADMIN_EMAIL))!;
    const sessionsBefore = (await gerbang.store.sessions.listByUser(admin.id)).length;
    // The attack: the passwordless journey, with access to the administrator's mailbox only.
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=passwordless');
    const sent = mail.mails.length;
    await browser.submit({ email: ADMIN_EMAIL });
    const link = new URL(linkIn(await mail.next(ADMIN_EMAIL, sent)));
    await browser.get(link.pathname + link.search);
    expect(browser.title()).toBe('Enter your code');
    expect(signedIn(browser)).toBe(false);
    expect(await gerbang.store.sessions.listByUser(admin.id)).toHaveLength(sessionsBefore);
    expect((await browser.get('/api/flows')).status).toBe(401);
  });

  it('asks an old session to sign in again before changing the password or the email, or removing the recovery codes', async () => {
    const { address, recovery } = await mfaUser();
    const browser = new TestBrowser(gerbang.url);
    await passwordSignIn(browser, '/login?return_to=/account', address);
    await browser.submit({}, { action: 'method:recovery-codes' });
    await browser.submit({ code: recovery[0] }, { action: 'verify' });
    const user = await ageSession(address, 3600);
    const [password] = await gerbang.store.credentials.listByUser(user.id, 'password');
    const [codes] = await gerbang.store.credentials.listByUser(user.id, 'recovery-codes');

    await browser.get('/account');
    await browser.post('/account/password', { _csrf: browser.csrfToken()!, current_password: PASSWORD, new_password: 'an attacker chose this one' });
    expect(browser.title()).toBe('Enter your password');
    expect((await gerbang.store.credentials.listByUser(user.id, 'password'))[0].data.hash).toBe(password.data.hash);

    await browser.get('/account');
    await browser.post(`/account/credentials/${codes.id}/remove`, { _csrf: browser.csrfToken()! });
    expect(browser.title()).toBe('Enter your password');
    expect(await gerbang.store.credentials.listByUser(user.id, 'recovery-codes')).toHaveLength(1);

    await browser.get('/account/flows/email-change');
    expect(browser.title()).toBe('Enter your password');
    expect((await gerbang.store.users.findById(user.id))!.email).toBe(address);
  });

  it('asks an account without a password for a code by email when its sign-in is too old', async () => {
    const address = email();
    const user = await gerbang.store.users.create({ email: address, emailVerified: true });
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=passwordless&return_to=/account');
    let sent = mail.mails.length;
    await browser.submit({ email: address });
    const link = new URL(linkIn(await mail.next(address, sent)));
    await browser.get(link.pathname + link.search);
    expect(signedIn(browser)).toBe(true);
    await ageSession(address, 3600);

    await browser.get('/account');
    sent = mail.mails.length;
    await browser.post('/account/delete', { _csrf: browser.csrfToken()!, confirm_email: address });
    // Not a password page it could never pass: a code to the mailbox.
    expect(browser.title()).toBe('Check your email');
    expect(await gerbang.store.users.findById(user.id)).not.toBeNull();
    await browser.submit({ code: codeIn(await mail.next(address, sent)) }, { action: 'verify' });
    expect(browser.title()).toBe('Confirm it is you');
    await browser.submit({});
    expect(await gerbang.store.users.findById(user.id)).toBeNull();
  });

  it('copes with a factor removed in another tab between steps: never a 500, never a session below the level', async () => {
    const { address, recovery } = await mfaUser();
    const user = (await gerbang.store.users.findByEmail(address))!;
    // Tab A: an app's sign-in waits on "Enter your code" for the authenticator app.
    const demo = await discover('demo-app');
    const tab = new TestBrowser(gerbang.url);
    const req = authorize(demo);
    await passwordSignIn(tab, req.path, address);
    expect(tab.title()).toBe('Enter your code');

    // Elsewhere, the person (freshly signed in) removes the authenticator app.
    const other = new TestBrowser(gerbang.url);
    await passwordSignIn(other, '/login?return_to=/account', address);
    await other.submit({}, { action: 'method:recovery-codes' });
    await other.submit({ code: recovery[0] }, { action: 'verify' });
    const [totp] = await gerbang.store.credentials.listByUser(user.id, 'totp');
    await other.post(`/account/credentials/${totp.id}/remove`, { _csrf: other.csrfToken()! });
    expect(await gerbang.store.credentials.listByUser(user.id, 'totp')).toHaveLength(0);

    // Tab A answers the page it shows: not checked against another factor, not a crash.
    const answered = await tab.submit({ code: '123456' }, { action: 'verify' });
    expect(answered.status).toBeLessThan(500);
    expect(tab.page!.html).toContain('That sign-in method was removed from your account meanwhile. Use another one.');
    expect(signedIn(tab)).toBe(false);

    // Then the recovery codes go too; reloading tab A leads through setting up a factor, not to the app.
    const [codes] = await gerbang.store.credentials.listByUser(user.id, 'recovery-codes');
    await other.get('/account');
    await other.post(`/account/credentials/${codes.id}/remove`, { _csrf: other.csrfToken()! });
    const reloaded = await tab.get(new URL(tab.page!.url).pathname);
    expect(reloaded.status).toBe(200);
    expect(tab.title()).toBe('Protect your account');
    expect(atApp(tab)).toBe(false);
    await enrolTotp(tab);
    expect(atApp(tab)).toBe(true);
    expect((await tokensFrom(demo, tab, req)).claims()?.acr).toBe(LOA2);
  });

  it('tells the old address of an email change, with a link that takes the account back and signs everyone out', async () => {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    await passwordSignIn(browser, '/login?return_to=/account', address);
    const user = (await gerbang.store.users.findByEmail(address))!;
    // Whoever holds this session (the owner, or someone who took it) moves the account to a new address.
    await browser.get('/account/flows/email-change');
    expect(browser.title()).toBe('Change your email address');
    const taken = email();
    const sent = mail.mails.length;
    await browser.submit({ email: taken });
    await browser.submit({ code: codeIn(await mail.next(taken, sent)) }, { action: 'verify' });
    expect((await gerbang.store.users.findById(user.id))!.email).toBe(taken);

    const notice = await mail.next(address, sent);
    expect(notice.text).toContain(`was changed to ${taken}`);
    const undo = new URL(/(http:\/\/[^\s"<]+\/account\/email-undo\?[^\s"<]+)/.exec(notice.text)![1].replace(/&amp;/g, '&'));
    // The owner of the old address opens the link in another browser, signed out: opening changes nothing.
    const owner = new TestBrowser(gerbang.url);
    await owner.get(undo.pathname + undo.search);
    expect(owner.title()).toBe('Undo the email change');
    expect((await gerbang.store.users.findById(user.id))!.email).toBe(taken);
    await owner.submit({});
    expect(await gerbang.store.users.findById(user.id)).toMatchObject({ email: address, emailVerified: true });
    expect(await gerbang.store.sessions.listByUser(user.id)).toHaveLength(0);
    expect((await gerbang.store.audit.list({ userId: user.id, type: 'email.change-undone', limit: 1 }))).toHaveLength(1);
    // The session that made the change is signed out; the link works once.
    await browser.get('/account');
    expect(browser.title()).not.toBe('Your account');
    expect(browser.page!.url).toMatch(/\/flow\//);
    await owner.get(undo.pathname + undo.search);
    const again = await owner.submit({});
    expect(again.status).toBe(410);
    // A forged token is refused the same way.
    undo.searchParams.set('token', 'A'.repeat(43));
    await owner.get(undo.pathname + undo.search);
    expect((await owner.submit({})).status).toBe(410);
  });

  it('serves the account API only to allowed apps, with the user\'s consent, and destructive calls only after a recent sign-in', async () => {
    const address = await passwordUser();
    const demo = await discover('demo-app');
    const browser = new TestBrowser(gerbang.url);
    const ordinary = authorize(demo);
    await passwordSignIn(browser, ordinary.path, address);
    const plain = await tokensFrom(demo, browser, ordinary);
    const api = (token: string, path: string, init: RequestInit = {}) =>
      fetch(`${gerbang.url}/account/api${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    // The attack: an ordinary token (openid profile email) deletes the account.
    const refused = await api(plain.access_token, '/', { method: 'DELETE', body: JSON.stringify({ confirmEmail: address }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe('insufficient_scope');
    expect((await api(plain.access_token, '/profile')).status).toBe(403);
    const [anyFactor] = await gerbang.store.credentials.listByUser((await gerbang.store.users.findByEmail(address))!.id);
    expect((await api(plain.access_token, `/credentials/${anyFactor.id}`, { method: 'DELETE' })).status).toBe(403);
    // An app not allowed the account API cannot even ask for it.
    const asked = authorize(demo, { scope: 'openid account' });
    await browser.get(asked.path);
    expect(new URL(browser.page!.url).searchParams.get('error')).toBe('invalid_scope');

    // An allowed app: the person is asked, and may refuse.
    await admin('/apps/strong-app', { method: 'PUT', body: JSON.stringify({ accountApi: true, minAcr: null }) });
    const bank = await discover('strong-app');
    const denied = authorize(bank, { scope: 'openid profile account' });
    await browser.get(denied.path);
    expect(browser.title()).toBe('Allow access to your account?');
    await browser.submit({ decision: 'deny' });
    expect(new URL(browser.page!.url).searchParams.get('error')).toBe('access_denied');
    const granted = authorize(bank, { scope: 'openid profile account' });
    await browser.get(granted.path);
    await browser.submit({ decision: 'allow' });
    const tokens = await tokensFrom(bank, browser, granted);
    expect((await api(tokens.access_token, '/profile')).status).toBe(200);

    // Ten minutes later the same token may still read, but not destroy.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    const stale = await api(tokens.access_token, '/', { method: 'DELETE', body: JSON.stringify({ confirmEmail: address }) });
    expect(stale.status).toBe(401);
    expect(stale.headers.get('www-authenticate')).toContain('insufficient_user_authentication');
    expect((await api(tokens.access_token, '/profile')).status).toBe(200);
    vi.useRealTimers();
    expect(await gerbang.store.users.findByEmail(address)).not.toBeNull();
    expect((await api(tokens.access_token, '/', { method: 'DELETE', body: JSON.stringify({ confirmEmail: address }) })).status).toBe(204);
    expect(await gerbang.store.users.findByEmail(address)).toBeNull();
    await admin('/apps/strong-app', { method: 'PUT', body: JSON.stringify({ accountApi: false, minAcr: LOA2 }) });
  });

  it('ends the Gerbang and provider sessions together, and a password change revokes every app\'s refresh tokens', async () => {
    await admin('/apps', { method: 'POST', body: JSON.stringify({ id: 'shop-two', name: 'Shop', type: 'public', redirectUris: [DEMO_REDIRECT], flowId: 'login-signup' }) });
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    const demo = await discover('demo-app');
    const shop = await discover('shop-two');
    const first = authorize(demo);
    await passwordSignIn(browser, first.path, address);
    const demoTokens = await tokensFrom(demo, browser, first);
    const second = authorize(shop);
    await browser.get(second.path);
    const shopTokens = await tokensFrom(shop, browser, second);

    // RP-initiated logout without a valid id_token_hint asks the person; nothing ends until they confirm.
    await browser.get(`${gerbang.url}/session/end?client_id=demo-app`);
    expect(browser.title()).toBe('Sign out');
    const silent = authorize(demo, { prompt: 'none' });
    await browser.get(silent.path);
    expect(new URL(browser.page!.url).searchParams.get('code')).toBeTruthy();

    // Changing the password revokes the refresh tokens of every app.
    await browser.get('/account');
    await browser.post('/account/password', { _csrf: browser.csrfToken()!, current_password: PASSWORD, new_password: 'a different long passphrase' });
    expect(browser.title()).toBe('Your account');
    await expect(oidc.refreshTokenGrant(demo, demoTokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.refreshTokenGrant(shop, shopTokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

    // Signing out on Gerbang's own page ends the provider session too: no silent code afterwards.
    await browser.get('/');
    await browser.submit({});
    expect(signedIn(browser)).toBe(false);
    const after = authorize(shop, { prompt: 'none' });
    await browser.get(after.path);
    expect(new URL(browser.page!.url).searchParams.get('error')).toBe('login_required');
  });
});

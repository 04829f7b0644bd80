import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { TestBrowser } from '../support/browser.js';
import { freePort, useGerbang, useStarted } from '../support/gerbang.js';
import { appAt, appAuthorization } from '../support/openid-journey.js';
import { startIdentityProvider } from '../support/identity-provider.js';
import { MailCatcher, codeIn } from '../support/mail.js';

const PASSWORD = 'correct horse battery';
const ADMIN_TOKEN = 'social-test-admin-token-0123456789';
const APP_REDIRECT = 'http://localhost:8080/callback';

describe('social sign-in (bring your own identity) against a real OpenID provider', () => {
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let serverEnv: Record<string, string>;
  const mail = useStarted(new MailCatcher());

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({
      clientId: 'gerbang',
      clientSecret: 'gerbang-secret-at-the-provider',
      redirectUris: [`${base}/social/callback/google`, `${base}/social/callback/idp`, `${base}/social/callback/gh`],
    });
    // "google" is passport-google-oauth20 pointed at the local provider; "idp" is the generic OIDC connector.
    const connections = [
      { name: 'google', kind: 'google', label: 'Google', clientId: 'gerbang', clientSecret: 'gerbang-secret-at-the-provider', authorizationUrl: `${idp.issuer}/auth`, tokenUrl: `${idp.issuer}/token`, userinfoUrl: `${idp.issuer}/userinfo` },
      { name: 'idp', kind: 'oidc', label: 'Example ID', clientId: 'gerbang', clientSecret: 'gerbang-secret-at-the-provider', issuer: idp.issuer },
      // A plain OAuth2 provider with a userinfo URL (GitHub-like), here the same server spoken to as OAuth2,
      // declared trusted by the administrator: its emails count even when it has not verified them.
      { name: 'gh', kind: 'oauth2', label: 'Code Host', clientId: 'gerbang', clientSecret: 'gerbang-secret-at-the-provider', authorizationUrl: `${idp.issuer}/auth`, tokenUrl: `${idp.issuer}/token`, userinfoUrl: `${idp.issuer}/userinfo`, scopes: ['openid', 'email', 'profile'], trusted: true },
    ];
    serverEnv = { PORT: String(port), PUBLIC_URL: base, SOCIAL_CONNECTIONS: JSON.stringify(connections), ADMIN_API_TOKEN: ADMIN_TOKEN, ...mail.env() };
  });
  afterAll(async () => {
    await idp?.close();
  });
  const gerbang = useGerbang(() => serverEnv);

  const browser = () => new TestBrowser(gerbang.url, {}, [idp.issuer]);
  const account = (sub: string, email: string) => {
    idp.accounts.set(sub, { sub, email, email_verified: true, given_name: 'Eka', family_name: 'Putra', picture: `https://img.example.com/${sub}.png` });
    idp.control.nextLogin = sub;
  };

  /** An account at the provider whose email the provider has not verified (anyone can type any address there). */
  const unverifiedAccount = (sub: string, email: string) => {
    idp.accounts.set(sub, { sub, email, email_verified: false, given_name: 'Eve', family_name: 'Mallory', picture: `https://img.example.com/${sub}.png` });
    idp.control.nextLogin = sub;
  };
  const signedIn = (b: TestBrowser) => b.cookie('gb_sid') !== undefined;

  it("never creates an account on a provider's unverified email: the journey sends a code to the mailbox first", async () => {
    const victim = 'victim.new@example.com';
    // The attack: an account at the provider claiming the victim's address, unverified.
    unverifiedAccount('eve-1', victim);
    const attacker = browser();
    await attacker.get('/login?flow=social-login');
    const sent = mail.mails.length;
    await attacker.submit({}, { action: 'connect:idp' });
    expect(attacker.title()).toBe('Check your email');
    expect(attacker.page!.html).toContain(`Example ID has not verified ${victim}.`);
    expect(signedIn(attacker)).toBe(false);
    expect(await gerbang.store.users.findByEmail(victim)).toBeNull();
    expect(await gerbang.store.identities.find('idp', 'eve-1')).toBeNull();
    // The code went to the real mailbox; guessing is no way in.
    await mail.next(victim, sent);
    for (let i = 0; i < 5; i++) await attacker.submit({ code: '000000' }, { action: 'verify' });
    expect(signedIn(attacker)).toBe(false);
    expect(await gerbang.store.users.findByEmail(victim)).toBeNull();

    // Someone whose provider simply has not verified the address proves it with the code, and is in.
    const honest = 'honest.person@example.com';
    unverifiedAccount('honest-1', honest);
    const person = browser();
    await person.get('/login?flow=social-login');
    const before = mail.mails.length;
    await person.submit({}, { action: 'connect:idp' });
    await person.submit({ code: codeIn(await mail.next(honest, before)) }, { action: 'verify' });
    expect(person.title()).toBe('Welcome Eve');
    const user = (await gerbang.store.users.findByEmail(honest))!;
    expect(user).toMatchObject({ emailVerified: true, attributes: { given_name: 'Eve' } });
    expect(await gerbang.store.identities.listByUser(user.id)).toEqual([expect.objectContaining({ provider: 'idp', subject: 'honest-1', emailVerified: true })]);
  });

  it('removes a sign-in linked on an unverified claim when the owner proves the mailbox, and tells the owner', async () => {
    const owner = 'owner.takeover@example.com';
    // A trusted connection creates the account on the unverified claim (remembered as unproved).
    unverifiedAccount('eve-2', owner);
    const attacker = browser();
    await attacker.get('/login?flow=social-login');
    await attacker.submit({}, { action: 'connect:gh' });
    expect(attacker.title()).toBe('Welcome Eve');
    const user = (await gerbang.store.users.findByEmail(owner))!;
    expect(user.emailVerified).toBe(false);
    expect(await gerbang.store.identities.find('gh', 'eve-2')).toMatchObject({ userId: user.id, emailVerified: false });

    // The real owner takes the account over with "forgot password".
    const real = browser();
    await real.get('/login?flow=password-reset');
    const sent = mail.mails.length;
    await real.submit({ email: owner });
    await real.submit({ code: codeIn(await mail.next(owner, sent)) }, { action: 'verify' });
    await real.submit({ password: 'the owner chose this one', confirm: 'the owner chose this one' }, { action: 'save' });
    expect(await gerbang.store.identities.listByUser(user.id)).toEqual([]);
    const told = await mail.next(owner, sent + 1);
    expect(told.text).toContain('so we removed them: Code Host.');
    expect((await gerbang.store.audit.list({ userId: user.id, limit: 50 })).map((e) => e.type)).toContain('identity.removed');

    // The attacker signs in with the provider again: the account now asks for its password.
    const again = browser();
    await again.get('/login?flow=social-login');
    await again.submit({}, { action: 'connect:gh' });
    expect(again.title()).toBe('Enter your password');
    expect(signedIn(again)).toBe(false);
    expect(await gerbang.store.identities.find('gh', 'eve-2')).toBeNull();
  });

  for (const connection of ['google', 'idp', 'gh']) {
    it(`signs up with ${connection}, importing name, email and picture, then signs in again as the same user`, async () => {
      const sub = `new-${connection}`;
      const email = `${sub}@example.com`;
      account(sub, email);
      const b = browser();
      await b.get('/login?flow=social-login');
      expect(b.page!.html).toContain(`Continue with ${{ google: 'Google', idp: 'Example ID', gh: 'Code Host' }[connection]}`);
      await b.submit({}, { action: `connect:${connection}` });
      expect(b.errors()).toEqual([]);
      expect(b.title()).toBe('Welcome Eka');
      const user = (await gerbang.store.users.findByEmail(email))!;
      expect(user).toMatchObject({ emailVerified: true, attributes: { given_name: 'Eka', family_name: 'Putra', picture: `https://img.example.com/${sub}.png` } });
      expect(await gerbang.store.identities.listByUser(user.id)).toEqual([expect.objectContaining({ provider: connection, subject: sub })]);

      const again = browser();
      await again.get('/login?flow=social-login');
      await again.submit({}, { action: `connect:${connection}` });
      expect(again.title()).toBe('Welcome Eka');
      expect((await gerbang.store.sessions.listByUser(user.id)).map((s) => s.amr)).toEqual([['fed'], ['fed']]);
    });
  }

  it('asks the owner of an existing password account to prove it before linking', async () => {
    const email = 'linkme@example.com';
    const owner = browser();
    await owner.get('/login');
    await owner.submit({ email });
    await owner.submit({ email, password: PASSWORD });
    await owner.submit({ given_name: 'Lina', family_name: '' }, { action: 'save' });

    account('ext-link', email);
    const b = browser();
    await b.get('/login?flow=social-login');
    await b.submit({}, { action: 'connect:idp' });
    expect(b.title()).toBe('Enter your password');
    expect(b.page!.html).toContain(`An account with ${email} already exists.`);
    await b.submit({ email, password: 'not my password' });
    expect(b.title()).toBe('Enter your password');
    const user = (await gerbang.store.users.findByEmail(email))!;
    expect(await gerbang.store.identities.listByUser(user.id)).toEqual([]);

    // The last name Lina left empty at sign-up is not asked again for a while (progressive profiling).
    await b.submit({ email, password: PASSWORD });
    expect(b.title()).toBe('Welcome Lina');
    expect(await gerbang.store.identities.listByUser(user.id)).toEqual([expect.objectContaining({ provider: 'idp', subject: 'ext-link' })]);

    const later = browser();
    await later.get('/login?flow=social-login');
    await later.submit({}, { action: 'connect:idp' });
    expect(later.title()).toBe('Welcome Lina');
  });

  it('unlinks a provider from the account page, but never the last way to sign in', async () => {
    account('only-social', 'only.social@example.com');
    const b = browser();
    await b.get('/login?flow=social-login');
    await b.submit({}, { action: 'connect:idp' });
    await b.get('/account');
    const unlink = (br: TestBrowser) => {
      const form = /<form class="inline" method="post" action="\/account\/identities\/unlink">([\s\S]*?)<\/form>/.exec(br.page!.html)![1];
      const fields = Object.fromEntries([...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return br.post('/account/identities/unlink', fields);
    };
    const refused = await unlink(b);
    expect(refused.status).toBe(422);
    expect(b.errors()).toContain('This is your last way to sign in; add another one before removing it.');

    // Lina has a password too (linked in the test above): she may unlink the provider.
    idp.control.nextLogin = 'ext-link';
    const lina = browser();
    await lina.get('/login?flow=social-login');
    await lina.submit({}, { action: 'connect:idp' });
    await lina.get('/account');
    await unlink(lina);
    const user = (await gerbang.store.users.findByEmail('linkme@example.com'))!;
    expect(await gerbang.store.identities.listByUser(user.id)).toEqual([]);
  });

  it('comes back with a clear message when the person says no at the provider', async () => {
    idp.control.nextLogin = 'deny';
    const b = browser();
    await b.get('/login?flow=social-login');
    await b.submit({}, { action: 'connect:google' });
    expect(b.title()).toBe('Sign in');
    expect(b.errors()).toContain('You cancelled the sign-in at Google.');
  });

  it('refuses an answer whose state was tampered with, or that arrives in another browser', async () => {
    account('tamper', 'tamper@example.com');
    // The person's browser stops at the provider; the provider's own pages run in a second jar.
    const person = new TestBrowser(gerbang.url);
    await person.get('/login?flow=social-login');
    await person.submit({}, { action: 'connect:idp' });
    const atProvider = new TestBrowser(idp.issuer);
    await atProvider.get(person.page!.url);
    const callback = new URL(atProvider.page!.url);
    expect(callback.pathname).toBe('/social/callback/idp');

    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')!.split('.')[0]}.forged`);
    const refused = await person.get(tampered.pathname + tampered.search);
    expect(refused.status).toBe(400);
    const stranger = new TestBrowser(gerbang.url);
    expect((await stranger.get(callback.pathname + callback.search)).status).toBe(403);
    // The answer only comes through the callback route: posted as a form of the step, it is ignored.
    const runId = callback.searchParams.get('state')!.split('.')[0];
    await person.get(`/flow/${runId}`);
    const posted = await person.submit(
      { connection: 'idp', state: callback.searchParams.get('state')!, callbackUrl: callback.toString() },
      { action: 'social-callback' },
    );
    expect(posted.status).toBe(422);
    expect(await gerbang.store.users.findByEmail('tamper@example.com')).toBeNull();

    // The untouched answer, in the right browser, still works.
    await person.get(callback.pathname + callback.search);
    expect(person.title()).toBe('Welcome Eka');
  });

  for (const connection of ['idp', 'gh']) {
    it(`keeps script links sent by ${connection} out of the stored profile, the ID token and userinfo`, async () => {
      const sub = `links-${connection}`;
      idp.accounts.set(sub, {
        sub,
        email: `${sub}@example.com`,
        email_verified: true,
        given_name: 'Eka',
        family_name: 'Putra',
        picture: 'javascript:alert(document.domain)',
        website: 'https://eka.example.com/',
        profile: 'data:text/html,<script>alert(document.domain)</script>',
      });
      idp.control.nextLogin = sub;
      // An app whose journey is the social sign-in.
      await fetch(`${gerbang.url}/api/apps`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: `links-app-${connection}`, name: 'Links', type: 'public', redirectUris: [APP_REDIRECT], flowId: 'social-login' }),
      });
      const config = await oidc.discovery(new URL(gerbang.url), `links-app-${connection}`, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      const { path, verifier, state } = appAuthorization(appAt(config, APP_REDIRECT), { scope: 'openid profile email' });
      const b = browser();
      await b.get(path);
      await b.submit({}, { action: `connect:${connection}` });
      expect(b.page!.url.startsWith(APP_REDIRECT)).toBe(true);

      const user = (await gerbang.store.users.findByEmail(`${sub}@example.com`))!;
      expect(user.attributes).toMatchObject({ given_name: 'Eka', website: 'https://eka.example.com/' });
      expect(user.attributes).not.toHaveProperty('picture');
      expect(user.attributes).not.toHaveProperty('profile');

      const tokens = await oidc.authorizationCodeGrant(config, new URL(b.page!.url), { pkceCodeVerifier: verifier, expectedState: state });
      const claims = tokens.claims()!;
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      for (const released of [claims, info]) {
        expect(released).toMatchObject({ given_name: 'Eka', website: 'https://eka.example.com/' });
        expect(JSON.stringify(released)).not.toMatch(/javascript:|data:text/);
      }
    });
  }

});

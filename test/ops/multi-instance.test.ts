import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { decodeProtectedHeader } from 'jose';
import { TestBrowser, decodeEntities } from '../support/browser.js';
import { freePort, tempDataDir } from '../support/gerbang.js';
import { codeIn, hasCode, linkIn, MailCatcher } from '../support/mail.js';
import { mongoTargets } from '../support/mongo.js';
import { RoundRobinProxy } from '../support/round-robin-proxy.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { startIdentityProvider } from '../support/identity-provider.js';

const PASSWORD = 'three instances password';
const ADMIN_TOKEN = 'admin-token-for-three-instances-0123';

/**
 * Three instances on one MongoDB (the wire test server) behind a round-robin proxy, sharing only
 * their configuration: every request of a journey lands on another instance than the one before.
 */
describe('three instances sharing only configuration', () => {
  const mail = new MailCatcher();
  const dirs = [tempDataDir(), tempDataDir(), tempDataDir()];
  let instances: ServerProcess[] = [];
  let proxy: RoundRobinProxy;
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let n = 0;
  const newEmail = () => `hop${++n}.${Date.now()}@example.com`;

  beforeAll(async () => {
    await mail.start();
    const db = await mongoTargets[0].fresh();
    // The proxy's address is every instance's PUBLIC_URL (the issuer apps see), known before they start.
    const port = await freePort();
    const callback = (name: string) => `http://127.0.0.1:${port}/social/callback/${name}`;
    idp = await startIdentityProvider({ clientId: 'gerbang', clientSecret: 'gerbang-secret-at-the-provider', redirectUris: [callback('idp'), callback('google'), callback('gh')] });
    // The shipped social journey offers Google, an OpenID provider and an OAuth2 one: all point at the local provider.
    const secret = 'gerbang-secret-at-the-provider';
    const connections = [
      { name: 'google', kind: 'google', label: 'Google', clientId: 'gerbang', clientSecret: secret, authorizationUrl: `${idp.issuer}/auth`, tokenUrl: `${idp.issuer}/token`, userinfoUrl: `${idp.issuer}/userinfo` },
      { name: 'idp', kind: 'oidc', label: 'Example ID', clientId: 'gerbang', clientSecret: secret, issuer: idp.issuer },
      { name: 'gh', kind: 'oauth2', label: 'Code Host', clientId: 'gerbang', clientSecret: secret, authorizationUrl: `${idp.issuer}/auth`, tokenUrl: `${idp.issuer}/token`, userinfoUrl: `${idp.issuer}/userinfo`, scopes: ['openid', 'email', 'profile'] },
    ];
    const env = (i: number) => ({
      MONGODB_URI: db.uri,
      GERBANG_SECRET: 'the one secret of this deployment 0123456789',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dirs[i].dir,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      RATE_LIMIT_PER_MINUTE: '100000',
      SOCIAL_CONNECTIONS: JSON.stringify(connections),
      ...mail.env(),
    });
    // The first seeds the database; the other two start together on the seeded store.
    instances = [await startServerProcess(env(0))];
    instances.push(...(await Promise.all([startServerProcess(env(1)), startServerProcess(env(2))])));
    proxy = new RoundRobinProxy(instances.map((i) => i.url));
    await proxy.start(port);
  }, 180_000);
  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(instances.map((i) => i.stop()));
    await mail.stop();
    await idp?.close();
    dirs.forEach((d) => d.cleanup());
  });

  /** Every request of a journey went to another instance than the one before it. */
  function expectHops(from: number): void {
    const seen = proxy.answeredBy.slice(from);
    expect(new Set(seen).size).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).not.toBe(seen[i - 1]);
  }

  it('a password sign-up and a sign-in finish while every request hops instance', async () => {
    const from = proxy.answeredBy.length;
    const email = newEmail();
    const browser = new TestBrowser(proxy.url);
    await browser.get('/login');
    await browser.submit({ email });
    expect(browser.title()).toBe('Create your account');
    await browser.submit({ email, password: PASSWORD });
    await browser.submit({ given_name: 'Tiga', family_name: 'Instansi' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Tiga');

    const again = new TestBrowser(proxy.url);
    await again.get('/login');
    await again.submit({ email });
    await again.submit({ email, password: PASSWORD });
    expect(again.page!.html).toContain(`You are signed in as ${email}.`);
    expectHops(from);
  });

  it('an emailed code issued by one instance is accepted by another (password reset)', async () => {
    const email = newEmail();
    const signup = new TestBrowser(proxy.url);
    await signup.get('/login');
    await signup.submit({ email });
    await signup.submit({ email, password: PASSWORD });
    await signup.submit({ given_name: 'Kode', family_name: 'Instansi' }, { action: 'save' });

    const from = proxy.answeredBy.length;
    const browser = new TestBrowser(proxy.url);
    await browser.get('/login?flow=password-reset');
    const sent = mail.mails.length;
    await browser.submit({ email });
    const code = codeIn(await mail.next(email, sent, hasCode));
    await browser.submit({ code }, { action: 'verify' });
    await browser.submit({ password: 'a brand new password 1', confirm: 'a brand new password 1' }, { action: 'save' });
    expect(browser.page!.html).toContain(`You are signed in as ${email}.`);
    expectHops(from);
  });

  it('a magic link mailed by one instance signs in through another', async () => {
    const from = proxy.answeredBy.length;
    const email = newEmail();
    const browser = new TestBrowser(proxy.url);
    await browser.get('/login?flow=passwordless');
    const sent = mail.mails.length;
    await browser.submit({ email });
    expect(browser.title()).toBe('Check your email');
    const link = new URL(linkIn(await mail.next(email, sent)));
    expect(link.origin).toBe(proxy.url);
    await browser.get(link.pathname + link.search);
    expect(browser.page!.html).toContain(`You are signed in as ${email}.`);
    expectHops(from);
  });

  it('an authenticator app set up through one instance is checked by the others', async () => {
    const from = proxy.answeredBy.length;
    const email = newEmail();
    const codeBlock = (b: TestBrowser) => decodeEntities(/<pre class="code">([\s\S]*?)<\/pre>/.exec(b.page!.html)![1]);
    const browser = new TestBrowser(proxy.url);
    await browser.get('/login?flow=login-mfa');
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    await browser.submit({}, { action: 'totp-start' });
    const secret = codeBlock(browser).replace(/\s/g, '');
    await browser.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
    expect(browser.title()).toBe('Save your recovery codes');
    await browser.submit({}, { action: 'recovery-saved' });
    await browser.submit({ given_name: 'Otp', family_name: 'Instansi' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Otp');

    const again = new TestBrowser(proxy.url);
    await again.get('/login?flow=login-mfa');
    await again.submit({ email });
    await again.submit({ email, password: PASSWORD });
    expect(again.title()).toBe('Enter your code');
    // The seed was sealed by one instance and is opened by another: the same sealing key everywhere.
    // The set-up used this time step's code; the next step's is accepted too (a phone's clock a little
    // ahead), so the test need not wait for it.
    await again.submit({ code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }) }, { action: 'verify' });
    expect(again.page!.html).toContain(`You are signed in as ${email}.`);
    expectHops(from);
  }, 60_000);

  it('a sign-in with an external OpenID provider leaves through one instance and comes back through another', async () => {
    const from = proxy.answeredBy.length;
    const sub = `ext-${Date.now()}`;
    const email = `${sub}@example.com`;
    idp.accounts.set(sub, { sub, email, email_verified: true, given_name: 'Eka', family_name: 'Putra', picture: `https://img.example.com/${sub}.png` });
    idp.control.nextLogin = sub;
    const browser = new TestBrowser(proxy.url, {}, [idp.issuer]);
    await browser.get('/login?flow=social-login');
    await browser.submit({}, { action: 'connect:idp' });
    expect(browser.errors()).toEqual([]);
    expect(browser.title()).toBe('Welcome Eka');
    expectHops(from);
  });

  it('a signing key rotated on one instance is used by all of them', async () => {
    const rotated = await fetch(`${proxy.url}/api/oidc/keys/rotate`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { kids } = (await rotated.json()) as { kids: string[] };
    // Within the reload interval every instance publishes the new key first and signs with it.
    for (const instance of instances) {
      await expect
        .poll(async () => ((await (await fetch(`${instance.url}/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys[0].kid, { timeout: 15_000, interval: 500 })
        .toBe(kids[0]);
    }
    const config = await oidc.discovery(new URL(proxy.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    for (let i = 0; i < 3; i++) {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: 'http://localhost:8080/callback',
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: `s${i}`,
      });
      const browser = new TestBrowser(proxy.url);
      const email = newEmail();
      await browser.get(url.toString());
      await browser.submit({ email });
      await browser.submit({ email, password: PASSWORD });
      await browser.submit({ given_name: 'Kunci', family_name: 'Instansi' }, { action: 'save' });
      const tokens = await oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: verifier, expectedState: `s${i}` });
      expect(decodeProtectedHeader(tokens.id_token!).kid).toBe(kids[0]);
    }
  }, 60_000);

  it('kill -9 of an instance in the middle of a journey loses nothing: the journey finishes on the others', async () => {
    const email = newEmail();
    const browser = new TestBrowser(proxy.url);
    await browser.get('/login');
    await browser.submit({ email });
    expect(browser.title()).toBe('Create your account');
    const victim = instances[1];
    victim.child.kill('SIGKILL');
    await victim.exited;
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    await browser.submit({ given_name: 'Selamat', family_name: 'Instansi' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Selamat');
  });
});

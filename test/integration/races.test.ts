import { describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { fetch as fetchFrom } from 'undici';
import { TestBrowser, agentFrom, decodeEntities } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';
import { adapters, useAdapterEnv } from '../support/adapters.js';

const PASSWORD = 'correct horse battery';
const LIMIT = 5; // the shipped password steps block an address for the account after five wrong passwords

/**
 * The attacks of the races hardening: many requests at the same moment, on both stores. Each test
 * sends them the way an attacker would (separate runs, all posted at once) and checks what a person
 * would notice: who got in, how many guesses were checked, whether the attacker's address ends blocked
 * (the attacks come from their own loopback addresses, the owner from 127.0.0.1).
 */
describe.each(adapters)('racing requests cannot get around one-time rules ($name)', (adapter) => {
  const database = useAdapterEnv(adapter);
  const gerbang = useGerbang(() => database.env);
  let n = 0;
  const email = () => `race${++n}.${Date.now()}@example.com`;

  async function signUp(address: string, flow = 'login-signup') {
    const browser = new TestBrowser(gerbang.url);
    await browser.get(`/login?flow=${flow}`);
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    return browser;
  }

  /** A run waiting on the password step for this account. */
  async function atPasswordStep(address: string, from?: string) {
    const browser = new TestBrowser(gerbang.url, {}, [], from);
    await browser.get('/login');
    await browser.submit({ email: address });
    expect(browser.fieldNames()).toContain('password');
    return browser;
  }

  const userOf = async (address: string) => (await gerbang.store.users.findByEmail(address))!;

  /** Signs `address` in to the demo app through openid-client (PKCE, prompt=login), up to the app's redirect. */
  async function signInToDemoApp(address: string, scope: string) {
    const config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const { path, verifier, state } = demoAppAuthorization({ scope, prompt: 'login' });
    const app = new TestBrowser(gerbang.url);
    await app.get(path);
    await app.submit({ email: address });
    await app.submit({ email: address, password: PASSWORD });
    if (app.title() === 'Tell us a little about yourself') await app.submit({ given_name: 'Sari', family_name: 'Dewi' }, { action: 'save' });
    return { config, verifier, state, app };
  }

  it('checks at most five of 24 wrong passwords and the right one posted at once from one address, and that address ends blocked', async () => {
    const address = email();
    const owner = await signUp(address);
    await owner.submit({ given_name: 'Sari', family_name: '' }, { action: 'save' });
    const runs = await Promise.all(Array.from({ length: 25 }, () => atPasswordStep(address, '127.0.0.21')));
    const pages = await Promise.all(runs.map((b, i) => b.submit({ email: address, password: i === 24 ? PASSWORD : `wrong-${i}` })));
    const text = pages.map((p) => decodeEntities(p.html));
    const wrong = text.filter((t) => t.includes('That password is not right')).length;
    const signedIn = runs.filter((b) => b.title().startsWith('Welcome')).length;
    // Every refused run was told its address is blocked; at most the limit were checked at all.
    expect(wrong + signedIn).toBeLessThanOrEqual(LIMIT);
    expect(text.filter((t) => t.includes('Too many wrong passwords')).length).toBe(25 - wrong - signedIn);
    const user = await userOf(address);
    expect((await gerbang.store.audit.list({ userId: user.id, type: 'signin.failed', limit: 100 })).length).toBeLessThanOrEqual(LIMIT);
    // Even the right password now meets the block from that address...
    const later = await atPasswordStep(address, '127.0.0.21');
    await later.submit({ email: address, password: PASSWORD });
    expect(later.errors().join(' ')).toContain('Too many wrong passwords');
    // ...while the owner, from another address, signs in.
    const fromHome = await atPasswordStep(address, '127.0.0.22');
    await fromHome.submit({ email: address, password: PASSWORD });
    // (The family name skipped at sign-up is optional: progressive profiling does not ask it again.)
    expect(fromHome.title(), fromHome.errors().join()).toMatch(/^Welcome/);
  });

  it('limits guesses of the current password on the account page and the account API like sign-in', async () => {
    const address = email();
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-signup&return_to=/account');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    await browser.submit({ given_name: 'Rina', family_name: '' }, { action: 'save' });
    expect(browser.title()).toBe('Your account');
    const form = /<form[^>]*action="\/account\/password"[\s\S]*?<\/form>/.exec(browser.page!.html)![0];
    const hidden = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));

    // An app holding an access token for the account API guesses at the same time.
    // (The account API needs its own scope, which the app must be allowed and the person grants.)
    await gerbang.store.apps.update('demo-app', { accountApi: true });
    const { config, verifier, state, app } = await signInToDemoApp(address, 'openid profile account');
    if (app.title() === 'Allow access to your account?') await app.submit({ decision: 'allow' });
    expect(app.page!.url, app.title()).toMatch(/^http:\/\/localhost:8080\/callback/);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(app.page!.url), { pkceCodeVerifier: verifier, expectedState: state });
    // The guesses come from one address; the owner's browser is on another.
    const api = (currentPassword: string) =>
      fetchFrom(`${gerbang.url}/account/api/password`, {
        dispatcher: agentFrom('127.0.0.23'),
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword, newPassword: 'a brand new long password' }),
      });

    // 120 guesses, from the page and the API, 40 at a time.
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 ? api(`guess-${round}-${i}`) : new TestBrowser(gerbang.url, {}, [], '127.0.0.23').post('/account/password', { ...hidden, current_password: `guess-${round}-${i}`, new_password: 'x' }),
        ),
      );
    }
    // At most five guesses were checked at all.
    const user = await userOf(address);
    expect((await gerbang.store.audit.list({ userId: user.id, type: 'signin.failed', limit: 200 })).length).toBe(0);
    // Then the right one from that address: refused, the password unchanged.
    const res = await api(PASSWORD);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toMatch(/^Too many wrong passwords\. Your account is locked; try again in \d+ minutes\.$/);
    const attacker = await atPasswordStep(address, '127.0.0.23');
    await attacker.submit({ email: address, password: PASSWORD });
    expect(attacker.errors().join(' ')).toMatch(/Too many (wrong passwords|failed sign-ins) from your network/);
    // The owner, on their own address, still changes the password on the account page.
    const page = await browser.post('/account/password', { ...hidden, current_password: PASSWORD, new_password: 'a brand new long password' });
    expect(decodeEntities(page.html)).toContain('Your password was changed.');
    const signIn = await atPasswordStep(address);
    await signIn.submit({ email: address, password: 'a brand new long password' });
    expect(signIn.errors()).toEqual([]);
    expect(signIn.fieldNames()).not.toContain('password');
  });

  it('issues tokens for an authorization code at most once and rotates a refresh token once, however many requests present them at once', async () => {
    const address = email();
    const owner = await signUp(address);
    await owner.submit({ given_name: 'Sari', family_name: 'Dewi' }, { action: 'save' });
    const { config, verifier, state, app } = await signInToDemoApp(address, 'openid profile');
    const callback = new URL(app.page!.url);
    expect(callback.origin).toBe('http://localhost:8080');

    const settle = <T>(attempts: Array<Promise<T>>) => Promise.allSettled(attempts);
    const codeResults = await settle(Array.from({ length: 5 }, () => oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state })));
    const exchanged = codeResults.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(exchanged.length).toBeLessThanOrEqual(1);
    for (const r of codeResults) if (r.status === 'rejected') expect(r.reason).toMatchObject({ error: 'invalid_grant' });

    // A used code presented again ends the grant (the provider's reuse detection), so the racing
    // requests may all be refused, but never more than one of them gets tokens.
    if (exchanged.length === 0) return;
    const refreshResults = await settle(Array.from({ length: 5 }, () => oidc.refreshTokenGrant(config, exchanged[0].refresh_token!)));
    const refreshed = refreshResults.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // Within the reuse window (REFRESH_REUSE_SECONDS) a token presented again gets the same successor,
    // so racing requests may all succeed, but they never mint two different refresh tokens.
    expect(new Set(refreshed.map((t) => t.refresh_token)).size).toBeLessThanOrEqual(1);
    for (const r of refreshResults) if (r.status === 'rejected') expect(r.reason).toMatchObject({ error: 'invalid_grant' });
  });

  describe('second factors', () => {
    const codeBlock = (b: TestBrowser) => decodeEntities(/<pre class="code">([\s\S]*?)<\/pre>/.exec(b.page!.html)![1]);

    async function enrol(address: string) {
      const browser = await signUp(address, 'login-mfa');
      await browser.submit({}, { action: 'totp-start' });
      const secret = codeBlock(browser).replace(/\s/g, '');
      await browser.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
      const recovery = codeBlock(browser).split('\n');
      await browser.submit({}, { action: 'recovery-saved' });
      await browser.submit({ given_name: 'Tono', family_name: 'Hadi' }, { action: 'save' });
      expect(browser.title()).toBe('Welcome Tono');
      return { secret, recovery };
    }

    /** `count` runs waiting on the second factor, switched to recovery codes when asked. */
    async function atSecondFactor(address: string, count: number, recovery: boolean) {
      return Promise.all(
        Array.from({ length: count }, async () => {
          const browser = new TestBrowser(gerbang.url);
          await browser.get('/login?flow=login-mfa');
          await browser.submit({ email: address });
          await browser.submit({ email: address, password: PASSWORD });
          expect(browser.title()).toBe('Enter your code');
          if (recovery) await browser.submit({}, { action: 'method:recovery-codes' });
          return browser;
        }),
      );
    }

    it('signs in only one of five runs presenting the same recovery code at once', async () => {
      const address = email();
      const { recovery } = await enrol(address);
      const runs = await atSecondFactor(address, 5, true);
      await Promise.all(runs.map((b) => b.submit({ code: recovery[0] }, { action: 'verify' })));
      expect(runs.filter((b) => b.title() === 'Welcome Tono')).toHaveLength(1);
      expect(runs.filter((b) => b.errors().join(' ').length > 0)).toHaveLength(4);
    });

    it('consumes each of two different recovery codes used at once exactly once', async () => {
      const address = email();
      const { recovery } = await enrol(address);
      const runs = await atSecondFactor(address, 2, true);
      await Promise.all(runs.map((b, i) => b.submit({ code: recovery[i] }, { action: 'verify' })));
      expect(runs.map((b) => b.title())).toEqual(['Welcome Tono', 'Welcome Tono']);
      const [stored] = await gerbang.store.credentials.listByUser((await userOf(address)).id, 'recovery-codes');
      expect((stored.data.codes as Array<{ usedAt: string | null }>).filter((c) => c.usedAt)).toHaveLength(2);
      // Neither is accepted again.
      const again = await atSecondFactor(address, 2, true);
      await Promise.all(again.map((b, i) => b.submit({ code: recovery[i] }, { action: 'verify' })));
      expect(again.map((b) => b.title())).toEqual(['Use a recovery code', 'Use a recovery code']);
    });

    it('accepts an authenticator code on only one of four runs presenting it at once', async () => {
      const address = email();
      const { secret } = await enrol(address);
      const runs = await atSecondFactor(address, 4, false);
      // The code of the next time step (within the allowed drift): the enrolment used the current one.
      const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
      await Promise.all(runs.map((b) => b.submit({ code }, { action: 'verify' })));
      expect(runs.filter((b) => b.title() === 'Welcome Tono')).toHaveLength(1);
      expect(runs.filter((b) => b.errors().join(' ').includes('That code is not right'))).toHaveLength(3);
    });
  });
});

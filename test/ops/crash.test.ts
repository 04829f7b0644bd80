import { afterEach, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import type { Gerbang } from '../../engine/server.js';
import type { Store } from '../../engine/store/port.js';
import { TestBrowser } from '../support/browser.js';
import { freePort, startTestServer, tempDataDir } from '../support/gerbang.js';

const PASSWORD = 'crash test password 1';

/**
 * A store that lets the process "die" between two writes: once `after(repository, operation, args)`
 * says so, the operation that follows it and everything after fails, as if the process had stopped
 * there. What was written before stays in the database, as it would.
 */
function crashingStore(store: Store, after: (repo: string, op: string, args: unknown[]) => boolean): Store {
  let dead = false;
  let armed = false;
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value === 'function') return value.bind(target);
      if (!value || typeof value !== 'object' || typeof key !== 'string') return value;
      return new Proxy(value as object, {
        get(repo, op) {
          const fn = Reflect.get(repo, op, repo);
          if (typeof fn !== 'function' || typeof op !== 'string') return fn;
          return async (...args: unknown[]) => {
            if (dead || armed) {
              dead = true;
              throw new Error('the process stopped here');
            }
            const result = await fn.apply(repo, args);
            if (after(key, op, args)) armed = true;
            return result;
          };
        },
      });
    },
  });
}

describe('nothing is lost at a crash', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A server on a fixed port and data directory, so a restart is the same server to the browser and apps. */
  async function server(dir: string, port: number, crashAfter?: (repo: string, op: string, args: unknown[]) => boolean): Promise<Gerbang> {
    const env = { DATA_DIR: dir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
    const g = await startTestServer(env, {}, crashAfter ? { wrapStore: (s) => crashingStore(s, crashAfter) } : {});
    cleanups.push(() => g.close().catch(() => undefined));
    return g;
  }

  it('a sign-up whose account was created just before the crash continues when the person submits again', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const port = await freePort();
    const email = `crash.signup.${Date.now()}@example.com`;
    // Dies after the account is written, before the run moves on.
    const first = await server(data.dir, port, (repo, op, args) => repo === 'users' && op === 'create' && (args[0] as { email?: string }).email === email);
    const browser = new TestBrowser(first.url);
    await browser.get('/login');
    await browser.submit({ email });
    expect(browser.title()).toBe('Create your account');
    const signupPage = browser.page;
    await browser.submit({ email, password: PASSWORD });
    expect(browser.page!.status).toBeGreaterThanOrEqual(500);
    await first.close();

    // Restarted: the account exists, the run is still on the sign-up step.
    const second = await server(data.dir, port);
    expect(await second.store.users.findByEmail(email)).not.toBeNull();
    // The person goes back and presses "Create account" again.
    browser.page = signupPage;
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    await browser.submit({ given_name: 'Pulih', family_name: 'Lagi' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Pulih');

    // Someone else cannot take the account over this way: another password is still "already exists".
    const intruder = new TestBrowser(browser.baseUrl);
    await intruder.get('/login');
    await intruder.submit({ email: 'fresh.intruder@example.com' });
    expect(intruder.title()).toBe('Create your account');
    await intruder.submit({ email, password: 'not the owners password' });
    expect(intruder.errors().join(' ')).toContain('already');
  });

  it('a profile saved just before the crash (the run not yet moved on): submitting the page again finishes the journey', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const port = await freePort();
    const email = `crash.profile.${Date.now()}@example.com`;
    // Dies after the profile is written to the account, before the run records the step.
    const first = await server(data.dir, port, (repo, op) => repo === 'users' && op === 'updateAttributes');
    const browser = new TestBrowser(first.url);
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    const profilePage = browser.page;
    await browser.submit({ given_name: 'Simpan', family_name: 'Dulu' }, { action: 'save' });
    expect(browser.page!.status).toBeGreaterThanOrEqual(500);
    await first.close();

    const second = await server(data.dir, port);
    expect((await second.store.users.findByEmail(email))?.attributes).toMatchObject({ given_name: 'Simpan' });
    // The person presses "Save" again on the page they still see: the step is idempotent and the journey ends.
    browser.page = profilePage;
    await browser.submit({ given_name: 'Simpan', family_name: 'Dulu' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Simpan');
  });

  it('an app still gets its code when the journey finished but the answer was lost in a crash: reloading the page completes it', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const port = await freePort();
    // Dies right after the run is written as completed, before the sign-in that answers the app.
    const first = await server(data.dir, port, (repo, op, args) => repo === 'runs' && op === 'update' && (args[2] as { status?: string })?.status === 'completed');
    const config = await oidc.discovery(new URL(first.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://localhost:8080/callback',
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'crash-state',
    });
    const browser = new TestBrowser(first.url);
    const email = `crash.app.${Date.now()}@example.com`;
    await browser.get(url.toString());
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    const runPath = new URL(browser.page!.url).pathname;
    await browser.submit({ given_name: 'Hilang', family_name: 'Jawaban' }, { action: 'save' });
    expect(browser.page!.status).toBeGreaterThanOrEqual(500);
    await first.close();

    await server(data.dir, port);
    await browser.get(runPath);
    const callback = new URL(browser.page!.url);
    expect(callback.origin + callback.pathname).toBe('http://localhost:8080/callback');
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'crash-state' });
    expect(tokens.claims()).toMatchObject({ email });
  });
});

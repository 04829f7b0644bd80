import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { hash } from '@node-rs/argon2';
import type { Gerbang } from '../../engine/server.js';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';

const PASSWORD = 'shedding password 1';
const PEOPLE = 60;

describe('under overload, new journeys are refused early while admitted ones finish', () => {
  let gerbang: Gerbang;
  let data: ReturnType<typeof tempDataDir>;

  beforeAll(async () => {
    data = tempDataDir();
    // One hash at a time: the queue builds up as it would on a busier machine.
    gerbang = await startTestServer({ DATA_DIR: data.dir, PASSWORD_HASH_CONCURRENCY: '1' });
    const encoded = await hash(PASSWORD, ARGON2_PARAMS);
    for (let i = 0; i < PEOPLE; i++) {
      await gerbang.store.users.create({ email: `shed${i}@example.com`, attributes: { given_name: 'Shed', family_name: 'Test' } }, { type: 'password', data: { hash: encoded } });
    }
  });
  afterAll(async () => {
    await gerbang?.close();
    data?.cleanup();
  });

  it('answers 503 with Retry-After (a page for people, temporarily_unavailable for apps) while the password hashes queue up', async () => {
    // Sixty people reach the password page, one after the other: all admitted.
    const admitted = [];
    for (let i = 0; i < PEOPLE; i++) {
      const browser = new TestBrowser(gerbang.url);
      await browser.get('/login');
      await browser.submit({ email: `shed${i}@example.com` });
      expect(browser.title()).toBe('Enter your password');
      admitted.push(browser);
    }
    // Then they all press "Continue" at once: sixty argon2id verifications for a few slots.
    const submitted = admitted.map((b, i) => b.submit({ email: `shed${i}@example.com`, password: PASSWORD }));
    let settled = false;
    void Promise.allSettled(submitted).then(() => (settled = true));

    const config = await oidc.discovery(new URL(gerbang.url), 'demo-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    let person: TestBrowser | null = null;
    let app: URL | null = null;
    while (!settled && !(person && app)) {
      await new Promise((r) => setTimeout(r, 20));
      if (!person) {
        const newcomer = new TestBrowser(gerbang.url);
        await newcomer.get('/login');
        if (newcomer.page!.status === 503) person = newcomer;
      }
      if (!app) {
        const browser = new TestBrowser(gerbang.url);
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: 'http://localhost:8080/callback',
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
          state: 'busy-state',
        });
        await browser.get(url.toString());
        const landed = new URL(browser.page!.url);
        if (landed.origin === 'http://localhost:8080' && landed.searchParams.get('error')) app = landed;
      }
    }
    expect(person, 'a newcomer was refused while the hashes queued').not.toBeNull();
    expect(person!.page!.headers.get('retry-after')).toBe('2');
    expect(person!.title()).toBe('Temporarily unavailable');
    expect(person!.page!.html).toContain('try again in a few seconds');
    expect(app, 'an app was told the service is busy').not.toBeNull();
    expect(app!.searchParams.get('error')).toBe('temporarily_unavailable');
    expect(app!.searchParams.get('state')).toBe('busy-state');

    // Everyone admitted before the rush finishes, signed in.
    await Promise.all(submitted);
    for (const [i, browser] of admitted.entries()) expect(browser.page!.html).toContain(`signed in as shed${i}@example.com`);

    // The refusals are counted, and the server admits again once the queue is gone.
    const metrics = await (await fetch(`${gerbang.url}/metrics`)).text();
    expect(metrics).toMatch(/gerbang_journeys_shed_total\{reason="hash-(queue|rate)"\} [1-9]/);
    const later = new TestBrowser(gerbang.url);
    await later.get('/login');
    expect(later.title()).toBe('Sign in or create an account');
  });
});

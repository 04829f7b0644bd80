import { beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { DEMO_APP, demoAppAuthorization, tokenRequest } from '../support/openid-journey.js';

const PASSWORD = 'lands where it is asked';

/**
 * An app's authorization request for a person not signed in is answered with the journey's first page
 * itself, not a redirect to an interaction page that a second request fetches.
 */
describe('the first page of a sign-in answers the authorization request', () => {
  const gerbang = useGerbang();

  beforeAll(async () => {
    const encoded = await hash(PASSWORD, ARGON2_PARAMS);
    await gerbang.store.users.create({ email: 'landed@example.com', attributes: { given_name: 'Landed', family_name: 'Person' } }, { type: 'password', data: { hash: encoded } });
  });

  it('shows the email page at the authorization address, and the app gets its code and tokens after the password', async () => {
    const browser = new TestBrowser(gerbang.url);
    const { path, verifier, state } = demoAppAuthorization();
    const page = await browser.get(path);
    expect(browser.requests).toBe(1);
    expect(page.status).toBe(200);
    expect(new URL(page.url).pathname).toBe('/auth');
    expect(browser.title()).toBe('Sign in or create an account');
    expect(page.headers.get('location')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    await browser.submit({ email: 'landed@example.com' });
    expect(browser.title()).toBe('Enter your password');
    await browser.submit({ email: 'landed@example.com', password: PASSWORD });
    const callback = new URL(browser.page!.url);
    expect(`${callback.origin}${callback.pathname}`).toBe(DEMO_APP.redirectUri);
    expect(callback.searchParams.get('state')).toBe(state);
    const tokens = await tokenRequest(gerbang.url, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: DEMO_APP.redirectUri,
      client_id: DEMO_APP.clientId,
      code_verifier: verifier,
    });
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString()) as { email: string };
    expect(claims.email).toBe('landed@example.com');
  });

  it('keeps the interaction of that page: leaving the sign-in takes the person back to the app with an error', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get(demoAppAuthorization().path);
    const cookie = browser.setCookies.find((c) => c.startsWith('_interaction='));
    const uid = /path=\/interaction\/([^;]+)/i.exec(cookie ?? '')?.[1];
    expect(uid).toBeTruthy();
    await browser.get(`/interaction/${uid}/abort`);
    const back = new URL(browser.page!.url);
    expect(`${back.origin}${back.pathname}`).toBe(DEMO_APP.redirectUri);
    expect(back.searchParams.get('error')).toBe('access_denied');
  });

  it('still answers a signed-in browser with single sign-on, and prompt=none without a session with an error, by redirects', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get(demoAppAuthorization().path);
    await browser.submit({ email: 'landed@example.com' });
    await browser.submit({ email: 'landed@example.com', password: PASSWORD });
    expect(new URL(browser.page!.url).searchParams.get('code')).toBeTruthy();

    await browser.get(demoAppAuthorization().path);
    expect(new URL(browser.page!.url).searchParams.get('code')).toBeTruthy();

    const stranger = new TestBrowser(gerbang.url);
    await stranger.get(demoAppAuthorization({ prompt: 'none' }).path);
    expect(new URL(stranger.page!.url).searchParams.get('error')).toBe('login_required');
  });
});

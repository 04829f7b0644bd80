import { createHash, randomBytes } from 'node:crypto';
import { Cookies } from '../../engine/http/cookies.js';
import { TestBrowser } from './browser.js';

/** A public PKCE client as its side of a sign-in sees it. */
export interface PublicApp {
  clientId: string;
  redirectUri: string;
}

/** The demo app every Gerbang seeds (a public PKCE client). */
export const DEMO_APP: PublicApp = { clientId: 'demo-app', redirectUri: 'http://localhost:8080/callback' };

export interface AppTokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
}

/** The public app a client library's configuration (openid-client's `Configuration`) speaks for, returning to `redirectUri`. */
export function appAt(config: { clientMetadata(): { client_id: string } }, redirectUri: string): PublicApp {
  return { clientId: config.clientMetadata().client_id, redirectUri };
}

/** The demo app's authorization request (PKCE, a fresh state): its path, with `extra` parameters, and its verifier. */
export const demoAppAuthorization = (extra: Record<string, string> = {}) => appAuthorization(DEMO_APP, extra);

/** A public app's authorization request (PKCE, a fresh state): its path, with `extra` parameters, and its verifier. */
export function appAuthorization(app: PublicApp, extra: Record<string, string> = {}): { path: string; verifier: string; state: string } {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(12).toString('base64url');
  const query = new URLSearchParams({
    client_id: app.clientId,
    response_type: 'code',
    scope: 'openid email',
    redirect_uri: app.redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  return { path: `/auth?${query}`, verifier, state };
}

/**
 * The stages of a sign-in, each ending with the page or answer it brings: the app's authorization request
 * (landing on the identify page), the identify form (to the password page), the password form (back to
 * the app with a code, through the provider's resume) and the token request.
 */
export const SIGN_IN_STAGES = ['authorize', 'identify', 'password', 'token'] as const;
export type SignInStage = (typeof SIGN_IN_STAGES)[number];

/**
 * A full OpenID sign-in through the demo app (or `app`), with plain HTTP (no client library, so the bench's
 * client stays light): authorize -> identify page -> password page -> back to the app with a code ->
 * token. For a person whose profile is complete. `headers` go with every request (e.g. X-Request-Id).
 * Without `browserId` it is a browser Gerbang has never seen (no cookies at all); with the `browserId`
 * an earlier sign-in answered, it is that person's own browser coming back after its session ended
 * (the browser-id cookie kept, no session cookie). `stage` is called as each of the four stages ends
 * (the bench reads the server's CPU there).
 */
export async function openIdSignIn(
  url: string,
  email: string,
  password: string,
  opts: { headers?: Record<string, string>; browserId?: string; app?: PublicApp; stage?: (stage: SignInStage) => void } = {},
): Promise<{ tokens: AppTokens; requests: number; browserId: string | undefined }> {
  const headers = opts.headers ?? {};
  const stage = opts.stage ?? (() => {});
  const app = opts.app ?? DEMO_APP;
  const { path, verifier, state } = appAuthorization(app);
  const browser = new TestBrowser(url, headers);
  // Gerbang's long-lived browser-id cookie (what tells a known browser from a new one), named as the server names it.
  const browserIdCookie = new Cookies(url).name('bid');
  if (opts.browserId) browser.setCookie(browserIdCookie, opts.browserId);
  await browser.get(path);
  stage('authorize');
  await browser.submit({ email });
  stage('identify');
  await browser.submit({ email, password });
  stage('password');
  const callback = new URL(browser.page!.url);
  const code = callback.searchParams.get('code');
  if (!callback.toString().startsWith(app.redirectUri) || !code || callback.searchParams.get('state') !== state) {
    throw new Error(`sign-in of ${email} did not return to the app with a code: ${browser.page!.url} ${browser.title()}`);
  }
  const tokens = await tokenRequest(
    url,
    { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, client_id: app.clientId, code_verifier: verifier },
    headers,
  );
  stage('token');
  return { tokens, requests: browser.requests + 1, browserId: browser.cookie(browserIdCookie) };
}

/** POST /token as the public app named in `fields` (client_id); throws unless it answers tokens. */
export async function tokenRequest(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<AppTokens> {
  const res = await fetch(`${url}/token`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const body = (await res.json()) as AppTokens & { error?: string };
  if (!res.ok || !body.refresh_token) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

// The demo app: a public OpenID Connect client living entirely in this page. It signs in with the
// authorization code flow and PKCE (S256, made with Web Crypto), checks state and nonce, exchanges the
// code at the token endpoint from the browser, verifies the ID token with jose (signature against the
// provider's keys, issuer, audience, expiry), and shows who signed in and how. Tokens stay in this tab
// (sessionStorage), as a demo; the page writes text only (textContent), never markup.
import { createRemoteJWKSet, jwtVerify } from './jose/index.js';

const config = JSON.parse(document.getElementById('demo-app-config').textContent);
const t = config.texts.page;
const PENDING = 'gerbang-demo-app.pending';
const SESSION = 'gerbang-demo-app.session';
const SIGNING_OUT = 'gerbang-demo-app.signing-out';

const $ = (id) => document.getElementById(id);
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));

function base64url(bytes) {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
const randomToken = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

let discovery;
async function provider() {
  if (!discovery) {
    const res = await fetch(`${config.issuer}/.well-known/openid-configuration`);
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    discovery = await res.json();
  }
  return discovery;
}

function read(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function showOnly(id) {
  for (const part of ['demo-loading', 'demo-signed-out', 'demo-signed-in']) $(part).hidden = part !== id;
}
function showError(message) {
  $('demo-error').textContent = message;
  $('demo-error').hidden = false;
}
function showNotice(message) {
  $('demo-notice').textContent = message;
  $('demo-notice').hidden = false;
}
function clearMessages() {
  $('demo-error').hidden = true;
  $('demo-notice').hidden = true;
}

const formatTime = (seconds) =>
  new Intl.DateTimeFormat(config.locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(seconds * 1000));
const methodsInWords = (amr) => (Array.isArray(amr) && amr.length ? amr.map((m) => config.texts.methods[m] ?? m).join(', ') : t.notGiven);
const levelInWords = (acr) => (typeof acr === 'string' ? (config.texts.levels[acr] ?? acr) : t.notGiven);
const nameOf = (claims) => claims.name ?? ([claims.given_name, claims.family_name].filter(Boolean).join(' ') || t.notGiven);

/** The provider's answer to a token or userinfo request, or an Error in its words. */
async function answerOf(res) {
  const body = await res.json().catch(() => ({}));
  if (res.ok) return body;
  const error = new Error(fill(t.requestFailed, { error: [body.error, body.error_description].filter(Boolean).join(': ') || `${res.status}` }));
  error.status = res.status;
  error.code = body.error;
  throw error;
}

async function tokenRequest(fields) {
  const { token_endpoint } = await provider();
  const res = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ client_id: config.clientId, ...fields }),
  });
  return answerOf(res);
}

/** The ID token's claims once its signature, issuer, audience and expiry are checked (and its nonce, on sign-in). */
async function verifiedClaims(idToken, nonce) {
  const { jwks_uri, issuer } = await provider();
  let payload;
  try {
    ({ payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(jwks_uri)), {
      issuer,
      audience: config.clientId,
      algorithms: ['RS256', 'ES256'],
    }));
  } catch (err) {
    throw new Error(fill(t.badToken, { reason: err && err.message ? err.message : String(err) }));
  }
  if (nonce !== undefined && payload.nonce !== nonce) throw new Error(t.nonceMismatch);
  return payload;
}

function keep(tokens, claims) {
  const now = Math.floor(Date.now() / 1000);
  const session = {
    idToken: tokens.id_token,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    accessTokenExpiresAt: typeof tokens.expires_in === 'number' ? now + tokens.expires_in : null,
    claims,
  };
  sessionStorage.setItem(SESSION, JSON.stringify(session));
  return session;
}

function row(list, label, value) {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  list.append(dt, dd);
}

function showSignedIn(session) {
  const { claims } = session;
  $('demo-signed-in-as').textContent = fill(t.signedInAs, { email: claims.email ?? claims.sub });
  const list = $('demo-who');
  list.replaceChildren();
  row(list, t.email, claims.email ?? t.notGiven);
  row(list, t.name, nameOf(claims));
  row(list, t.level, levelInWords(claims.acr));
  row(list, t.methods, methodsInWords(claims.amr));
  row(list, t.authTime, typeof claims.auth_time === 'number' ? formatTime(claims.auth_time) : t.notGiven);
  row(list, t.idTokenUntil, formatTime(claims.exp));
  row(list, t.accessTokenUntil, session.accessTokenExpiresAt ? formatTime(session.accessTokenExpiresAt) : t.notGiven);
  row(list, t.refreshToken, session.refreshToken ? t.refreshTokenYes : t.refreshTokenNo);
  $('demo-claims').textContent = JSON.stringify(claims, null, 2);
  $('demo-refresh').hidden = !session.refreshToken;
  showOnly('demo-signed-in');
}

function showSignedOut() {
  sessionStorage.removeItem(SESSION);
  $('demo-me').hidden = true;
  showOnly('demo-signed-out');
}

async function signIn() {
  clearMessages();
  const { authorization_endpoint } = await provider();
  const pending = { state: randomToken(), nonce: randomToken(), verifier: randomToken() };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier)));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ui_locales: config.lang,
  }).toString();
  location.assign(url.href);
}

/** Back from the provider with a code (or an error): checks the state, exchanges the code, verifies the ID token. */
async function finishSignIn(params) {
  showOnly('demo-loading');
  $('demo-loading').textContent = t.finishing;
  const pending = read(PENDING);
  // The code and state are used once: a reload or a shared link cannot replay them.
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', new URL(config.postLogoutRedirectUri).pathname);
  if (!pending || params.get('state') !== pending.state) throw new Error(t.stateMismatch);
  if (params.has('error')) {
    // The answers a person causes are said in their words (the description is for developers, in English).
    const error = params.get('error') ?? '';
    const own = { access_denied: t.notCompleted, unmet_authentication_requirements: t.notStrongEnough }[error];
    throw new Error(own ? fill(own, { error }) : fill(t.providerError, { error: [error, params.get('error_description')].filter(Boolean).join(': ') }));
  }
  const tokens = await tokenRequest({
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    redirect_uri: config.redirectUri,
    code_verifier: pending.verifier,
  });
  showSignedIn(keep(tokens, await verifiedClaims(tokens.id_token, pending.nonce)));
}

async function callMe() {
  clearMessages();
  $('demo-me').hidden = true;
  const session = read(SESSION);
  if (!session) return showSignedOut();
  const { userinfo_endpoint } = await provider();
  const answer = await answerOf(await fetch(userinfo_endpoint, { headers: { Authorization: `Bearer ${session.accessToken}` } }));
  $('demo-me-answer').textContent = JSON.stringify(answer, null, 2);
  $('demo-me').hidden = false;
}

async function refresh() {
  clearMessages();
  const session = read(SESSION);
  if (!session) return showSignedOut();
  const tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refreshToken });
  // A refreshed ID token answers no new authorization request (no nonce to check), but it must be
  // about the same person (OpenID Connect Core 12.2); the rest is checked as on sign-in.
  const claims = tokens.id_token ? await verifiedClaims(tokens.id_token, undefined) : session.claims;
  if (claims.sub !== session.claims.sub) throw new Error(fill(t.badToken, { reason: t.otherPerson }));
  showSignedIn(keep({ id_token: session.idToken, ...tokens }, claims));
  showNotice(fill(t.refreshed, { time: new Intl.DateTimeFormat(config.locale, { timeStyle: 'medium' }).format(new Date()) }));
}

/** RP-initiated logout: Gerbang ends its session (after asking) and sends the browser back here. */
async function signOut() {
  const session = read(SESSION);
  const { end_session_endpoint } = await provider();
  const state = randomToken();
  sessionStorage.setItem(SIGNING_OUT, state);
  sessionStorage.removeItem(SESSION);
  const url = new URL(end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    ...(session?.idToken ? { id_token_hint: session.idToken } : {}),
    post_logout_redirect_uri: config.postLogoutRedirectUri,
    state,
    ui_locales: config.lang,
  }).toString();
  location.assign(url.href);
}

/** Runs an action of a button; a refused token means the session is over. */
function action(run) {
  return () =>
    run().catch((err) => {
      if (err.status === 400 || err.status === 401) showSignedOut();
      showError(err.code === 'invalid_grant' || err.code === 'invalid_token' ? t.sessionGone : err.message);
    });
}

/** The page works only at the public URL: its redirect URI, the provider's CORS and this page's policy all name that origin. */
function showElsewhere() {
  const link = document.createElement('a');
  link.href = new URL(config.postLogoutRedirectUri).href;
  link.textContent = link.href;
  $('demo-error').replaceChildren(`${t.elsewhere} `, link);
  $('demo-error').hidden = false;
  showOnly('');
}

async function start() {
  if (location.origin !== new URL(config.redirectUri).origin) return showElsewhere();
  $('demo-sign-in').addEventListener('click', action(signIn));
  $('demo-call-me').addEventListener('click', action(callMe));
  $('demo-refresh').addEventListener('click', action(refresh));
  $('demo-sign-out').addEventListener('click', action(signOut));
  const params = new URLSearchParams(location.search);
  if (location.pathname === new URL(config.redirectUri).pathname && (params.has('code') || params.has('error'))) {
    try {
      await finishSignIn(params);
    } catch (err) {
      showSignedOut();
      showError(err.message);
    }
    return;
  }
  const signingOut = sessionStorage.getItem(SIGNING_OUT);
  if (signingOut) {
    sessionStorage.removeItem(SIGNING_OUT);
    if (params.get('state') === signingOut) showNotice(t.signedOutDone);
    history.replaceState(null, '', location.pathname);
  }
  const session = read(SESSION);
  if (session) showSignedIn(session);
  else showSignedOut();
}

start();

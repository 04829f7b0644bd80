import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { ConnectionConfig } from '../../connectors/social/index.js';

/** Google's issuer: a `google` connection without its own endpoints is checked against it. */
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** What an issuer's discovery document says, in the words of the connection form. */
export interface DiscoveredProvider {
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string | null;
  scopesSupported: string[];
}

/** The outcome of "test connection": each check, in order, with what the provider answered. */
export interface ConnectionCheck {
  ok: boolean;
  /** The form field to blame when it failed (`issuer`, `tokenUrl`, `clientSecret`...). */
  field?: string;
  checks: Array<{ name: 'discovery' | 'client'; ok: boolean; message: string }>;
}

const TIMEOUT_MS = 10_000;

const discoveryOptions = (issuer: URL): client.DiscoveryRequestOptions => ({
  ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
  timeout: TIMEOUT_MS / 1000,
});

/** Reads `<issuer>/.well-known/openid-configuration` (with openid-client's issuer checks). */
export async function discover(issuer: string): Promise<DiscoveredProvider> {
  const url = new URL(issuer);
  const config = await client.discovery(url, 'gerbang-discovery', undefined, undefined, discoveryOptions(url));
  const m = config.serverMetadata();
  return {
    issuer: m.issuer,
    authorizationUrl: String(m.authorization_endpoint ?? ''),
    tokenUrl: String(m.token_endpoint ?? ''),
    userinfoUrl: m.userinfo_endpoint ? String(m.userinfo_endpoint) : null,
    scopesSupported: m.scopes_supported ?? [],
  };
}

/**
 * "Test connection": finds the provider's endpoints (discovery for OpenID providers) and asks its
 * token endpoint to redeem a made-up authorization code with the connection's client id and secret.
 * A provider that does not know the client or its secret says `invalid_client` (or 401); one that
 * accepted them complains about the code only (`invalid_grant`). No person and no real code are needed.
 */
export async function checkConnection(c: ConnectionConfig, redirectUri: string): Promise<ConnectionCheck> {
  const checks: ConnectionCheck['checks'] = [];
  let tokenUrl = c.tokenUrl ?? null;
  let oidcConfig: client.Configuration | null = null;
  const issuer = c.kind === 'oidc' ? c.issuer : c.kind === 'google' && !c.tokenUrl ? GOOGLE_ISSUER : undefined;
  if (issuer) {
    try {
      const url = new URL(issuer);
      oidcConfig = await client.discovery(url, c.clientId, c.clientSecret, undefined, discoveryOptions(url));
      tokenUrl = String(oidcConfig.serverMetadata().token_endpoint ?? '');
      checks.push({ name: 'discovery', ok: true, message: `Found the provider at ${issuer}.` });
    } catch (err) {
      checks.push({ name: 'discovery', ok: false, message: `Could not read ${issuer}/.well-known/openid-configuration: ${reason(err)}` });
      return { ok: false, field: 'issuer', checks };
    }
  }
  if (!tokenUrl) return { ok: false, field: 'tokenUrl', checks: [...checks, { name: 'client', ok: false, message: 'The provider names no token endpoint.' }] };
  const probeCode = `gerbang-connection-test-${randomBytes(8).toString('hex')}`;
  let answer: { status: number; error: string | null; description: string | null };
  try {
    answer = oidcConfig ? await probeWithOpenIdClient(oidcConfig, probeCode, redirectUri) : await probeWithForm(tokenUrl, c, probeCode, redirectUri);
  } catch (err) {
    checks.push({ name: 'client', ok: false, message: `Could not reach the token endpoint ${tokenUrl}: ${reason(err)}` });
    return { ok: false, field: oidcConfig ? 'issuer' : 'tokenUrl', checks };
  }
  const said = [answer.error, answer.description].filter(Boolean).join(': ') || `HTTP ${answer.status}`;
  if (answer.error === 'invalid_client' || answer.status === 401) {
    checks.push({ name: 'client', ok: false, message: `The provider refused the client id or secret (${said}).` });
    return { ok: false, field: 'clientSecret', checks };
  }
  if (answer.status >= 500 || (answer.status >= 400 && !answer.error)) {
    checks.push({ name: 'client', ok: false, message: `The token endpoint did not answer as an OAuth provider (${said}).` });
    return { ok: false, field: oidcConfig ? 'issuer' : 'tokenUrl', checks };
  }
  checks.push({ name: 'client', ok: true, message: `The provider accepted the client id and secret (it answered a made-up code with ${said}).` });
  return { ok: true, checks };
}

async function probeWithOpenIdClient(config: client.Configuration, code: string, redirectUri: string) {
  try {
    await client.genericGrantRequest(config, 'authorization_code', { code, redirect_uri: redirectUri });
    return { status: 200, error: null, description: null };
  } catch (err) {
    if (err instanceof client.ResponseBodyError) return { status: err.status, error: err.error, description: err.error_description ?? null };
    if (err instanceof client.WWWAuthenticateChallengeError) return { status: err.status, error: err.cause[0]?.parameters.error ?? 'invalid_client', description: null };
    throw err;
  }
}

/** Credentials in the form body, as the Google and plain OAuth2 connectors send them. */
async function probeWithForm(tokenUrl: string, c: ConnectionConfig, code: string, redirectUri: string) {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: c.clientId, client_secret: c.clientSecret }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  const body = (await res.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown };
  return { status: res.status, error: typeof body.error === 'string' ? body.error : null, description: typeof body.error_description === 'string' ? body.error_description : null };
}

function reason(err: unknown): string {
  if (err instanceof Error) return (err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message).slice(0, 300);
  return String(err).slice(0, 300);
}

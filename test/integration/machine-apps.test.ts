import { beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { useGerbang } from '../support/gerbang.js';

const ORDERS_API = 'https://api.example.com/orders';
const BILLING_API = 'https://api.example.com/billing';

describe('backend services get tokens for the APIs they are allowed (client credentials, resource indicators)', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: 'test-admin-token-0123456789' });
  let secret: string;
  let service: oidc.Configuration;

  beforeAll(async () => {
    const created = await admin('POST', '/apps', {
      id: 'warehouse-sync',
      name: 'Warehouse sync',
      type: 'machine',
      resources: [{ indicator: ORDERS_API, scopes: ['orders:read', 'orders:write'] }],
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { clientSecret: string; flowId: unknown; redirectUris: unknown };
    expect(body).toMatchObject({ flowId: null, redirectUris: [] });
    secret = body.clientSecret;
    service = await oidc.discovery(new URL(gerbang.url), 'warehouse-sync', undefined, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
  });

  function admin(method: string, path: string, body?: unknown) {
    return fetch(`${gerbang.url}/api${path}`, {
      method,
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** What the orders API does with a bearer token: verify it against Gerbang's published keys. */
  async function verifyAtOrdersApi(token: string) {
    const jwks = createRemoteJWKSet(new URL(service.serverMetadata().jwks_uri!));
    return jwtVerify(token, jwks, { issuer: gerbang.url, audience: ORDERS_API, typ: 'at+jwt' });
  }

  it('issues a signed token for an allowed API, scoped to what it may do there, with no user in it', async () => {
    const tokens = await oidc.clientCredentialsGrant(service, { resource: ORDERS_API, scope: 'orders:read admin:everything' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe('orders:read');
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeUndefined();

    const { payload } = await verifyAtOrdersApi(tokens.access_token);
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    expect(payload).toMatchObject({ iss: gerbang.url, aud: ORDERS_API, client_id: 'warehouse-sync', sub: 'warehouse-sync', scope: 'orders:read' });
    for (const userClaim of ['email', 'name', 'amr', 'acr', 'auth_time', 'sid']) expect(payload[userClaim]).toBeUndefined();
  });

  it('an app allowed one API gets a token for it without naming it', async () => {
    const tokens = await oidc.clientCredentialsGrant(service, { scope: 'orders:write' });
    const { payload } = await verifyAtOrdersApi(tokens.access_token);
    expect(payload).toMatchObject({ aud: ORDERS_API, scope: 'orders:write' });
  });

  it('refuses an API the app is not allowed with invalid_target, and never issues a token', async () => {
    await expect(oidc.clientCredentialsGrant(service, { resource: BILLING_API, scope: 'billing:read' })).rejects.toMatchObject({
      error: 'invalid_target',
    });
    const raw = await fetch(`${gerbang.url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`warehouse-sync:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: BILLING_API }),
    });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as Record<string, unknown>;
    expect(body.error).toBe('invalid_target');
    expect(body.access_token).toBeUndefined();
  });

  it('refuses a wrong secret, and apps without a secret, with standard errors', async () => {
    const wrong = await fetch(`${gerbang.url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('warehouse-sync:not-the-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: ORDERS_API }),
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_client');

    // The public demo app may not use client credentials at all.
    const res = await fetch(`${gerbang.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'demo-app', resource: ORDERS_API }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' });
  });

  it('a confidential web app allowed an API may also call it for itself', async () => {
    const created = await admin('POST', '/apps', {
      id: 'shop-backend',
      name: 'Shop',
      type: 'confidential',
      redirectUris: ['https://shop.example.com/callback'],
      flowId: 'login-signup',
      resources: [{ indicator: ORDERS_API, scopes: ['orders:read'] }],
    });
    expect(created.status).toBe(201);
    const { clientSecret } = (await created.json()) as { clientSecret: string };
    const shop = await oidc.discovery(new URL(gerbang.url), 'shop-backend', undefined, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
    const tokens = await oidc.clientCredentialsGrant(shop, { resource: ORDERS_API, scope: 'orders:read' });
    expect((await verifyAtOrdersApi(tokens.access_token)).payload).toMatchObject({ sub: 'shop-backend', scope: 'orders:read' });
  });

  it('the admin API keeps each app type to its own fields', async () => {
    const withRedirect = await admin('POST', '/apps', { name: 'Bad', type: 'machine', redirectUris: ['https://x.example.com/cb'], resources: [{ indicator: ORDERS_API, scopes: [] }] });
    expect(withRedirect.status).toBe(400);
    expect(await withRedirect.json()).toMatchObject({ error: 'invalid_client_metadata', message: 'machine apps have no redirect URIs' });

    const withoutApi = await admin('POST', '/apps', { name: 'Bad', type: 'machine' });
    expect(withoutApi.status).toBe(400);
    expect(await withoutApi.json()).toMatchObject({ message: 'APIs it may call is required.', pointer: '/resources' });

    const withFlow = await admin('POST', '/apps', { name: 'Bad', type: 'machine', flowId: 'login-signup', resources: [{ indicator: ORDERS_API, scopes: [] }] });
    expect(((await withFlow.json()) as { message: string }).message).toBe('machine apps have no users, so no journey (flowId)');

    const httpApi = await admin('POST', '/apps', { name: 'Bad', type: 'machine', resources: [{ indicator: 'http://api.example.com', scopes: [] }] });
    expect(httpApi.status).toBe(400);

    const device = await admin('POST', '/apps', { name: 'TV', type: 'device', redirectUris: ['https://x.example.com/cb'], flowId: 'login-signup' });
    expect(await device.json()).toMatchObject({ error: 'invalid_client_metadata', message: 'device apps have no redirect URIs' });
  });

  it('an app can change type: it gets a secret when the new type needs one and loses it when not', async () => {
    await admin('POST', '/apps', { id: 'reporting', name: 'Reporting', type: 'public', redirectUris: ['https://reports.example.com/cb'], flowId: 'login-signup' });
    const toMachine = await admin('PUT', '/apps/reporting', { type: 'machine', redirectUris: [], resources: [{ indicator: ORDERS_API, scopes: ['orders:read'] }] });
    expect(toMachine.status).toBe(200);
    const machine = (await toMachine.json()) as { clientSecret?: string; hasSecret: boolean; flowId: unknown };
    expect(machine).toMatchObject({ hasSecret: true, flowId: null });
    const reporting = await oidc.discovery(new URL(gerbang.url), 'reporting', undefined, oidc.ClientSecretBasic(machine.clientSecret!), { execute: [oidc.allowInsecureRequests] });
    expect((await verifyAtOrdersApi((await oidc.clientCredentialsGrant(reporting, {})).access_token)).payload.sub).toBe('reporting');

    const toDevice = await admin('PUT', '/apps/reporting', { type: 'device', flowId: 'login-signup', resources: [] });
    expect(await toDevice.json()).toMatchObject({ type: 'device', hasSecret: false });
    expect((await admin('GET', '/apps/reporting').then((r) => r.json())) as Record<string, unknown>).not.toHaveProperty('secretCiphertext');
    await expect(oidc.clientCredentialsGrant(reporting, {})).rejects.toBeDefined();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { useGerbang } from '../support/gerbang.js';
import { AdminSignIn } from '../support/admin.js';
import type { TestBrowser } from '../support/browser.js';

const TOKEN = 'test-admin-token-0123456789';
const ROLES = ['owner', 'administrator', 'designer', 'publisher', 'support', 'auditor'] as const;
type Role = (typeof ROLES)[number];

/**
 * Who may do what, written out independently of the engine's rules: the permission of each route is
 * read from the OpenAPI description (`x-permission`), and this table says which roles it opens to.
 * A permission added later by another area follows the general rule: `:read` for auditors, the rest
 * for owners and administrators.
 */
const EXPECTED: Record<string, Role[]> = {
  'console:use': [...ROLES],
  'journeys:read': ['owner', 'administrator', 'designer', 'publisher', 'auditor'],
  'journeys:write': ['owner', 'administrator', 'designer', 'publisher'],
  'journeys:publish': ['owner', 'administrator', 'publisher'],
  'apps:read': ['owner', 'administrator', 'designer', 'publisher', 'auditor'],
  'apps:write': ['owner', 'administrator'],
  'users:read': ['owner', 'administrator', 'support', 'auditor'],
  'users:write': ['owner', 'administrator', 'support'],
  'audit:read': ['owner', 'administrator', 'auditor'],
  'admins:read': ['owner', 'administrator', 'auditor'],
  'admins:write': ['owner'],
  'settings:read': ['owner', 'administrator', 'designer', 'publisher', 'auditor'],
  'settings:write': ['owner', 'administrator'],
  'keys:rotate': ['owner', 'administrator'],
};
const expectedRoles = (permission: string): Role[] =>
  EXPECTED[permission] ?? (permission.endsWith(':read') ? ['owner', 'administrator', 'auditor'] : ['owner', 'administrator']);

interface DescribedRoute {
  method: string;
  path: string;
  permission: string | undefined;
}

describe('admin API role matrix: every route × every role, allowed or 403', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const sessions = new Map<Role, TestBrowser>();
  let routes: DescribedRoute[];

  beforeAll(async () => {
    const hash = await argon2idHasher.hash('a long administrator password');
    for (const role of ROLES) {
      const email = `${role}@example.com`;
      await gerbang.store.users.create({ email, emailVerified: true, roles: ['admin', role] }, { type: 'password', data: { hash } });
      sessions.set(role, await new AdminSignIn(gerbang.url, email, 'a long administrator password').signIn());
    }
    const doc = (await (await fetch(`${gerbang.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, permission: op['x-permission'] })));
  }, 120_000);

  /** Calls a route with placeholder parameters and an empty body: enough to pass or meet the guard. */
  const call = async (route: DescribedRoute, headers: Record<string, string>) => {
    const path = route.path.replace(/\{[^}]+\}/g, 'no-such-thing');
    const res = await fetch(`${gerbang.url}/api${path}`, {
      method: route.method,
      headers: { ...headers, 'x-requested-with': 'gerbang', ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
      body: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}',
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as { error?: string; message?: string } | null };
  };

  it('every route but the public description declares the permission it needs', () => {
    const undeclared = routes.filter((r) => r.path !== '/openapi.json' && !r.permission).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    expect(routes.length).toBeGreaterThan(20);
  });

  it('lets each role reach exactly the routes its permissions open, and refuses the rest with 403', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.permission)) {
      for (const role of ROLES) {
        const { status, body } = await call(route, { cookie: sessions.get(role)!.cookieHeader() });
        const allowed = expectedRoles(route.permission!).includes(role);
        const refused = status === 403 && body?.error === 'forbidden';
        if (allowed === refused) wrong.push(`${role} ${route.method} ${route.path} (${route.permission}): ${status} ${body?.message ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('tells the console what each role may do, and treats the API token as an owner', async () => {
    const me = async (role: Role) => (await call({ method: 'GET', path: '/me', permission: 'console:use' }, { cookie: sessions.get(role)!.cookieHeader() })).body as { roles: string[]; permissions: string[] };
    expect((await me('support')).roles).toEqual(['support']);
    expect((await me('support')).permissions).toEqual(['console:use', 'users:read', 'users:write']);
    expect((await me('designer')).permissions).not.toContain('journeys:publish');
    expect((await me('publisher')).permissions).toContain('journeys:publish');
    const token = await call({ method: 'GET', path: '/me', permission: 'console:use' }, { authorization: `Bearer ${TOKEN}` });
    expect(token.body).toMatchObject({ id: 'api-token', roles: ['owner'] });
  });

  it('refuses a designer who tries to publish, and the journey stays as it was', async () => {
    const before = await gerbang.store.flows.getActive('login-signup');
    const res = await call({ method: 'POST', path: '/flows/login-signup/publish', permission: 'journeys:publish' }, { cookie: sessions.get('designer')!.cookieHeader() });
    expect(res.status).toBe(403);
    expect(res.body?.message).toContain('journeys:publish');
    expect((await gerbang.store.flows.getActive('login-signup'))?.version).toBe(before?.version);
  });
});

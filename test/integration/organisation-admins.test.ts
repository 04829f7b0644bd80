import { beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { MailCatcher } from '../support/mail.js';
import { adminApi } from '../support/admin-api.js';
import { signUp } from '../support/organisations.js';

const TOKEN = 'organisation-admins-token-0123456789';

/** Path parameters for every admin route, in the shapes their schemas accept. */
const fill = (path: string, orgId: string, userId: string) =>
  path
    .replace('{orgId}', orgId)
    .replace('{userId}', userId)
    .replace('{role}', 'buyer')
    .replace('{id}', 'demo-app')
    .replace('{version}', '1')
    .replace(/\{[A-Za-z]+\}/g, 'x1');

describe("delegated administration: an organisation's administrator against every admin route", () => {
  const mail = useStarted(new MailCatcher());
  const gerbang = useGerbang(() => ({ ADMIN_API_TOKEN: TOKEN, ...mail.env() }));
  let tenant: ReturnType<typeof adminApi>;
  let orgAdmin: ReturnType<typeof adminApi>;
  let memberId: string;
  let paths: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    tenant = adminApi(gerbang.url, { token: TOKEN });
    for (const id of ['acme', 'globex']) {
      await tenant('POST', '/organisations', { id, name: id.toUpperCase(), roles: [{ name: 'buyer', permissions: ['orders:read'] }] });
    }
    const adminEmail = `boss.${Date.now()}@acme.example`;
    const browser = new TestBrowser(gerbang.url);
    await signUp(browser, adminEmail);
    expect((await tenant('POST', '/organisations/acme/members', { email: adminEmail, roles: ['administrator'] })).status).toBe(201);
    const memberEmail = `member.${Date.now()}@acme.example`;
    await signUp(new TestBrowser(gerbang.url), memberEmail);
    memberId = (await tenant('POST', '/organisations/acme/members', { email: memberEmail, roles: [] })).json.userId as string;
    orgAdmin = adminApi(gerbang.url, { browser });
    paths = (await tenant('GET', '/openapi.json')).json.paths as Record<string, Record<string, unknown>>;
  });

  it('manages members, roles and invitations of their own organisation', async () => {
    expect((await orgAdmin('GET', '/me')).json).toMatchObject({ organisations: ['acme'] });
    expect((await orgAdmin('GET', '/organisations/acme')).json).toMatchObject({ id: 'acme' });
    expect((await orgAdmin('PUT', '/organisations/acme/roles/approver', { permissions: ['orders:approve'] })).status).toBe(200);
    expect((await orgAdmin('PUT', `/organisations/acme/members/${memberId}/roles`, { roles: ['approver'] })).json).toMatchObject({ roles: ['approver'] });
    const invited = await orgAdmin('POST', '/organisations/acme/invitations', { email: 'new.hire@acme.example', roles: ['buyer'] });
    expect(invited.status).toBe(201);
    expect((await mail.next('new.hire@acme.example', 0)).text).toContain('ACME invites you');
    expect((await orgAdmin('GET', '/organisations/acme/invitations')).json.map((i) => i.email)).toContain('new.hire@acme.example');
    const audit = await gerbang.store.audit.list({ type: 'organisation.invitation.sent', limit: 5 });
    expect(audit[0].actor).not.toBe('api-token');
  });

  it('gets 403 from every route of another organisation and every route of the tenant, and 2xx/4xx (never 401/403) from its own', async () => {
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(paths)) {
      for (const method of Object.keys(methods)) {
        if (path === '/openapi.json') continue;
        const delegable = path === '/me' || (/^\/organisations\/\{orgId\}/.test(path) && (method === 'get' ? true : /\/(members|roles|invitations)/.test(path)));
        const own = await orgAdmin(method.toUpperCase(), fill(path, 'acme', memberId), method === 'get' || method === 'delete' ? undefined : {});
        if (delegable) {
          expect([401, 403], `${method} ${path} (own organisation) answered ${own.status}`).not.toContain(own.status);
          if (path !== '/me') {
            const other = await orgAdmin(method.toUpperCase(), fill(path, 'globex', memberId), method === 'get' || method === 'delete' ? undefined : {});
            expect(other.status, `${method} ${path} (other organisation)`).toBe(403);
          }
        } else {
          expect(own.status, `${method} ${path} (tenant route)`).toBe(403);
        }
        checked.push(`${method} ${path}`);
      }
    }
    // Every route of the API was tried, the tenant's flows, apps, users, keys among them.
    expect(checked).toEqual(expect.arrayContaining(['get /organisations', 'post /organisations', 'delete /organisations/{orgId}', 'get /flows', 'get /apps', 'get /audit', 'put /organisations/{orgId}/provider']));
    expect(checked.length).toBeGreaterThan(30);
    // The other organisation is untouched.
    expect((await tenant('GET', '/organisations/globex/members')).json).toEqual([]);
  });

  it('loses access when no longer an administrator of the organisation', async () => {
    const boss = (await tenant('GET', '/organisations/acme/members')).json.find((m) => (m.roles as string[]).includes('administrator'))!;
    const demoted = await tenant('PUT', `/organisations/acme/members/${boss.userId}/roles`, { roles: [] });
    expect(demoted.json).toMatchObject({ roles: [] });
    expect((await orgAdmin('GET', '/organisations/acme/members')).status).toBe(403);
  });
});

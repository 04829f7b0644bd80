import type { Request } from 'express';
import type { Store } from '../store/port.js';
import { Forbidden, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { idSchema, ID_PATTERNS } from '../http/ids.js';
import { LANGUAGE_CODES } from '../languages.js';
import { ACR_VALUES, DOMAIN_PATTERN, ORG_ID_PATTERN, PERMISSION_PATTERN, ROLE_NAME_PATTERN, SIGN_IN_METHODS } from '../organisations/rules.js';
import { PERMISSIONS as CONSOLE } from './roles.js';
import { invitationView, organisationView, type Actor, type OrganisationService } from '../organisations/service.js';

/** Tenant administrators' permissions over organisations (an organisation's own administrators pass by delegation). */
const READ = 'organisations:read';
const WRITE = 'organisations:write';
const ORG_ID = { type: 'string', title: 'Identifier', pattern: ORG_ID_PATTERN, examples: ['acme'] };
const ROLE_NAME = { type: 'string', title: 'Role name', pattern: ROLE_NAME_PATTERN, examples: ['buyer'] };
const ROLE_LIST = { type: 'array', title: 'Roles', maxItems: 50, uniqueItems: true, items: { ...ROLE_NAME, title: 'Role' } };
const PERMISSION_LIST = { type: 'array', title: 'Permissions', maxItems: 200, uniqueItems: true, items: { type: 'string', title: 'Permission', pattern: PERMISSION_PATTERN, examples: ['orders:read'] } };
const EMAIL = { type: 'string', title: 'Email address', format: 'email', maxLength: 254 };
const HEX_COLOR = { type: 'string', title: 'Primary colour', pattern: '^#[0-9a-fA-F]{6}$', examples: ['#1a73e8'] };
const HTTPS_URL = { type: 'string', title: 'Logo URL', format: 'uri', pattern: '^https://', examples: ['https://example.com/logo.svg'], maxLength: 500 };

const DESCRIPTION = { type: 'string', title: 'Description', maxLength: 300 };
const ROLE = {
  type: 'object',
  title: 'Role',
  additionalProperties: false,
  required: ['name', 'permissions'],
  properties: { name: ROLE_NAME, description: DESCRIPTION, permissions: PERMISSION_LIST },
};
const ORGANISATION_FIELDS = {
  name: { type: 'string', title: 'Name', minLength: 1, maxLength: 120, pattern: '\\S', examples: ['Acme Corporation'] },
  domains: { type: 'array', title: 'Email domains it owns', maxItems: 50, items: { type: 'string', title: 'Domain', maxLength: 253, pattern: DOMAIN_PATTERN, examples: ['acme.example'] } },
  branding: { type: 'object', title: 'Branding', additionalProperties: false, properties: { logoUrl: HTTPS_URL, primaryColor: HEX_COLOR } },
  roles: { type: 'array', title: 'Roles and permissions', maxItems: 50, items: ROLE },
  policy: {
    type: 'object',
    title: 'Sign-in policy',
    additionalProperties: false,
    properties: {
      minAcr: { title: 'Minimum sign-in level', anyOf: [{ type: 'null' }, { enum: [...ACR_VALUES] }] },
      allowedMethods: { title: 'Sign-in methods allowed', anyOf: [{ type: 'null' }, { type: 'array', uniqueItems: true, maxItems: SIGN_IN_METHODS.length, items: { enum: [...SIGN_IN_METHODS] } }] },
    },
  },
};
const params = (extra: Record<string, object> = {}) => ({ type: 'object', required: ['orgId', ...Object.keys(extra)], properties: { orgId: ORG_ID, ...extra } });
const body = (properties: Record<string, object>, required: string[]) => ({ type: 'object', additionalProperties: false, required, properties });

const actorOf = (req: Request): Actor => ({ id: req.admin!.id, ip: req.ip ?? null });
const role = (raw: { name: string; description?: string; permissions: string[] }) => ({ name: raw.name, description: raw.description ?? '', permissions: raw.permissions });

/**
 * An organisation's administrators reach only their own organisation: the API principal of a
 * delegated administrator lists the organisations they manage (tenant administrators list none).
 */
function scoped(req: Request): string {
  const orgId = String(req.params.orgId);
  const allowed = req.admin?.organisations;
  if (allowed && !allowed.includes(orgId)) throw new Forbidden({ en: 'You manage another organisation only.', id: 'Anda hanya mengelola organisasi lain.' });
  return orgId;
}

/**
 * Admin API of an organisation that its own administrators may use too (members, roles,
 * invitations), each route scoped to the organisation in its path.
 */
export function organisationMemberRoutes(service: OrganisationService): RouteTable {
  const routes = new RouteTable();
  // Authorisation before validation: another organisation's administrator learns nothing, not even a 400.
  routes.router.use('/organisations/:orgId', (req, _res, next) => {
    try {
      scoped(req);
      next();
    } catch (err) {
      next(err);
    }
  });
  routes.get('/organisations/:orgId', { permission: READ, summary: 'An organisation (tenant and its own administrators)', params: params() }, async (req, res) => {
    res.json(organisationView(await service.get(scoped(req))));
  });
  routes.get('/organisations/:orgId/members', { permission: READ, summary: 'Members of an organisation with their roles', params: params() }, async (req, res) => {
    res.json(await service.members(scoped(req)));
  });
  routes.post(
    '/organisations/:orgId/members',
    { permission: WRITE, summary: 'Make an existing account a member (404 when no account has the address: invite instead)', params: params(), body: body({ email: EMAIL, roles: ROLE_LIST }, ['email']), status: 201 },
    async (req, res) => {
      const b = req.body as { email: string; roles?: string[] };
      res.status(201).json(await service.addMember(scoped(req), b.email, b.roles ?? [], actorOf(req)));
    },
  );
  routes.put(
    '/organisations/:orgId/members/:userId/roles',
    { permission: WRITE, summary: "Set a member's roles", params: params({ userId: idSchema('user') }), body: body({ roles: ROLE_LIST }, ['roles']) },
    async (req, res) => {
      res.json(await service.setMemberRoles(scoped(req), String(req.params.userId), (req.body as { roles: string[] }).roles, actorOf(req)));
    },
  );
  routes.delete(
    '/organisations/:orgId/members/:userId',
    { permission: WRITE, summary: "Remove a member; the tokens they hold for this organisation's sign-ins are revoked", params: params({ userId: idSchema('user') }) },
    async (req, res) => {
      res.json(await service.removeMember(scoped(req), String(req.params.userId), actorOf(req)));
    },
  );
  routes.put(
    '/organisations/:orgId/roles/:role',
    { permission: WRITE, summary: 'Create or change a role and its permissions', params: params({ role: ROLE_NAME }), body: body({ description: DESCRIPTION, permissions: PERMISSION_LIST }, ['permissions']) },
    async (req, res) => {
      const b = req.body as { description?: string; permissions: string[] };
      res.json(organisationView(await service.saveRole(scoped(req), role({ name: String(req.params.role), ...b }), actorOf(req))));
    },
  );
  routes.delete(
    '/organisations/:orgId/roles/:role',
    {
      permission: WRITE,
      summary: 'Delete a role; refused (409) while members hold it unless force=true, which takes it from them',
      params: params({ role: ROLE_NAME }),
      query: { type: 'object', additionalProperties: false, properties: { force: { title: 'Force', enum: ['true', 'false'] } } },
      status: 204,
    },
    async (req, res) => {
      await service.deleteRole(scoped(req), String(req.params.role), req.query.force === 'true', actorOf(req));
      res.status(204).end();
    },
  );
  routes.get('/organisations/:orgId/invitations', { permission: READ, summary: 'Invitations of an organisation, newest first', params: params() }, async (req, res) => {
    res.json((await service.invitations(scoped(req))).map(invitationView));
  });
  routes.post(
    '/organisations/:orgId/invitations',
    {
      permission: WRITE,
      summary: 'Invite a person by email (a link that works once; a new invitation to the same address replaces the pending one)',
      params: params(),
      body: body({ email: EMAIL, roles: ROLE_LIST, lang: { title: 'Language', enum: [...LANGUAGE_CODES] } }, ['email']),
      status: 201,
    },
    async (req, res) => {
      const b = req.body as { email: string; roles?: string[]; lang?: string };
      res.status(201).json(invitationView(await service.invite(scoped(req), b.email, b.roles ?? [], b.lang ?? 'en', actorOf(req))));
    },
  );
  routes.delete(
    '/organisations/:orgId/invitations/:id',
    { permission: WRITE, summary: 'Revoke a pending invitation', params: params({ id: { type: 'string', pattern: ID_PATTERNS.user } }), status: 204 },
    async (req, res) => {
      await service.revokeInvitation(scoped(req), String(req.params.id), actorOf(req));
      res.status(204).end();
    },
  );
  return routes;
}

/** Admin API of organisations for tenant administrators only: creating, changing, deleting, providers; app permissions. */
export function organisationRoutes(service: OrganisationService, store: Store): RouteTable {
  const routes = new RouteTable();
  routes.get('/organisations', { permission: READ, summary: 'Every organisation' }, async (_req, res) => {
    res.json((await store.organisations.list()).map(organisationView));
  });
  routes.post(
    '/organisations',
    { permission: WRITE, summary: 'Create an organisation (409 when a domain belongs to another one)', body: body({ id: ORG_ID, ...ORGANISATION_FIELDS }, ['id', 'name']), status: 201 },
    async (req, res) => {
      const { id, ...input } = req.body as { id: string; name: string };
      res.status(201).json(organisationView(await service.create(id, input, actorOf(req))));
    },
  );
  routes.patch('/organisations/:orgId', { permission: WRITE, summary: 'Change an organisation (name, domains, branding, roles, policy)', params: params(), body: body(ORGANISATION_FIELDS, []) }, async (req, res) => {
    res.json(organisationView(await service.update(String(req.params.orgId), req.body as object, actorOf(req))));
  });
  routes.delete(
    '/organisations/:orgId',
    {
      permission: WRITE,
      summary: 'Delete an organisation; with members or pending invitations it answers 409 saying what it removes, unless confirm=true',
      params: params(),
      query: { type: 'object', additionalProperties: false, properties: { confirm: { title: 'Confirm', enum: ['true', 'false'] } } },
    },
    async (req, res) => {
      res.json(await service.delete(String(req.params.orgId), req.query.confirm === 'true', actorOf(req)));
    },
  );
  routes.put(
    '/organisations/:orgId/provider',
    {
      permission: WRITE,
      summary: "The organisation's own OpenID provider (home-realm discovery); the secret is sealed and never returned",
      params: params(),
      body: body(
        {
          issuer: { type: 'string', title: 'Issuer URL', format: 'uri', pattern: '^https?://', examples: ['https://login.acme.example'], maxLength: 500 },
          clientId: { type: 'string', title: 'Client ID', minLength: 1, maxLength: 200 },
          clientSecret: { type: 'string', title: 'Client secret', minLength: 1, maxLength: 500 },
        },
        ['issuer', 'clientId', 'clientSecret'],
      ),
    },
    async (req, res) => {
      res.json(organisationView(await service.setProvider(String(req.params.orgId), req.body as { issuer: string; clientId: string; clientSecret: string }, actorOf(req))));
    },
  );
  routes.delete('/organisations/:orgId/provider', { permission: WRITE, summary: "Stop using the organisation's own OpenID provider", params: params() }, async (req, res) => {
    res.json(organisationView(await service.setProvider(String(req.params.orgId), null, actorOf(req))));
  });
  routes.get('/apps/:id/permissions', { permission: CONSOLE.appsRead, summary: 'The permissions an app declares it understands (its tokens carry only these)', params: { type: 'object', required: ['id'], properties: { id: idSchema('client') } } }, async (req, res) => {
    const app = await store.apps.get(String(req.params.id));
    if (!app) throw new NotFound({ en: 'No such app.', id: 'Aplikasi tidak ditemukan.' });
    res.json({ permissions: await store.organisations.appPermissions(app.id) });
  });
  routes.put(
    '/apps/:id/permissions',
    { permission: CONSOLE.appsWrite, summary: 'Declare the permissions an app understands', params: { type: 'object', required: ['id'], properties: { id: idSchema('client') } }, body: body({ permissions: PERMISSION_LIST }, ['permissions']) },
    async (req, res) => {
      const app = await store.apps.get(String(req.params.id));
      if (!app) throw new NotFound({ en: 'No such app.', id: 'Aplikasi tidak ditemukan.' });
      const permissions = (req.body as { permissions: string[] }).permissions;
      await store.organisations.setAppPermissions(app.id, permissions);
      await store.audit.record({ at: new Date(), type: 'app.permissions.saved', userId: null, actor: req.admin!.id, ip: req.ip ?? null, details: { appId: app.id, permissions } });
      res.json({ permissions });
    },
  );
  return routes;
}

import { PERMISSIONS } from './roles.js';
import type { Store, User } from '../store/port.js';
import { NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { savePurpose } from '../identity/consents.js';

const USER_ID = paramsSchema({ id: 'user' });
const PURPOSE_ID = paramsSchema({ id: 'slug' });
const AUDIT_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    userId: { type: 'string', maxLength: 64 },
    type: { type: 'string', maxLength: 64 },
    before: { type: 'string', format: 'date-time' },
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' },
  },
};
const PURPOSE = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'text'],
  properties: {
    name: { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1, maxLength: 120 } },
    text: { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1, maxLength: 4000 } },
  },
};

const view = (u: User) => ({ id: u.id, email: u.email, emailVerified: u.emailVerified, attributes: u.attributes, roles: u.roles, lockedUntil: u.lockedUntil, createdAt: u.createdAt });

/** Admin API: users (looked up one at a time), their consents and audit trail, consent purposes. */
export function usersRouter(store: Store): RouteTable {
  const routes = new RouteTable();
  const userOr404 = async (id: string) => {
    const user = await store.users.findById(id);
    if (!user) throw new NotFound('No such user.');
    return user;
  };
  const audit = async (q: Record<string, string | undefined>) =>
    store.audit.list({ userId: q.userId, type: q.type, before: q.before ? new Date(q.before) : undefined, limit: q.limit ? Number(q.limit) : 100 });

  routes.get('/users', { permission: PERMISSIONS.usersRead, summary: 'Find a user by email', query: { type: 'object', required: ['email'], properties: { email: { type: 'string', minLength: 3, maxLength: 254 } } } }, async (req, res) => {
    const user = await store.users.findByEmail(String(req.query.email));
    res.json(user ? [view(user)] : []);
  });
  routes.get('/users/:id', { permission: PERMISSIONS.usersRead, summary: 'A user', params: USER_ID }, async (req, res) => {
    res.json(view(await userOr404(String(req.params.id))));
  });
  routes.get('/users/:id/consents', { permission: PERMISSIONS.usersRead, summary: "A user's current consents and their history", params: USER_ID }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    res.json({ current: await store.consents.current(user.id), history: await store.consents.history(user.id) });
  });
  // Support ends every session of the user (e.g. a stolen phone); apps hear it by back-channel logout.
  routes.delete('/users/:id/sessions', { permission: PERMISSIONS.usersWrite, summary: 'End every session of a user; apps with a back-channel logout URI are told', params: USER_ID }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    const ended = await store.sessions.deleteByUser(user.id);
    await store.audit.record({ at: new Date(), type: 'sessions.revoked', userId: user.id, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { sessions: ended } });
    res.json({ ended });
  });
  routes.get('/users/:id/audit', { permission: PERMISSIONS.usersRead, summary: "A user's audit trail, newest first", params: USER_ID, query: AUDIT_QUERY }, async (req, res) => {
    res.json(await audit({ ...(req.query as Record<string, string>), userId: String(req.params.id) }));
  });
  routes.get('/audit', { permission: PERMISSIONS.auditRead, summary: 'The audit trail, newest first', query: AUDIT_QUERY }, async (req, res) => {
    res.json(await audit(req.query as Record<string, string>));
  });

  routes.get('/consent-purposes', { permission: PERMISSIONS.settingsRead, summary: 'Consent purposes with their current versions' }, async (_req, res) => {
    res.json(await store.consents.listPurposes());
  });
  routes.put('/consent-purposes/:id', { permission: PERMISSIONS.settingsWrite, summary: 'Create or change a consent purpose; a changed text is a new version, asked again', params: PURPOSE_ID, body: PURPOSE }, async (req, res) => {
    const body = req.body as { name: Record<string, string>; text: Record<string, string> };
    const purpose = await savePurpose(store.consents, { id: String(req.params.id), ...body }, new Date());
    await store.audit.record({ at: new Date(), type: 'consent.purpose.saved', userId: null, actor: req.admin!.id, ip: req.ip ?? null, details: { purposeId: purpose.id, version: purpose.version } });
    res.json(purpose);
  });
  routes.delete('/consent-purposes/:id', { permission: PERMISSIONS.settingsWrite, summary: 'Delete a consent purpose', params: PURPOSE_ID, status: 204 }, async (req, res) => {
    if (!(await store.consents.deletePurpose(String(req.params.id)))) throw new NotFound('No such purpose.');
    res.status(204).end();
  });
  return routes;
}

import express, { type Router } from 'express';
import type { Store, User } from '../store/port.js';
import { HttpError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { FLOW_ID } from './flows.js';

const USER_ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } } };
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
export function usersRouter(store: Store): Router {
  const router = express.Router();
  const userOr404 = async (id: string) => {
    const user = await store.users.findById(id);
    if (!user) throw new HttpError(404, 'not_found', 'No such user.');
    return user;
  };
  const audit = async (q: Record<string, string | undefined>) =>
    store.audit.list({ userId: q.userId, type: q.type, before: q.before ? new Date(q.before) : undefined, limit: q.limit ? Number(q.limit) : 100 });

  router.get('/users', validate({ query: { type: 'object', required: ['email'], properties: { email: { type: 'string', minLength: 3, maxLength: 254 } } } }), async (req, res) => {
    const user = await store.users.findByEmail(String(req.query.email));
    res.json(user ? [view(user)] : []);
  });
  router.get('/users/:id', validate({ params: USER_ID }), async (req, res) => {
    res.json(view(await userOr404(String(req.params.id))));
  });
  router.get('/users/:id/consents', validate({ params: USER_ID }), async (req, res) => {
    const user = await userOr404(String(req.params.id));
    res.json({ current: await store.consents.current(user.id), history: await store.consents.history(user.id) });
  });
  // Support ends every session of the user (e.g. a stolen phone); apps hear it by back-channel logout.
  router.delete('/users/:id/sessions', validate({ params: USER_ID }), async (req, res) => {
    const user = await userOr404(String(req.params.id));
    const ended = await store.sessions.deleteByUser(user.id);
    await store.audit.record({ at: new Date(), type: 'sessions.revoked', userId: user.id, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { sessions: ended } });
    res.json({ ended });
  });
  router.get('/users/:id/audit', validate({ params: USER_ID, query: AUDIT_QUERY }), async (req, res) => {
    res.json(await audit({ ...(req.query as Record<string, string>), userId: String(req.params.id) }));
  });
  router.get('/audit', validate({ query: AUDIT_QUERY }), async (req, res) => {
    res.json(await audit(req.query as Record<string, string>));
  });

  router.get('/consent-purposes', async (_req, res) => {
    res.json(await store.consents.listPurposes());
  });
  router.put('/consent-purposes/:id', validate({ params: { type: 'object', properties: { id: FLOW_ID } }, body: PURPOSE }), async (req, res) => {
    const body = req.body as { name: Record<string, string>; text: Record<string, string> };
    const purpose = await store.consents.savePurpose({ id: String(req.params.id), ...body }, new Date());
    await store.audit.record({ at: new Date(), type: 'consent.purpose.saved', userId: null, actor: req.admin!.id, ip: req.ip ?? null, details: { purposeId: purpose.id, version: purpose.version } });
    res.json(purpose);
  });
  router.delete('/consent-purposes/:id', validate({ params: { type: 'object', properties: { id: FLOW_ID } } }), async (req, res) => {
    if (!(await store.consents.deletePurpose(String(req.params.id)))) throw new HttpError(404, 'not_found', 'No such purpose.');
    res.status(204).end();
  });
  return router;
}

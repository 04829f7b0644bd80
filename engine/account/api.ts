import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Store, User } from '../store/port.js';
import { HttpError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import type { AccountService } from './service.js';

/**
 * Resolves an OAuth access token to its user and scopes (the OpenID Provider supplies it), and the
 * Gerbang session it was issued in, if any: "sign out other sessions" keeps that one.
 */
export type AccessTokenVerifier = (token: string) => Promise<{ userId: string; scopes: string[]; sessionId?: string | null } | null>;

declare module 'express-serve-static-core' {
  interface Request {
    accountUser?: User;
    tokenScopes?: string[];
    tokenSessionId?: string | null;
  }
}

/**
 * The self-service operations as JSON for apps holding the user's access token
 * (`Authorization: Bearer ...`). Every call acts on the token's own user; none can name another.
 */
export function accountApiRouter(deps: { store: Store; account: AccountService; verify: AccessTokenVerifier }): Router {
  const router = express.Router();
  router.use(express.json({ limit: '32kb' }));
  router.use(async (req: Request, _res: Response, next: NextFunction) => {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) return next(new HttpError(401, 'unauthorized', 'Send the user\'s access token as "Authorization: Bearer <token>".'));
    const token = await deps.verify(auth.slice(7).trim());
    const user = token ? await deps.store.users.findById(token.userId) : null;
    if (!token || !user) return next(new HttpError(401, 'invalid_token', 'The access token is not valid.'));
    req.accountUser = user;
    req.tokenScopes = token.scopes;
    req.tokenSessionId = token.sessionId ?? null;
    next();
  });
  const needScope = (scope: string) => (req: Request, _res: Response, next: NextFunction) =>
    req.tokenScopes?.includes(scope) ? next() : next(new HttpError(403, 'insufficient_scope', `This needs the "${scope}" scope.`));
  const actor = (req: Request) => ({ ip: req.ip ?? null, sessionId: req.tokenSessionId ?? null });

  router.get('/profile', needScope('profile'), (req, res) => {
    const u = req.accountUser!;
    res.json({ id: u.id, email: u.email, emailVerified: u.emailVerified, attributes: u.attributes });
  });

  router.patch(
    '/profile',
    needScope('profile'),
    validate({ body: { type: 'object', additionalProperties: { type: ['string', 'null'], maxLength: 500 }, maxProperties: 20 } }),
    async (req, res) => {
      const body = Object.fromEntries(Object.entries(req.body as Record<string, string | null>).map(([k, v]) => [k, v ?? '']));
      const user = await deps.account.updateProfile(req.accountUser!, body, actor(req));
      res.json({ id: user!.id, attributes: user!.attributes });
    },
  );

  router.get('/consents', needScope('consents'), async (req, res) => {
    res.json(
      (await deps.account.consents(req.accountUser!)).map(({ purpose, decision }) => ({
        purposeId: purpose.id,
        name: purpose.name,
        text: purpose.text,
        version: purpose.version,
        decision: decision && { granted: decision.granted, version: decision.version, at: decision.at, channel: decision.channel },
      })),
    );
  });

  router.put(
    '/consents/:purposeId',
    needScope('consents'),
    validate({
      params: { type: 'object', properties: { purposeId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } } },
      body: { type: 'object', required: ['granted'], additionalProperties: false, properties: { granted: { type: 'boolean' } } },
    }),
    async (req, res) => {
      const ok = await deps.account.setConsent(req.accountUser!, String(req.params.purposeId), (req.body as { granted: boolean }).granted, 'api', actor(req));
      if (!ok) throw new HttpError(404, 'not_found', 'No such purpose.');
      res.json({ purposeId: req.params.purposeId, granted: (req.body as { granted: boolean }).granted });
    },
  );

  router.get('/sessions', needScope('profile'), async (req, res) => {
    res.json((await deps.account.sessions(req.accountUser!)).map((s) => ({ createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, userAgent: s.userAgent, ip: s.ip })));
  });

  router.get('/export', needScope('profile'), async (req, res) => {
    res.json(await deps.account.export(req.accountUser!, actor(req)));
  });

  const str = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
  const idParam = { type: 'object', properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } } };

  router.post(
    '/password',
    needScope('profile'),
    validate({ body: { type: 'object', required: ['currentPassword', 'newPassword'], additionalProperties: false, properties: { currentPassword: str(1024), newPassword: str(1024) } } }),
    async (req, res) => {
      const body = req.body as { currentPassword: string; newPassword: string };
      await deps.account.changePassword(req.accountUser!, body.currentPassword, body.newPassword, actor(req));
      res.status(204).end();
    },
  );

  router.get('/credentials', needScope('profile'), async (req, res) => {
    res.json({ factors: await deps.account.credentials(req.accountUser!), linkedIdentities: await deps.account.identities(req.accountUser!) });
  });

  router.delete('/credentials/:id', needScope('profile'), validate({ params: idParam }), async (req, res) => {
    const removed = await deps.account.removeCredential(req.accountUser!, String(req.params.id), actor(req));
    if (!removed) throw new HttpError(404, 'not_found', 'No such credential.');
    res.status(204).end();
  });

  router.delete(
    '/identities/:provider/:subject',
    needScope('profile'),
    validate({ params: { type: 'object', properties: { provider: str(64), subject: str(255) } } }),
    async (req, res) => {
      const removed = await deps.account.unlinkIdentity(req.accountUser!, String(req.params.provider), String(req.params.subject), actor(req));
      if (!removed) throw new HttpError(404, 'not_found', 'No such linked account.');
      res.status(204).end();
    },
  );

  router.delete(
    '/',
    needScope('profile'),
    validate({ body: { type: 'object', required: ['confirmEmail'], additionalProperties: false, properties: { confirmEmail: str(254) } } }),
    async (req, res) => {
      await deps.account.deleteAccount(req.accountUser!, (req.body as { confirmEmail: string }).confirmEmail, actor(req));
      res.status(204).end();
    },
  );

  return router;
}

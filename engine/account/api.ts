import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Store, User } from '../store/port.js';
import { HttpError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { paramsSchema } from '../http/ids.js';
import type { AccountService } from './service.js';
import type { Assurance } from '../runtime/assurance.js';
import { acrOfLevel, levelOfAcr } from '../identity/assurance.js';
import type { Translator } from '../hosted/i18n.js';
import { ACCOUNT_API_WORDS, accountRefusalWords, accountScopeNeeded, recentSignInNeeded, scopeNeeded } from './api-refusals.js';

/**
 * Resolves an OAuth access token to its user and scopes (the OpenID Provider supplies it), and the
 * Gerbang session it was issued in, if any: "sign out other sessions" keeps that one.
 */
export type AccessTokenVerifier = (token: string) => Promise<VerifiedToken | null>;

export interface VerifiedToken {
  userId: string;
  scopes: string[];
  sessionId?: string | null;
  /** How the user signed in for this token: its acr and auth_time (seconds). */
  acr?: string | null;
  authTime?: number | null;
}

/** The scope an app must be allowed (app setting) and the user must consent to, for any call here. */
export const ACCOUNT_API_SCOPE = 'account';

declare module 'express-serve-static-core' {
  interface Request {
    accountUser?: User;
    tokenScopes?: string[];
    tokenSessionId?: string | null;
    tokenAuth?: Pick<VerifiedToken, 'acr' | 'authTime'>;
  }
}

/**
 * The self-service operations as JSON for apps holding the user's access token
 * (`Authorization: Bearer ...`). Every call acts on the token's own user; none can name another.
 */
export function accountApiRouter(deps: { store: Store; account: AccountService; verify: AccessTokenVerifier; assurance: Assurance; translate: Translator }): Router {
  const router = express.Router();
  router.use(async (req: Request, _res: Response, next: NextFunction) => {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) return next(new HttpError(401, 'unauthorized', ACCOUNT_API_WORDS.noToken));
    const token = await deps.verify(auth.slice(7).trim());
    const user = token ? await deps.store.users.findById(token.userId) : null;
    if (!token || !user) return next(new HttpError(401, 'invalid_token', ACCOUNT_API_WORDS.invalidToken));
    req.accountUser = user;
    req.tokenScopes = token.scopes;
    req.tokenSessionId = token.sessionId ?? null;
    req.tokenAuth = { acr: token.acr ?? null, authTime: token.authTime ?? null };
    // The account API is a product for apps the organisation allowed, with the user's consent.
    if (!token.scopes.includes(ACCOUNT_API_SCOPE)) {
      return next(new HttpError(403, 'insufficient_scope', accountScopeNeeded(ACCOUNT_API_SCOPE)));
    }
    next();
  });
  // The body is read only once the token is known to be good.
  router.use(express.json({ limit: '32kb' }));
  /**
   * Destructive calls need a recent sign-in at the account's level in the token (RFC 9470): otherwise
   * 401 with `insufficient_user_authentication`, the acr and max_age to ask for in a new sign-in.
   */
  const recentSignIn = async (req: Request, res: Response, next: NextFunction) => {
    const user = req.accountUser!;
    const required = await deps.assurance.requirement(user, {}, 'sensitive');
    const level = levelOfAcr(req.tokenAuth?.acr) ?? 0;
    const age = req.tokenAuth?.authTime ? deps.assurance.nowSeconds() - req.tokenAuth.authTime : Infinity;
    if (level >= required.level && age <= (required.maxAge ?? Infinity)) return next();
    const acr = acrOfLevel(required.level)!;
    res.set('WWW-Authenticate', `Bearer error="insufficient_user_authentication", error_description="A recent sign-in is required", acr_values="${acr}", max_age=${required.maxAge}`);
    next(new HttpError(401, 'insufficient_user_authentication', recentSignInNeeded(acr, required.maxAge)));
  };
  const needScope = (scope: string) => (req: Request, _res: Response, next: NextFunction) =>
    req.tokenScopes?.includes(scope) ? next() : next(new HttpError(403, 'insufficient_scope', scopeNeeded(scope)));
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
      params: paramsSchema({ purposeId: 'slug' }),
      body: { type: 'object', required: ['granted'], additionalProperties: false, properties: { granted: { type: 'boolean' } } },
    }),
    async (req, res) => {
      const ok = await deps.account.setConsent(req.accountUser!, String(req.params.purposeId), (req.body as { granted: boolean }).granted, 'api', actor(req));
      if (!ok) throw new HttpError(404, 'not_found', ACCOUNT_API_WORDS.noPurpose);
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
  const idParam = paramsSchema({ id: 'record' });

  router.post(
    '/password',
    needScope('profile'),
    recentSignIn,
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

  router.delete('/credentials/:id', needScope('profile'), recentSignIn, validate({ params: idParam }), async (req, res) => {
    const removed = await deps.account.removeCredential(req.accountUser!, String(req.params.id), actor(req));
    if (!removed) throw new HttpError(404, 'not_found', ACCOUNT_API_WORDS.noCredential);
    res.status(204).end();
  });

  router.delete(
    '/identities/:provider/:subject',
    needScope('profile'),
    recentSignIn,
    validate({ params: { type: 'object', properties: { provider: str(64), subject: str(255) } } }),
    async (req, res) => {
      const removed = await deps.account.unlinkIdentity(req.accountUser!, String(req.params.provider), String(req.params.subject), actor(req));
      if (!removed) throw new HttpError(404, 'not_found', ACCOUNT_API_WORDS.noIdentity);
      res.status(204).end();
    },
  );

  router.delete(
    '/',
    needScope('profile'),
    recentSignIn,
    validate({ body: { type: 'object', required: ['confirmEmail'], additionalProperties: false, properties: { confirmEmail: str(254) } } }),
    async (req, res) => {
      await deps.account.deleteAccount(req.accountUser!, (req.body as { confirmEmail: string }).confirmEmail, actor(req));
      res.status(204).end();
    },
  );

  // The account service's refusals (message keys of the /account pages) in the words of the language asked.
  router.use(accountRefusalWords(deps.translate));
  return router;
}

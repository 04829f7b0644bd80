import type { NextFunction, Request, Response } from 'express';
import type { CurrentUser } from '../http/current-user.js';
import { safeEqual } from '../runtime/crypto.js';
import { Forbidden, Unauthorized } from '../http/errors.js';

/** Who is calling the admin API. */
export interface AdminPrincipal {
  /** The administrator's user id, or `api-token` for automation. */
  id: string;
  email: string | null;
  via: 'session' | 'token';
}

declare module 'express-serve-static-core' {
  interface Request {
    admin?: AdminPrincipal;
  }
}

export const ADMIN_ROLE = 'admin';

/**
 * Admin API authentication: the session cookie of a user with the `admin` role (the designer, signed
 * in through Gerbang's own hosted login), or `Authorization: Bearer <ADMIN_API_TOKEN>` for automation.
 * Cookie-authenticated writes must carry `X-Requested-With: gerbang`: browsers cannot add that header
 * cross-site without a CORS preflight, which this API never grants, so it defeats CSRF.
 */
export function requireAdmin(deps: { currentUser: CurrentUser; apiToken: string | undefined }) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      if (deps.apiToken && safeEqual(auth.slice(7).trim(), deps.apiToken)) {
        req.admin = { id: 'api-token', email: null, via: 'token' };
        return next();
      }
      return next(new Unauthorized('The API token is not valid.'));
    }
    const user = (await deps.currentUser(req))?.user;
    if (!user) return next(new Unauthorized('Sign in as an administrator first.'));
    if (!user.roles.includes(ADMIN_ROLE)) return next(new Forbidden('This account is not an administrator.'));
    const safeMethod = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    if (!safeMethod && req.headers['x-requested-with'] !== 'gerbang') {
      return next(new Forbidden('Requests that change data must send the header X-Requested-With: gerbang.', 'csrf'));
    }
    req.admin = { id: user.id, email: user.email, via: 'session' };
    next();
  };
}

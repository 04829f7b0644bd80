import type { NextFunction, Request, Response } from 'express';
import type { CurrentUser } from '../http/current-user.js';
import type { RouteGuard } from '../http/route-table.js';
import type { User } from '../store/port.js';
import { safeEqual } from '../runtime/crypto.js';
import { Forbidden, Unauthorized } from '../http/errors.js';
import { ADMIN_ROLE, allows, consoleRolesOf, type ConsoleRole } from './roles.js';

export { ADMIN_ROLE } from './roles.js';

/** Who is calling the admin API. */
export interface AdminPrincipal {
  /** The administrator's user id, or `api-token` for automation. */
  id: string;
  email: string | null;
  via: 'session' | 'token';
  /** The console roles; the API token acts as an owner. */
  roles: ConsoleRole[];
  /**
   * Set for an organisation's own administrators (delegated administration): the only organisations
   * they manage; they hold no console role. Absent for the tenant's administrators.
   */
  organisations?: string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    admin?: AdminPrincipal;
  }
}

/**
 * Admin API authentication: the session cookie of a user with the `admin` role (the console, signed
 * in through the administrators' own journey), or `Authorization: Bearer <ADMIN_API_TOKEN>` for
 * automation. Cookie-authenticated writes must carry `X-Requested-With: gerbang`: browsers cannot add
 * that header cross-site without a CORS preflight, which this API never grants, so it defeats CSRF.
 */
export function requireAdmin(deps: { currentUser: CurrentUser; apiToken: string | undefined; delegated?: (user: User) => Promise<string[]> }) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      if (deps.apiToken && safeEqual(auth.slice(7).trim(), deps.apiToken)) {
        req.admin = { id: 'api-token', email: null, via: 'token', roles: ['owner'] };
        return next();
      }
      return next(new Unauthorized({ en: 'The API token is not valid.', id: 'Token API ini tidak valid.' }));
    }
    const user = (await deps.currentUser(req))?.user;
    if (!user) return next(new Unauthorized({ en: 'Sign in as an administrator first.', id: 'Masuk sebagai administrator terlebih dahulu.' }));
    // Not a tenant administrator: perhaps an organisation's own (scoped to the organisations they manage).
    const organisations = user.roles.includes(ADMIN_ROLE) ? undefined : await deps.delegated?.(user);
    if (!user.roles.includes(ADMIN_ROLE) && !organisations?.length) return next(new Forbidden({ en: 'This account is not an administrator.', id: 'Akun ini bukan administrator.' }));
    const safeMethod = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    if (!safeMethod && req.headers['x-requested-with'] !== 'gerbang') {
      return next(new Forbidden({ en: 'Requests that change data must send the header X-Requested-With: gerbang.', id: 'Permintaan yang mengubah data harus mengirim header X-Requested-With: gerbang.' }, 'csrf'));
    }
    req.admin = { id: user.id, email: user.email, via: 'session', roles: consoleRolesOf(user.roles), ...(organisations ? { organisations } : {}) };
    next();
  };
}

/**
 * The admin API's route guard: the caller's roles must give the permission the route declares. A
 * route that declares none is an owner's only (a forgotten declaration fails closed).
 */
export const requirePermission: RouteGuard = (route) => (req, _res, next) => {
  const roles = req.admin?.roles ?? [];
  const permitted = route.permission ? allows(roles, route.permission) : roles.includes('owner');
  if (permitted) return next();
  next(new Forbidden(
      route.permission
        ? { en: `Your role does not allow this (it needs the permission ${route.permission}).`, id: `Peran Anda tidak mengizinkan ini (diperlukan izin ${route.permission}).` }
        : { en: 'Only an owner may do this.', id: 'Hanya pemilik yang boleh melakukan ini.' },
      'forbidden',
    ));
};

/**
 * The guard of routes an organisation's administrators may call too: they pass (each route then
 * checks the organisation in its path); everyone else needs the route's permission.
 */
export const delegatedOrPermission: RouteGuard = (route) => (req, res, next) => (req.admin?.organisations ? next() : requirePermission(route)(req, res, next));

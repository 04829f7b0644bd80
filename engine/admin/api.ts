import express, { type Router } from 'express';
import { Forbidden, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { openApiDocument } from './openapi.js';
import { delegatedOrPermission, requirePermission } from './auth.js';
import { PERMISSIONS, permissionsOf } from './roles.js';

/**
 * The admin REST API under /api: JSON in and out, errors as `{ error, message }`. Feature route
 * tables (flows, apps, users...) are mounted by the composition root; `/api/openapi.json` describes
 * exactly the routes mounted here, generated from the same tables. Every route declares the
 * permission it needs, checked against the caller's roles before anything else.
 */
export function apiRouter(opts: {
  publicUrl: string;
  sessionCookie: string;
  authenticate: express.RequestHandler;
  tables: RouteTable[];
  /** Routes an organisation's own administrators may call too (each checks the organisation in its path). */
  delegableTables?: RouteTable[];
}): Router {
  const api = express.Router();
  const me = new RouteTable().get('/me', { summary: 'Who is calling: roles and the permissions they give (the console shows what they allow)', permission: PERMISSIONS.console }, (req, res) => {
    const { id, email, via, roles, organisations } = req.admin!;
    res.json({ id, email, via, roles, permissions: permissionsOf(roles, known), ...(organisations ? { organisations } : {}) });
  });
  // Served without authentication: the description holds no data.
  const description = new RouteTable().get('/openapi.json', { summary: 'This description of the admin API (public)' }, (_req, res) => {
    res.json(doc);
  });
  const delegable = [me, ...(opts.delegableTables ?? [])];
  const tables = [...delegable, ...opts.tables];
  const known = tables.flatMap((t) => t.routes.map((r) => r.permission ?? '')).filter(Boolean);
  const doc = openApiDocument(opts.publicUrl, [description, ...tables].flatMap((t) => t.routes), opts.sessionCookie);
  api.use(description.router);
  api.use(opts.authenticate);
  // Bodies are read only for a caller who authenticated: nobody else makes the server parse a megabyte.
  // A route that reads its own body (an upload) does so first; the JSON parser then leaves it alone.
  for (const t of tables) if (t.bodyReaders) api.use(t.bodyReaders);
  api.use(express.json({ limit: '1mb' }));
  for (const t of delegable) api.use(t.guardWith(delegatedOrPermission).router);
  // Everything else is the tenant's: an organisation's administrator gets 403, whatever the route.
  api.use((req, _res, next) => next(req.admin?.organisations ? new Forbidden({ en: 'Organisation administrators manage their own organisation only.', id: 'Administrator organisasi hanya mengelola organisasinya sendiri.' }) : undefined));
  for (const t of opts.tables) api.use(t.guardWith(requirePermission).router);
  api.use((_req, _res, next) => next(new NotFound({ en: 'No such API endpoint.', id: 'Endpoint API ini tidak ada.' })));
  return api;
}

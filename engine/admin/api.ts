import express, { type Router } from 'express';
import { NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { openApiDocument } from './openapi.js';

/**
 * The admin REST API under /api: JSON in and out, errors as `{ error, message }`. Feature route
 * tables (flows, apps, users...) are mounted by the composition root; `/api/openapi.json` describes
 * exactly the routes mounted here, generated from the same tables.
 */
export function apiRouter(opts: { publicUrl: string; sessionCookie: string; authenticate: express.RequestHandler; tables: RouteTable[] }): Router {
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  const me = new RouteTable().get('/me', { summary: 'Who is calling' }, (req, res) => {
    res.json({ id: req.admin!.id, email: req.admin!.email, via: req.admin!.via });
  });
  // Served without authentication: the description holds no data.
  const description = new RouteTable().get('/openapi.json', { summary: 'This description of the admin API (public)' }, (_req, res) => {
    res.json(doc);
  });
  const tables = [me, ...opts.tables];
  const doc = openApiDocument(opts.publicUrl, [description, ...tables].flatMap((t) => t.routes), opts.sessionCookie);
  api.use(description.router);
  api.use(opts.authenticate);
  for (const t of tables) api.use(t.router);
  api.use((_req, _res, next) => next(new NotFound('No such API endpoint.')));
  return api;
}

import express, { type Router } from 'express';
import { NotFound } from '../http/errors.js';

/**
 * The admin REST API under /api: JSON in and out, errors as `{ error, message }`. Feature routers
 * (flows, apps, users...) are mounted into it by the composition root.
 */
export function apiRouter(opts: { authenticate: express.RequestHandler; routers: Router[]; publicRouters?: Router[] }): Router {
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  for (const r of opts.publicRouters ?? []) api.use(r);
  api.use(opts.authenticate);
  api.get('/me', (req, res) => {
    res.json({ id: req.admin!.id, email: req.admin!.email, via: req.admin!.via });
  });
  for (const r of opts.routers) api.use(r);
  api.use((_req, _res, next) => next(new NotFound('No such API endpoint.')));
  return api;
}

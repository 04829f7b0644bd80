import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../logger.js';
import { HttpError } from '../hosted/validate.js';

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
  api.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'No such API endpoint.')));
  return api;
}

/** Turns any error on /api into `{ error, message }` with a 4xx status, or a logged 500. */
export function apiErrorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) return res.status(err.status).json({ error: err.error, message: err.message });
    const e = err as { status?: number; type?: string; message?: string };
    if (e.status && e.status >= 400 && e.status < 500) {
      // body-parser errors: malformed JSON, too large, wrong charset.
      return res.status(e.status).json({ error: e.type ?? 'invalid_request', message: e.message ?? 'Bad request' });
    }
    logger.error('admin api failed', { path: req.path, error: err instanceof Error ? err.stack : String(err) });
    res.status(500).json({ error: 'server_error', message: 'An unexpected error happened.' });
  };
}

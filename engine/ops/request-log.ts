import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';
import { requestIdFrom, runInRequest } from './request-context.js';

/**
 * The endpoints oidc-provider answers itself (no express route): named by their fixed path so
 * metrics keep a bounded set of labels. Anything else unmatched is `other`.
 */
const PROVIDER_ROUTES = ['/.well-known/openid-configuration', '/auth', '/token', '/me', '/jwks', '/session/end', '/request', '/reg', '/device'];

/** The route pattern that answered (`/flow/:runId`), never the concrete path: metric labels stay few. */
export function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}` || '/';
  const path = req.originalUrl.split('?')[0];
  for (const route of PROVIDER_ROUTES) {
    if (path === route) return route;
    if (path.startsWith(`${route}/`)) return `${route}/*`;
  }
  if (path.startsWith('/designer/')) return '/designer/*';
  return 'other';
}

/**
 * One JSON log line per request (id, method, path without the query — it may carry codes —, route,
 * status, duration, client address), request metrics, and the request id in `X-Request-Id` and in the
 * async context, where audit events pick it up.
 */
export function requestLog(logger: Logger, metrics: Metrics) {
  let inFlight = 0;
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const started = performance.now();
    inFlight++;
    res.setHeader('X-Request-Id', requestId);
    res.locals.requestId = requestId;
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      inFlight--;
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(req);
      // A request the client gave up on before the answer was complete is logged as such.
      const status = res.writableFinished ? res.statusCode : 499;
      const labels = { method: req.method, route, status: String(status) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      logger.info('request', {
        requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0].slice(0, 300),
        route,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        ip: req.ip ?? null,
      });
    };
    res.once('finish', done);
    res.once('close', done);
    runInRequest({ requestId }, next);
  };
  return Object.assign(middleware, { inFlight: () => inFlight });
}

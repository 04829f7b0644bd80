import express, { type Router } from 'express';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Metrics } from './metrics.js';

export interface HealthChecks {
  /** A cheap read from the store; rejects when it is unreachable. */
  store: () => Promise<unknown>;
  /** The OpenID Provider has its signing keys. */
  keysLoaded: () => boolean;
  /** True once SIGTERM started the drain: load balancers must stop sending traffic. */
  draining: () => boolean;
}

const STORE_TIMEOUT_MS = 2000;

/**
 * `/healthz`: the process is alive and answering (restart it otherwise).
 * `/readyz`: it can serve journeys — store reachable, signing keys loaded, not draining (send it
 * traffic only then). `/metrics`: Prometheus text, behind a bearer token when one is configured.
 */
export function healthRouter(checks: HealthChecks, metrics: Metrics, metricsToken: string | undefined): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const store = await withTimeout(checks.store(), STORE_TIMEOUT_MS).then(
      () => 'ok',
      (err: unknown) => `unreachable: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200),
    );
    const keys = checks.keysLoaded() ? 'ok' : 'not loaded';
    const draining = checks.draining();
    const ready = store === 'ok' && keys === 'ok' && !draining;
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ready' : draining ? 'draining' : 'not ready', checks: { store, keys } });
  });
  router.get('/metrics', async (req, res) => {
    if (metricsToken && !bearerMatches(req.headers.authorization, metricsToken)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: 'This endpoint needs the metrics token.' });
      return;
    }
    res.set('Content-Type', metrics.contentType).set('Cache-Control', 'no-store').send(await metrics.text());
  });
  return router;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

import type { NextFunction, Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { html } from '../hosted/html.js';
import { PageContext, type PageShell } from '../http/page.js';
import { classifyStoreFailure, ServiceUnavailable } from './unavailable.js';
import { ThrottlesUnavailable } from '../protection/sign-in-throttles.js';

/** Store failures are retried by the person after this long. */
const STORE_RETRY_AFTER_SECONDS = 10;

const INTERACTION_PATH = /^\/interaction\/[A-Za-z0-9_-]{10,64}$/;
const RUN_PATH = /^\/flow\/([A-Za-z0-9_-]{24})(?:\/|$)/;

/**
 * The 503 answer for overload and store failures, before the generic error pages: a page for people
 * ("temporarily unavailable, nothing was lost", with a way to try again), JSON for API callers, and
 * for an app's sign-in the OpenID error `temporarily_unavailable` sent back to the app.
 */
export function unavailablePages(shell: PageShell, provider: () => Provider) {
  return async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    const unavailable = asUnavailable(err);
    if (!unavailable || res.headersSent) return next(err);
    res.set('Retry-After', String(unavailable.retryAfterSeconds));

    if (INTERACTION_PATH.test(req.path) && unavailable.reason === 'overloaded') {
      try {
        return await provider().interactionFinished(
          req,
          res,
          { error: 'temporarily_unavailable', error_description: 'The sign-in service is busy; try again in a few seconds.' },
          { mergeWithLastSubmission: false },
        );
      } catch {
        // No interaction to finish (expired cookie): the page below.
      }
    }
    if (req.path.startsWith('/api/') || req.path.startsWith('/account/api/') || !req.accepts('html')) {
      return res.status(503).json({ error: 'temporarily_unavailable', message: unavailable.message });
    }
    const p = new PageContext(shell, req, res);
    const runId = RUN_PATH.exec(req.path)?.[1];
    // A GET is simply repeated; a form post goes back to its page, where the journey still is.
    const retry = req.method === 'GET' ? req.originalUrl : runId ? `/flow/${runId}` : '/';
    const text = p.t(unavailable.reason === 'overloaded' ? 'unavailable.overloaded' : unavailable.reason === 'protection' ? 'unavailable.protection' : 'unavailable.store');
    p.message(503, p.t('unavailable.title'), text, html`<p><a class="button primary" href="${retry}">${p.t('unavailable.retry')}</a></p>`);
  };
}

function asUnavailable(err: unknown): ServiceUnavailable | null {
  if (err instanceof ServiceUnavailable) return err;
  // Fails closed: no secret is checked while the throttles cannot count.
  if (err instanceof ThrottlesUnavailable) return new ServiceUnavailable('protection', STORE_RETRY_AFTER_SECONDS, 'Sign-in is paused: failed attempts cannot be counted right now; nothing was checked.');
  const kind = classifyStoreFailure(err);
  return kind ? new ServiceUnavailable(kind, STORE_RETRY_AFTER_SECONDS, 'The store is temporarily unavailable; nothing was lost, try again shortly.') : null;
}

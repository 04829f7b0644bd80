import express, { type Request, type Response, type Router } from 'express';
import { sha256 } from '../runtime/crypto.js';
import { RunError } from '../runtime/errors.js';
import { clientOf } from '../http/client.js';
import { BadRequest } from '../http/errors.js';
import { ID_PATTERNS, paramsSchema, RUN_PARAMS } from '../http/ids.js';
import { validate } from '../http/validate.js';
import type { HostedDeps } from './deps.js';
import type { RunPages } from './run-pages.js';
import type { PageGuards } from './guards.js';

/** Answers from elsewhere carry flat string fields only (a code, a state, a token...). */
const FIELDS = { type: 'object', maxProperties: 30, additionalProperties: { type: 'string', maxLength: 4096 } };
const RUN_IN_STATE = new RegExp(ID_PATTERNS.run.replace('$', '\\.'));

/**
 * Answers from outside the page reach the current step's `callback` through one route:
 * GET/POST /flow/:runId/callback (links sent by mail). Identity providers need one fixed redirect URI
 * per connection, so /social/callback/:connection finds the run in `state` and goes the same way.
 * Runs are bound to the browser that started them: an answer opened elsewhere gets a page saying so.
 */
export function callbackRoutes(deps: HostedDeps, pages: RunPages, guards: PageGuards): Router {
  const router = express.Router();
  const { limited, form } = guards;

  const toStep = async (req: Request, res: Response, runId: string) => {
    const p = await pages.pageFor(req, res);
    const bid = deps.cookies.browserId(req, res);
    const request = {
      query: req.query as Record<string, string>,
      body: (req.body ?? {}) as Record<string, string>,
      params: req.params as Record<string, string>,
      url: `${deps.publicUrl}${req.originalUrl}`,
    };
    try {
      await pages.afterStep(req, res, await deps.runtime.callback(runId, sha256(bid), request, p.lang, clientOf(req)));
    } catch (err) {
      if (err instanceof RunError && err.reason === 'wrong-browser') return p.message(403, p.t('error.title'), p.t('error.magic-wrong-browser'));
      throw err;
    }
  };

  router
    .route('/flow/:runId/callback')
    .all(limited)
    .get(validate({ params: RUN_PARAMS, query: FIELDS }), (req, res) => toStep(req, res, String(req.params.runId)))
    .post(form, validate({ params: RUN_PARAMS, query: FIELDS, body: FIELDS }), (req, res) => toStep(req, res, String(req.params.runId)));

  router.get(
    '/social/callback/:connection',
    limited,
    validate({ params: paramsSchema({ connection: 'connection' }), query: FIELDS }),
    async (req, res) => {
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      const runId = RUN_IN_STATE.exec(state) ? state.split('.')[0] : null;
      if (!runId) throw new BadRequest({ en: 'This sign-in answer does not belong to any journey.', id: 'Jawaban masuk ini bukan milik perjalanan mana pun.' }, 'invalid_state');
      await toStep(req, res, runId);
    },
  );

  return router;
}

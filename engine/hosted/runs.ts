import express, { type Request, type Response, type Router } from 'express';
import { sha256 } from '../runtime/crypto.js';
import { clientOf } from '../http/client.js';
import { FORM_SCHEMA, validate } from '../http/validate.js';
import { idSchema, RUN_PARAMS } from '../http/ids.js';
import { localPath, seeOther } from '../http/redirect.js';
import type { HostedDeps } from './deps.js';
import type { RunPages } from './run-pages.js';
import type { PageGuards } from './guards.js';

/** Starting a journey (GET /login), showing its current step and posting its forms. */
export function runRoutes(deps: HostedDeps, pages: RunPages, guards: PageGuards): Router {
  const router = express.Router();
  const { cookies, runtime } = deps;
  const { limited, form, csrfChecked } = guards;

  const startFlow = async (req: Request, res: Response, flowId: string, returnTo: string) => {
    const bid = cookies.browserId(req, res);
    // Only journeys meant to be started by a visitor; step-up and account actions are the engine's.
    const purposes = ['sign-in', 'recovery', 'admin-sign-in'] as const;
    const loaded = await runtime.start({ flowId, browserHash: sha256(bid), origin: { kind: 'direct', returnTo }, client: clientOf(req), purposes, lang: deps.shell.languageOf(req) });
    if (loaded.type.terminal) return pages.complete(req, res, loaded, loaded.type.terminal);
    seeOther(res, `/flow/${loaded.run.id}`);
  };

  router.get(
    '/login',
    limited,
    validate({
      query: {
        type: 'object',
        properties: {
          flow: idSchema('slug'),
          // Only a path on this server: never an open redirect.
          return_to: { type: 'string', pattern: '^/(?![/\\\\])[^\\s]*$', maxLength: 500 },
        },
      },
    }),
    async (req, res) => {
      const flowId = typeof req.query.flow === 'string' ? req.query.flow : deps.defaultFlowId;
      await startFlow(req, res, flowId, localPath(req.query.return_to));
    },
  );

  router.get('/flow/:runId', validate({ params: RUN_PARAMS }), async (req, res) => {
    const bid = cookies.browserId(req, res);
    const loaded = await runtime.load(String(req.params.runId), sha256(bid));
    await pages.showRun(await pages.pageFor(req, res, loaded), loaded);
  });

  router.post(
    '/flow/:runId',
    limited,
    form,
    validate({ params: RUN_PARAMS }),
    csrfChecked((req) => `/flow/${String(req.params.runId)}`),
    validate({ body: FORM_SCHEMA }),
    async (req, res) => {
      const bid = cookies.browserId(req, res);
      const p = await pages.pageFor(req, res);
      const { _csrf: _ignored, _step: step, ...input } = req.body as Record<string, string>;
      await pages.afterStep(req, res, await runtime.submit(String(req.params.runId), sha256(bid), input, p.lang, clientOf(req), step), step);
    },
  );

  return router;
}

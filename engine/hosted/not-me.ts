import express, { type Request, type Response, type Router } from 'express';
import { html } from './html.js';
import { PageContext } from '../http/page.js';
import { answerRefusedInput, FORM_SCHEMA, validate } from '../http/validate.js';
import type { HostedDeps } from './deps.js';
import type { PageGuards } from './guards.js';

const TOKEN_QUERY = { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 10, maxLength: 1000 } } };

/**
 * "This wasn't me", from the new-device email: a page asking to confirm (a link alone never acts, so
 * a mail scanner opening it changes nothing), then a form post that signs the account out everywhere
 * and continues into the password reset.
 */
export function notMeRoutes(deps: HostedDeps, guards: PageGuards, disown: NonNullable<HostedDeps['disownSignIn']>): Router {
  const router = express.Router();
  const { cookies, csrf } = deps;
  const { form, csrfChecked, limited } = guards;

  router.get(
    '/security/not-me',
    validate({ query: TOKEN_QUERY }),
    (req: Request, res: Response) => {
      const p = new PageContext(deps.shell, req, res);
      p.message(
        200,
        p.t('notMe.title'),
        p.t('notMe.intro'),
        html`<form method="post" action="/security/not-me"><input type="hidden" name="_csrf" value="${csrf.tokenFor(cookies, req, res)}"><input type="hidden" name="token" value="${String(req.query.token)}"><div class="actions"><button type="submit" class="primary">${p.t('notMe.confirm')}</button></div></form>`,
      );
    },
    // A link cut short or mistyped is as invalid as an expired one.
    answerRefusedInput((req, res) => {
      const p = new PageContext(deps.shell, req, res);
      p.message(400, p.t('notMe.title'), p.t('notMe.invalid'), html`<p><a class="button primary" href="/login?flow=password-reset">${p.t('notMe.reset')}</a></p>`);
    }),
  );

  router.post('/security/not-me', limited, form, csrfChecked(() => '/'), validate({ body: { ...FORM_SCHEMA, required: ['_csrf', 'token'] } }), async (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    const done = await disown(String((req.body as Record<string, string>).token), deps.now?.() ?? new Date(), req.ip ?? null);
    if (!done) return p.message(400, p.t('notMe.title'), p.t('notMe.invalid'), html`<p><a class="button primary" href="/login?flow=password-reset">${p.t('notMe.reset')}</a></p>`);
    await deps.sessions.destroy(cookies.read(req, 'sid'));
    cookies.clear(res, 'sid');
    p.message(200, p.t('notMe.title'), p.t('notMe.done'), html`<p><a class="button primary" href="/login?flow=password-reset">${p.t('notMe.reset')}</a></p>`);
  });
  return router;
}

import express, { type Request, type Response, type Router } from 'express';
import type { HostedDeps } from '../hosted/deps.js';
import type { OneTimeCodes } from '../methods/codes/one-time-codes.js';
import { DuplicateError } from '../store/port.js';
import { html } from '../hosted/html.js';
import { PageContext } from '../http/page.js';
import { answerRefusedInput, validate } from '../http/validate.js';
import { idSchema } from '../http/ids.js';
import { EMAIL_UNDO_PATH, emailUndoSubject } from '../nodes/email-change-undo.js';

const LINK = {
  type: 'object',
  required: ['user', 'change', 'token'],
  properties: { user: idSchema('user'), change: { type: 'string', pattern: '^[A-Za-z0-9_-]{16}$' }, token: { type: 'string', pattern: '^[A-Za-z0-9_-]{20,100}$' } },
};

/**
 * The link mailed to the old address after an email change: its owner takes the account's email back.
 * Opening it only shows a button (mail scanners open links); the form, with its CSRF token, makes the
 * change. The link works once; using it also signs out every device and every app, since whoever
 * changed the email may still be signed in.
 */
export function emailUndoRouter(deps: Pick<HostedDeps, 'store' | 'cookies' | 'csrf' | 'shell' | 'logger'> & { codes: OneTimeCodes }): Router {
  const router = express.Router();
  const { store, cookies, csrf } = deps;
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });
  const page = (req: Request, res: Response) => new PageContext(deps.shell, req, res);
  const invalid = (p: PageContext) => p.message(410, p.t('emailUndo.title'), p.t('emailUndo.invalid'));

  router.get(
    EMAIL_UNDO_PATH,
    validate({ query: LINK }),
    (req: Request, res: Response) => {
      const p = page(req, res);
      const q = req.query as Record<string, string>;
      const token = csrf.token(cookies.browserId(req, res));
      p.send(
        200,
        p.t('emailUndo.title'),
        html`<h1>${p.t('emailUndo.title')}</h1><p class="intro">${p.t('emailUndo.intro')}</p>
<form method="post" action="${EMAIL_UNDO_PATH}"><input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="user" value="${q.user}"><input type="hidden" name="change" value="${q.change}"><input type="hidden" name="token" value="${q.token}">
<div class="actions"><button type="submit" class="primary">${p.t('emailUndo.button')}</button></div></form>`,
      );
    },
    // A link cut short or mistyped is as invalid as a used one.
    answerRefusedInput((req, res) => invalid(page(req, res))),
  );

  const csrfCheck = csrf.guard(cookies, (req, res) => {
    const p = page(req, res);
    p.message(403, p.t('error.title'), p.t('error.csrf'));
  });

  router.post(EMAIL_UNDO_PATH, form, csrfCheck, validate({ body: { ...LINK, properties: { ...LINK.properties, _csrf: { type: 'string' } }, additionalProperties: false } }), async (req, res) => {
    const p = page(req, res);
    const { user: userId, change, token } = req.body as Record<string, string>;
    const subject = emailUndoSubject(userId, change);
    // The address the link was sent to is the one to give back; the token is consumed by one compare-and-set.
    const live = await store.codes.findLive(subject);
    if (!live || (await deps.codes.verify(subject, token)) !== 'ok') return invalid(p);
    const user = await store.users.findById(userId);
    if (!user) return invalid(p);
    const address = live.address;
    if (user.email !== address) {
      try {
        await store.users.changeEmail(user.id, address);
      } catch (err) {
        if (!(err instanceof DuplicateError)) throw err;
        return p.message(409, p.t('emailUndo.title'), p.t('emailUndo.taken', { email: address }));
      }
    }
    await store.users.markEmailVerified(user.id, address);
    // Whoever changed it may still be signed in: every session and every app's tokens end.
    await store.sessions.deleteByUser(user.id);
    await store.oidc.revokeByAccount(user.id);
    await store.audit.record({ at: new Date(), type: 'email.change-undone', userId: user.id, actor: user.id, ip: req.ip ?? null, details: { from: user.email, to: address } });
    cookies.clear(res, 'sid');
    p.message(200, p.t('emailUndo.title'), p.t('emailUndo.done', { email: address }), html`<p><a class="button primary" href="/login?flow=password-reset">${p.t('emailUndo.reset')}</a></p>`);
  });

  return router;
}

import express, { type Request, type Response, type Router } from 'express';
import { html } from '../hosted/html.js';
import { PageContext } from '../http/page.js';
import { FORM_SCHEMA, answerRefusedInput, validate } from '../http/validate.js';
import type { HostedDeps } from '../hosted/deps.js';
import type { PageGuards } from '../hosted/guards.js';
import type { OrganisationService } from './service.js';
import type { Organisation } from '../store/port.js';
import { mergeTheme } from '../hosted/theme.js';
import { seeOther } from '../http/redirect.js';

const TOKEN = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' };
/** Long enough to sign up (with an emailed code) and come back. */
const INVITE_COOKIE_SECONDS = 3600;
const RETURN = '/invitation';

/**
 * The invitation link: GET /invitation?token=… keeps the token in an HttpOnly cookie and drops it from
 * the address (no token in history, logs or the sign-in run); GET /invitation then shows who invites
 * whom and, once the invited account is signed in (a new account is created by the sign-in journey),
 * POST /invitation accepts it: one compare-and-set, which also makes the person a member.
 */
export function invitationPages(deps: HostedDeps & { organisations: OrganisationService; guards: PageGuards }): Router {
  const router = express.Router();
  const { cookies, csrf, organisations, guards } = deps;

  const invalid = (p: PageContext, reason: string, org = '') => {
    const status = reason === 'not-found' ? 404 : 410;
    p.message(status, p.t('invitation.invalid.title'), p.t(`invitation.invalid.${reason}`, { org }));
  };
  /** The invitation's pages wear the inviting organisation's logo and colour. */
  const branded = (p: PageContext, org: Organisation) => {
    p.theme = mergeTheme(p.theme, { logoUrl: org.branding.logoUrl, primaryColor: org.branding.primaryColor });
  };
  const problemOf = (invitation: { status: string; expiresAt: Date }) =>
    invitation.status === 'accepted' ? 'used' : invitation.status === 'revoked' ? 'revoked' : invitation.expiresAt.getTime() <= Date.now() ? 'expired' : null;

  router.get(RETURN, guards.limited, validate({ query: { type: 'object', additionalProperties: false, properties: { token: TOKEN } } }), async (req: Request, res: Response) => {
    const p = new PageContext(deps.shell, req, res);
    if (typeof req.query.token === 'string') {
      cookies.set(res, 'invite', req.query.token, INVITE_COOKIE_SECONDS);
      return seeOther(res, RETURN);
    }
    const token = cookies.read(req, 'invite');
    const found = token && /^[A-Za-z0-9_-]{43}$/.test(token) ? await organisations.byToken(token) : null;
    if (!found) return invalid(p, 'not-found');
    const { invitation, organisation } = found;
    branded(p, organisation);
    const problem = problemOf(invitation);
    if (problem) return invalid(p, problem, organisation.name);
    const title = p.t('invitation.title', { org: organisation.name });
    const intro = p.t('invitation.intro', { org: organisation.name, email: invitation.email });
    const signIn = html`<p><a class="button primary" href="/login?return_to=${encodeURIComponent(RETURN)}">${p.t('invitation.continue')}</a></p>`;
    const user = (await deps.currentUser(req))?.user;
    if (!user) return p.message(200, title, `${intro} ${p.t('invitation.signIn', { email: invitation.email })}`, signIn);
    if (user.email !== invitation.email) {
      return p.message(200, title, `${intro} ${p.t('invitation.otherAccount', { current: user.email, email: invitation.email })}`, html`<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf.tokenFor(cookies, req, res)}"><div class="actions"><button type="submit" class="secondary">${p.t('invitation.switch')}</button></div></form>`);
    }
    p.message(
      200,
      title,
      intro,
      html`<form method="post" action="${RETURN}"><input type="hidden" name="_csrf" value="${csrf.tokenFor(cookies, req, res)}"><div class="actions"><button type="submit" class="primary">${p.t('invitation.accept')}</button></div></form>`,
    );
  }, answerRefusedInput((req, res) => invalid(new PageContext(deps.shell, req, res), 'not-found')));

  router.post(RETURN, guards.limited, guards.form, guards.csrfChecked(() => RETURN), validate({ body: FORM_SCHEMA }), async (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    const token = cookies.read(req, 'invite');
    const user = (await deps.currentUser(req))?.user;
    if (!user) return seeOther(res, RETURN);
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return invalid(p, 'not-found');
    const found = await organisations.byToken(token);
    if (!found) return invalid(p, 'not-found');
    if (found.invitation.email !== user.email) return seeOther(res, RETURN);
    const outcome = await organisations.accept(token, user, req.ip ?? null);
    cookies.clear(res, 'invite');
    const org = found.organisation.name;
    branded(p, found.organisation);
    if (outcome.result !== 'accepted') return invalid(p, outcome.result, org);
    p.message(200, p.t('invitation.title', { org }), p.t(outcome.membership === 'added' ? 'invitation.accepted' : 'invitation.already', { org }), html`<p><a class="button primary" href="/">OK</a></p>`);
  });

  return router;
}

import express, { type Router } from 'express';
import { html } from './html.js';
import { PageContext } from '../http/page.js';
import type { HostedDeps } from './deps.js';
import type { PageGuards } from './guards.js';
import { FORM_SCHEMA, validate } from '../http/validate.js';

/** The signed-in home page and signing out. */
export function homeRoutes(deps: HostedDeps, guards: PageGuards): Router {
  const router = express.Router();
  const { cookies, csrf } = deps;
  const { form, csrfChecked } = guards;

  router.get('/', async (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    const user = (await deps.currentUser(req))?.user;
    if (!user) {
      return p.message(200, p.t('home.title'), p.t('home.signedOut'), html`<div class="actions"><a class="button primary" href="/login">${p.t('page.signIn')}</a>${demoAppLink(p)}</div>`);
    }
    const name = typeof user.attributes.given_name === 'string' ? ` ${user.attributes.given_name}` : '';
    p.message(
      200,
      `${p.t('home.title')}${name}`,
      p.t('home.signedInAs', { email: user.email }),
      html`<div class="actions"><a class="button secondary" href="/account">${p.t('home.account')}</a>${demoAppLink(p)}</div><form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf.tokenFor(cookies, req, res)}"><div class="actions"><button type="submit" class="primary">${p.t('page.signOut')}</button></div></form>`,
    );
  });

  router.post('/logout', form, csrfChecked(() => '/'), validate({ body: FORM_SCHEMA }), async (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    await deps.sessions.destroy(cookies.read(req, 'sid'));
    cookies.clear(res, 'sid');
    p.message(200, p.t('home.title'), p.t('signedOut.info'), html`<p><a class="button primary" href="/login">${p.t('page.signIn')}</a></p>`);
  });

  return router;
}

/** The quick start's demo app, where a person sees a sign-in end to end as an app gets it. */
const demoAppLink = (p: PageContext) => html`<a class="button secondary" href="/demo-app/">${p.t('home.demoApp')}</a>`;

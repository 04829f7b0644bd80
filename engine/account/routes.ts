import express, { type Request, type Response, type Router } from 'express';
import type { Session, User } from '../store/port.js';
import type { FlowRuntime } from '../runtime/runtime.js';
import { html, type SafeHtml } from '../hosted/html.js';
import { layout } from '../hosted/render.js';
import type { HostedDeps } from '../hosted/deps.js';
import { PageContext } from '../http/page.js';
import { clientOf } from '../http/client.js';
import { localise } from '../runtime/runtime.js';
import { sha256 } from '../runtime/crypto.js';
import { validate } from '../http/validate.js';
import { paramsSchema } from '../http/ids.js';
import { purposeText } from '../identity/consents.js';
import type { Assurance } from '../runtime/assurance.js';
import { startStepUp } from '../runtime/assurance-enforcement.js';
import type { Resume } from './reauth.js';
import { AccountError, AccountService } from './service.js';
import type { SchemaAttribute } from '../identity/schema.js';
import { localeOf } from '../languages.js';
import { describeBrowser } from '../protection/devices.js';
import { seeOther } from '../http/redirect.js';

interface Signed {
  user: User;
  session: Session;
  p: PageContext;
}

type Errors = Record<string, string>;

/** Returned by a self-service operation that sent its own page. */
const ANSWERED = Symbol('answered');

/** Form fields never written anywhere (not even into a run to resume a change). */
const SECRET_FIELDS = ['current_password', 'new_password', 'password'];
interface View {
  section?: string;
  errors?: Errors;
  values?: Record<string, string>;
  info?: string;
}

/** The control of one schema attribute, fitting its type. */
function attributeControl(a: SchemaAttribute, value: string, lang: string): SafeHtml {
  const id = `a-${a.key}`;
  if (a.type === 'select') {
    return html`<select id="${id}" name="${a.key}"><option value=""></option>${(a.rules.options ?? []).map(
      (o) => html`<option value="${o.value}"${o.value === value ? html` selected` : ''}>${localise(o.label, lang)}</option>`,
    )}</select>`;
  }
  if (a.type === 'checkbox') return html`<input id="${id}" name="${a.key}" type="checkbox"${value === 'true' ? html` checked` : ''}>`;
  const max = a.type === 'date' && (a.rules.past || a.rules.minimumAge != null) ? new Date().toISOString().slice(0, 10) : '';
  return html`<input id="${id}" name="${a.key}" type="${a.type}" value="${value}"${max ? html` max="${max}"` : ''}>`;
}

/** The /account pages: server-rendered like the hosted pages, same theme, languages and CSRF. */
export function accountRouter(deps: HostedDeps & { account: AccountService; runtime: FlowRuntime; assurance: Assurance }): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });
  const { cookies, csrf, account } = deps;
  const actorOf = (req: Request, s: Session) => ({ ip: req.ip ?? null, sessionId: s.id });

  const signedIn = async (req: Request, res: Response): Promise<Signed | null> => {
    const signed = await deps.currentUser(req);
    if (!signed) {
      seeOther(res, '/login?return_to=/account');
      return null;
    }
    return { ...signed, p: new PageContext(deps.shell, req, res) };
  };

  /** Every POST needs the browser's CSRF token. */
  const csrfCheck = csrf.guard(cookies, (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    p.message(403, p.t('error.title'), p.t('error.csrf'), html`<p><a class="button primary" href="/account">OK</a></p>`);
  });

  const render = async ({ user, session, p }: Signed, view: View = {}, status = 200) => {
    const t = p.t;
    const token = csrf.token(cookies.browserId(p.req, p.res));
    const hidden = html`<input type="hidden" name="_csrf" value="${token}">`;
    const err = (name: string) => (view.section && view.errors?.[name] ? html`<p class="error" role="alert">${view.errors[name]}</p>` : '');
    const val = (name: string, fallback: unknown) => (view.values && name in view.values ? view.values[name] : fallback == null ? '' : String(fallback));
    const when = (d: Date) => d.toLocaleString(localeOf(p.lang), { dateStyle: 'medium', timeStyle: 'short' });

    const [credentials, sessions, consents, flows, identities, attributes] = await Promise.all([
      account.credentials(user),
      account.sessions(user),
      account.consents(user),
      deps.store.flows.list(),
      account.identities(user),
      account.profileAttributes(),
    ]);
    const hasFlow = (id: string) => flows.some((f) => f.id === id && f.activeVersion);

    const profile = html`<section class="section" id="profile"><h2>${t('account.profile')}</h2>
<form method="post" action="/account/profile">${hidden}
${attributes.map((a) => html`<div class="field"><label for="a-${a.key}">${localise(a.label, p.lang)}</label>${attributeControl(a, val(a.key, user.attributes[a.key]), p.lang)}${err(a.key)}</div>`)}
<div class="actions"><button type="submit" class="primary">${t('account.save')}</button></div></form></section>`;

    const password = html`<section class="section" id="password"><h2>${t('account.password')}</h2>
<form method="post" action="/account/password">${hidden}
<div class="field"><label for="a-current">${t('account.password.current')}</label><input id="a-current" name="current_password" type="password" autocomplete="current-password" required>${err('current_password')}</div>
<div class="field"><label for="a-new">${t('account.password.new')}</label><input id="a-new" name="new_password" type="password" autocomplete="new-password" required>${err('new_password')}</div>
<div class="actions"><button type="submit" class="secondary">${t('account.password.change')}</button></div></form></section>`;

    const security = html`<section class="section" id="security"><h2>${t('account.security')}</h2>
${credentials.length === 0 ? html`<p class="intro">${t('account.security.none')}</p>` : ''}
<ul class="list">${credentials.map(
      (c) => html`<li><span>${c.name ?? c.type}<small>${when(c.createdAt)}</small></span><form class="inline" method="post" action="/account/credentials/${c.id}/remove">${hidden}<button type="submit" class="secondary small">${t('account.remove')}</button></form></li>`,
    )}</ul>
${err('security')}
${hasFlow('mfa-setup') ? html`<p><a href="/account/flows/mfa-setup">${t('account.security.add')}</a></p>` : ''}
${hasFlow('email-change') ? html`<p><a href="/account/flows/email-change">${t('account.security.changeEmail')}</a></p>` : ''}</section>`;

    const linked = html`<section class="section" id="identities"><h2>${t('account.identities')}</h2>
${identities.length === 0 ? html`<p class="intro">${t('account.identities.none')}</p>` : ''}
<ul class="list">${identities.map(
      (i) => html`<li><span>${i.provider}<small>${i.email ?? ''} · ${when(i.linkedAt)}</small></span><form class="inline" method="post" action="/account/identities/unlink">${hidden}<input type="hidden" name="provider" value="${i.provider}"><input type="hidden" name="subject" value="${i.subject}"><button type="submit" class="secondary small">${t('account.unlink')}</button></form></li>`,
    )}</ul>${err('identities')}</section>`;

    const sessionList = html`<section class="section" id="sessions"><h2>${t('account.sessions')}</h2>
<ul class="list">${sessions.map(
      (s) => html`<li><span>${describeBrowser(s.userAgent, p.lang)}<small>${s.ip ?? ''} · ${s.id === session.id ? t('account.sessions.current') : t('account.sessions.lastSeen', { when: when(s.lastSeenAt) })}</small></span>${
        s.id === session.id
          ? ''
          : html`<form class="inline" method="post" action="/account/sessions/${s.id}/revoke">${hidden}<button type="submit" class="secondary small">${t('account.signOut')}</button></form>`
      }</li>`,
    )}</ul>
${sessions.length > 1 ? html`<form method="post" action="/account/sessions/revoke-others">${hidden}<button type="submit" class="secondary small">${t('account.signOutOthers')}</button></form>` : ''}</section>`;

    const consentList = html`<section class="section" id="consents"><h2>${t('account.consents')}</h2>
${consents.length === 0 ? html`<p class="intro">${t('account.consents.none')}</p>` : ''}
<ul class="list">${consents.map(({ purpose, decision }) => {
      const granted = Boolean(decision?.granted && decision.version === purpose.version);
      const state = !decision
        ? t('account.consents.unanswered')
        : decision.granted
          ? t('account.consents.granted', { when: when(decision.at), version: decision.version })
          : t('account.consents.refused', { version: decision.version });
      return html`<li data-purpose="${purpose.id}"><span><strong>${purposeText(purpose.name, p.lang)}</strong><small>${purposeText(purpose.text, p.lang)}</small><small>${state}</small></span>
<form class="inline" method="post" action="/account/consents/${purpose.id}">${hidden}<input type="hidden" name="granted" value="${granted ? 'false' : 'true'}"><button type="submit" class="secondary small">${granted ? t('account.consents.withdraw') : t('account.consents.grant')}</button></form></li>`;
    })}</ul></section>`;

    const data = html`<section class="section" id="data"><h2>${t('account.export')}</h2><p><a href="/account/export">${t('account.export.download')}</a></p>
<h2>${t('account.delete')}</h2><p class="intro">${t('account.delete.intro')}</p>
<form method="post" action="/account/delete">${hidden}<div class="field"><label for="a-confirm">${t('account.delete.confirm')}</label><input id="a-confirm" name="confirm_email" type="email" value="${val('confirm_email', '')}" required>${err('confirm_email')}</div>
<div class="actions"><button type="submit" class="secondary">${t('account.delete.button')}</button></div></form>
<form method="post" action="/logout">${hidden}<div class="actions"><button type="submit" class="link">${t('page.signOut')}</button></div></form></section>`;

    const body: SafeHtml = html`<h1>${t('account.title')}</h1><p class="intro">${t('account.signedInAs', { email: user.email })}</p>
${view.info ? html`<div class="alert info" role="status">${view.info}</div>` : ''}
${profile}${password}${security}${linked}${sessionList}${consentList}${data}`;
    p.res
      .status(status)
      .set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': `default-src 'self'; style-src 'self' 'nonce-${p.nonce}'; img-src 'self' https: data:; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`, 'X-Frame-Options': 'DENY' })
      .type('html')
      .send(layout(p.frame(), p.t('account.title'), body, { wide: true }));
  };

  /**
   * Sensitive changes need a sign-in at the account's level within the re-authentication window.
   * Otherwise the person goes through the step-up journey (re-authentication) and comes back to
   * resume: a GET is repeated, a form is shown again ready to send (without any password typed).
   */
  const recentEnough = async (s: Signed, resume: Resume): Promise<boolean> => {
    const required = await deps.assurance.requirement(s.user, {}, 'sensitive');
    if (deps.assurance.meets(s.session.proofs, required)) return true;
    const { req, res } = s.p;
    const loaded = await startStepUp(
      deps,
      { browserHash: sha256(cookies.browserId(req, res)), origin: { kind: 'reauth', resume }, request: { reauthentication: true }, proofs: s.session.proofs },
      s.user,
      required,
      req.ip ?? null,
      req.headers['user-agent'] ?? null,
    );
    seeOther(res, `/flow/${loaded.run.id}`);
    return false;
  };

  /** Runs a self-service operation; its errors come back inline in the section, with what was typed. */
  const handle = (section: string, op: (s: Signed, body: Record<string, string>) => Promise<string | undefined | typeof ANSWERED>, sensitive = false) =>
    async (req: Request, res: Response) => {
      const s = await signedIn(req, res);
      if (!s) return;
      const body = req.body as Record<string, string>;
      if (sensitive) {
        // Typed passwords are never kept: such a form comes back empty in its section.
        const secret = Object.keys(body).some((k) => SECRET_FIELDS.includes(k));
        const fields = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf' && !SECRET_FIELDS.includes(k)));
        const resume: Resume = secret ? { method: 'GET', path: `/account#${section}` } : { method: 'POST', path: req.path, fields };
        if (!(await recentEnough(s, resume))) return;
      }
      try {
        const info = await op(s, body);
        // An operation that answered itself (the account was deleted): its answer may still be waiting
        // for the store's commit, so `headersSent` cannot tell.
        if (info === ANSWERED) return;
        await render(s, { info });
      } catch (e) {
        if (!(e instanceof AccountError)) throw e;
        const errors = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, s.p.t(v.key, v.vars)]));
        // What was typed comes back into the form, except the CSRF token and passwords.
        const values = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf' && !SECRET_FIELDS.includes(k)));
        await render(s, { section, errors, values }, 422);
      }
    };

  const stringBody = { type: 'object', additionalProperties: { type: 'string', maxLength: 2000 } };
  const idParam = paramsSchema({ id: 'record' });

  router.get('/account', async (req, res) => {
    const s = await signedIn(req, res);
    if (s) await render(s);
  });

  router.post('/account/profile', form, csrfCheck, validate({ body: stringBody }), handle('profile', async (s, body) => {
    await account.updateProfile(s.user, body, actorOf(s.p.req, s.session));
    s.user = (await deps.store.users.findById(s.user.id))!;
    return s.p.t('account.saved');
  }));

  router.post('/account/password', form, csrfCheck, validate({ body: stringBody }), handle('password', async (s, body) => {
    await account.changePassword(s.user, body.current_password ?? '', body.new_password ?? '', actorOf(s.p.req, s.session));
    return s.p.t('account.password.changed');
  }, true));

  router.post('/account/sessions/revoke-others', form, csrfCheck, handle('sessions', async (s) => {
    await account.signOutOthers(s.user, actorOf(s.p.req, s.session));
    return undefined;
  }));

  router.post('/account/sessions/:id/revoke', form, csrfCheck, validate({ params: idParam }), handle('sessions', async (s) => {
    await account.signOutSession(s.user, String(s.p.req.params.id), actorOf(s.p.req, s.session));
    return undefined;
  }));

  router.post('/account/credentials/:id/remove', form, csrfCheck, validate({ params: idParam }), handle('security', async (s) => {
    await account.removeCredential(s.user, String(s.p.req.params.id), actorOf(s.p.req, s.session));
    return undefined;
  }, true));

  router.post('/account/identities/unlink', form, csrfCheck, validate({ body: stringBody }), handle('identities', async (s, body) => {
    await account.unlinkIdentity(s.user, body.provider ?? '', body.subject ?? '', actorOf(s.p.req, s.session));
    return undefined;
  }, true));

  router.post('/account/consents/:id', form, csrfCheck, validate({ params: idParam, body: stringBody }), handle('consents', async (s, body) => {
    await account.setConsent(s.user, String(s.p.req.params.id), body.granted === 'true', 'account', actorOf(s.p.req, s.session));
    return undefined;
  }));

  router.get('/account/export', async (req, res) => {
    const s = await signedIn(req, res);
    if (!s) return;
    const data = await account.export(s.user, actorOf(req, s.session));
    res
      .set({ 'Content-Disposition': 'attachment; filename="my-data.json"', 'Cache-Control': 'no-store' })
      .type('application/json')
      .send(JSON.stringify(data, null, 2));
  });

  router.post('/account/delete', form, csrfCheck, validate({ body: stringBody }), handle('data', async (s, body) => {
    await account.deleteAccount(s.user, body.confirm_email ?? '', actorOf(s.p.req, s.session));
    cookies.clear(s.p.res, 'sid');
    s.p.message(200, s.p.t('account.delete'), s.p.t('account.deleted'), html`<p><a class="button primary" href="/login">${s.p.t('page.signIn')}</a></p>`);
    return ANSWERED;
  }, true));

  /** Starts a published flow for the signed-in user (add a factor, change email...), then back here. */
  router.get('/account/flows/:id', validate({ params: paramsSchema({ id: 'slug' }) }), async (req, res) => {
    const s = await signedIn(req, res);
    if (!s) return;
    // Adding a factor or changing the email are sensitive: a recent sign-in first.
    if (!(await recentEnough(s, { method: 'GET', path: req.path }))) return;
    const bid = cookies.browserId(req, res);
    const loaded = await deps.runtime.start({
      flowId: String(req.params.id),
      browserHash: sha256(bid),
      origin: { kind: 'account', returnTo: '/account' },
      initial: { userId: s.user.id, email: s.user.email, amr: s.session.amr, proofs: s.session.proofs },
      client: clientOf(req),
      purposes: ['account-action'],
    });
    seeOther(res, `/flow/${loaded.run.id}`);
  });

  return router;
}

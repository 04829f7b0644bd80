import express, { type Request, type Response, type Router } from 'express';
import { html } from '../hosted/html.js';
import { PageContext } from '../http/page.js';
import { FORM_SCHEMA, answerRefusedInput, validate } from '../http/validate.js';
import type { HostedDeps } from '../hosted/deps.js';
import type { PageGuards } from '../hosted/guards.js';
import type { OneTimeCodes } from '../methods/codes/one-time-codes.js';
import { seeOther } from '../http/redirect.js';

/** A verification link sent by support works for a day, a handful of tries; a newer one replaces it. */
export const VERIFICATION_POLICY = { ttlMinutes: 24 * 60, maxAttempts: 5, maxSendsPerHour: 5 };
export const verificationSubject = (userId: string) => `verify-email:${userId}`;
export const VERIFICATION_PATH = '/verify-email';

const TOKEN = '[A-Za-z0-9_-]{43}';
const USER = '[A-Za-z0-9-]{1,64}';
const COOKIE_VALUE = new RegExp(`^(${USER})\\.(${TOKEN})$`);

const TEXTS = {
  en: { title: 'Confirm your email address', intro: 'Confirm that {email} is your email address.', confirm: 'Confirm', done: 'Thank you: {email} is confirmed.', invalid: 'This link is not valid any more (used, expired or replaced by a newer one).' },
  id: { title: 'Konfirmasi alamat email Anda', intro: 'Konfirmasi bahwa {email} adalah alamat email Anda.', confirm: 'Konfirmasi', done: 'Terima kasih: {email} sudah dikonfirmasi.', invalid: 'Tautan ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau diganti yang baru).' },
};

/**
 * The verification link support sends ("resend verification"): GET keeps user and token in an
 * HttpOnly cookie and drops them from the address, then asks for a click (mail scanners that open
 * links do not confirm anything); POST uses the one-time token and marks the email verified, only
 * while it is still the account's email.
 */
export function verificationPages(deps: HostedDeps & { guards: PageGuards; codes: OneTimeCodes }): Router {
  const router = express.Router();
  const { cookies, csrf, guards, store } = deps;
  const textsOf = (p: PageContext) => (p.lang === 'id' ? TEXTS.id : TEXTS.en);
  const fill = (s: string, email: string) => s.replace('{email}', email);
  const pending = async (value: string | undefined) => {
    const m = value ? COOKIE_VALUE.exec(value) : null;
    const user = m ? await store.users.findById(m[1]) : null;
    return user && m ? { user, token: m[2] } : null;
  };

  router.get(VERIFICATION_PATH, guards.limited, validate({ query: { type: 'object', additionalProperties: false, properties: { user: { type: 'string', pattern: `^${USER}$` }, token: { type: 'string', pattern: `^${TOKEN}$` } } } }), async (req: Request, res: Response) => {
    if (typeof req.query.token === 'string' && typeof req.query.user === 'string') {
      cookies.set(res, 'verify', `${req.query.user}.${req.query.token}`, VERIFICATION_POLICY.ttlMinutes * 60);
      return seeOther(res, VERIFICATION_PATH);
    }
    const p = new PageContext(deps.shell, req, res);
    const found = await pending(cookies.read(req, 'verify'));
    if (!found) return p.message(410, textsOf(p).title, textsOf(p).invalid);
    p.message(200, textsOf(p).title, fill(textsOf(p).intro, found.user.email), html`<form method="post" action="${VERIFICATION_PATH}"><input type="hidden" name="_csrf" value="${csrf.tokenFor(cookies, req, res)}"><div class="actions"><button type="submit" class="primary">${textsOf(p).confirm}</button></div></form>`);
  }, answerRefusedInput((req, res) => {
    // A link cut short or mistyped is as invalid as a used one.
    const p = new PageContext(deps.shell, req, res);
    p.message(410, textsOf(p).title, textsOf(p).invalid);
  }));

  router.post(VERIFICATION_PATH, guards.limited, guards.form, guards.csrfChecked(() => VERIFICATION_PATH), validate({ body: FORM_SCHEMA }), async (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    const found = await pending(cookies.read(req, 'verify'));
    cookies.clear(res, 'verify');
    if (!found || (await deps.codes.verify(verificationSubject(found.user.id), found.token)) !== 'ok') return p.message(410, textsOf(p).title, textsOf(p).invalid);
    await store.users.markEmailVerified(found.user.id, found.user.email);
    await store.audit.record({ at: new Date(), type: 'email.verified', userId: found.user.id, actor: found.user.id, ip: req.ip ?? null, details: { via: 'support-link' } });
    p.message(200, textsOf(p).title, fill(textsOf(p).done, found.user.email));
  });
  return router;
}

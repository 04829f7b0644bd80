import express, { type Router } from 'express';
import { html } from '../hosted/html.js';
import { PageContext } from '../http/page.js';
import { FORM_SCHEMA, validate } from '../http/validate.js';
import type { HostedDeps } from '../hosted/deps.js';
import type { PageGuards } from '../hosted/guards.js';
import { sessionSignIn } from '../hosted/completions.js';
import type { OneTimeCodes } from '../methods/codes/one-time-codes.js';
import type { PasswordHasher } from '../methods/password/hashing.js';
import type { BreachedPasswords } from '../methods/password/breached.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from '../methods/password/policy.js';
import { wrongPasswordCounters } from '../methods/password/lockout.js';
import { isBlocked } from '../identity/blocking.js';
import { seeOther } from '../http/redirect.js';
import { PASSWORD_LINK_HOURS, PASSWORD_LINK_PATH, passwordLinkSubject } from './password-link.js';

const TOKEN = '[A-Za-z0-9_-]{43}';
const USER = '[A-Za-z0-9-]{1,64}';
/** `<user id>.<token>`, kept in an HttpOnly cookie while the person chooses a password. */
const COOKIE_VALUE = new RegExp(`^(${USER})\\.(${TOKEN})$`);
const COOKIE = 'set-password';

const TEXTS = {
  en: {
    title: 'Choose your password',
    intro: 'Choose the password of your account {email}.',
    signedIn: 'Your password is set and you are signed in.',
    account: 'Go to your account',
    signInNow: 'Your password is set. Sign in now with it; you will be asked for your second factor too.',
    signIn: 'Sign in',
    invalid: 'This link is not valid any more (used, expired or replaced by a newer one). Ask for a new one, or reset your password from the sign-in page.',
    reset: 'Reset my password',
  },
  id: {
    title: 'Pilih kata sandi Anda',
    intro: 'Pilih kata sandi untuk akun Anda {email}.',
    signedIn: 'Kata sandi Anda tersimpan dan Anda sudah masuk.',
    account: 'Buka akun Anda',
    signInNow: 'Kata sandi Anda tersimpan. Masuklah sekarang dengan kata sandi itu; Anda juga akan diminta faktor kedua.',
    signIn: 'Masuk',
    invalid: 'Tautan ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau diganti yang baru). Minta tautan baru, atau atur ulang kata sandi Anda dari halaman masuk.',
    reset: 'Atur ulang kata sandi saya',
  },
};

/**
 * The page behind a link to choose a password (a person an administrator added, or support's reset
 * link): GET keeps user and token in an HttpOnly cookie and drops them from the address, then asks
 * for the password twice (the sign-up policy, breached passwords refused); POST consumes the one-time
 * token (counted, compared in constant time) only once the password is acceptable and hashed, then
 * in one store operation uses it up (a compare-and-set), stores the password, marks the email verified
 * (the link proved the mailbox), ends the account's sessions and sign-in lock and audits it (all or
 * nothing: a failure leaves the link usable), and signs the person in. An account with a second factor
 * is sent to the sign-in instead: a mailed link never stands in for the second factor.
 */
export function passwordLinkPages(deps: HostedDeps & { guards: PageGuards; codes: OneTimeCodes; passwords: PasswordHasher; breached: BreachedPasswords }): Router {
  const router = express.Router();
  const { cookies, csrf, guards, store } = deps;
  const signIn = sessionSignIn(deps);
  const textsOf = (p: PageContext) => (p.lang === 'id' ? TEXTS.id : TEXTS.en);
  const invalid = (p: PageContext) =>
    p.message(410, textsOf(p).title, textsOf(p).invalid, html`<p><a class="button secondary" href="/login?flow=password-reset">${textsOf(p).reset}</a></p>`);
  const pending = async (value: string | undefined) => {
    const m = value ? COOKIE_VALUE.exec(value) : null;
    const user = m ? await store.users.findById(m[1]) : null;
    return user && m && !isBlocked(user) ? { user, token: m[2] } : null;
  };
  const form = (p: PageContext, email: string, problems: { password?: string; confirm?: string }) => {
    const t = textsOf(p);
    const field = (name: 'password' | 'confirm', label: string) => {
      const problem = problems[name];
      return html`<div class="field"><label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" type="password" autocomplete="new-password" required${problem ? html` aria-invalid="true" aria-describedby="f-${name}-error"` : ''}>${problem ? html`<p class="error" id="f-${name}-error">${problem}</p>` : ''}</div>`;
    };
    const body = html`<form method="post" action="${PASSWORD_LINK_PATH}"><input type="hidden" name="_csrf" value="${csrf.tokenFor(cookies, p.req, p.res)}">
<input type="hidden" name="email" value="${email}" autocomplete="username">
${field('password', p.t('setPassword.password'))}
${field('confirm', p.t('setPassword.confirm'))}
<div class="actions"><button type="submit" class="primary">${p.t('setPassword.submit')}</button></div></form>`;
    p.message(problems.password || problems.confirm ? 422 : 200, t.title, t.intro.replace('{email}', email), body);
  };

  const QUERY = { type: 'object', additionalProperties: false, properties: { user: { type: 'string', pattern: `^${USER}$` }, token: { type: 'string', pattern: `^${TOKEN}$` } } };
  router.get(PASSWORD_LINK_PATH, guards.limited, validate({ query: QUERY }), async (req, res) => {
    if (typeof req.query.token === 'string' && typeof req.query.user === 'string') {
      cookies.set(res, COOKIE, `${req.query.user}.${req.query.token}`, PASSWORD_LINK_HOURS.welcome * 3600);
      return seeOther(res, PASSWORD_LINK_PATH);
    }
    const p = new PageContext(deps.shell, req, res);
    const found = await pending(cookies.read(req, COOKIE));
    if (!found || !(await deps.codes.pending(passwordLinkSubject(found.user.id)))) return invalid(p);
    form(p, found.user.email, {});
  });

  router.post(PASSWORD_LINK_PATH, guards.limited, guards.form, guards.csrfChecked(() => PASSWORD_LINK_PATH), validate({ body: FORM_SCHEMA }), async (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    const found = await pending(cookies.read(req, COOKIE));
    if (!found) return invalid(p);
    const { user, token } = found;
    const body = req.body as Record<string, string | undefined>;
    const password = String(body.password ?? '');
    const problems = checkPasswordPolicy(password, DEFAULT_PASSWORD_POLICY, user.email);
    if (!problems.length && (await deps.breached.isBreached(password))) problems.push({ key: 'password.policy.breached' });
    if (problems.length) return form(p, user.email, { password: problems.map((x) => p.t(x.key, x.vars)).join(' ') });
    if (password !== String(body.confirm ?? '')) return form(p, user.email, { confirm: p.t('setPassword.mismatch') });
    // The token is checked only with an acceptable password, already hashed: a typo costs no try.
    const hash = await deps.passwords.hash(password);
    const checked = await deps.codes.check(passwordLinkSubject(user.id), token);
    // One store operation uses the token up with everything it changes: the password, the email
    // verified (the link proved the mailbox), every session ended and the wrong tries forgotten
    // (whoever knew the old password is out), the audit event. A failure writes none of it and the
    // link stays usable; a request that lost the race to another writes nothing.
    const done =
      checked.result === 'ok' &&
      (await store.credentials.setPassword({
        userId: user.id,
        hash,
        link: { codeId: checked.codeId, verifyEmail: user.emailVerified ? null : user.email },
        keepSession: null,
        forgetCounters: wrongPasswordCounters(user.email, req.ip ?? null),
        audit: { at: new Date(), type: 'password.changed', userId: user.id, actor: user.id, ip: req.ip ?? null, details: { via: 'link' } },
      })) !== null;
    cookies.clear(res, COOKIE);
    if (!done) return invalid(p);
    const t = textsOf(p);
    const factors = (await store.credentials.listByUser(user.id)).filter((c) => c.type !== 'password' && c.type !== 'known-browsers');
    if (factors.length) return p.message(200, t.title, t.signInNow, html`<p><a class="button primary" href="/login">${t.signIn}</a></p>`);
    await signIn(req, res, user.id, [{ method: 'pwd', at: Math.floor(Date.now() / 1000) }], 'set-password-link');
    p.message(200, t.title, t.signedIn, html`<p><a class="button primary" href="/account">${t.account}</a></p>`);
  });
  return router;
}

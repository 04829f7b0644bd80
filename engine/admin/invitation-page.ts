import express, { type Request, type Response, type Router } from 'express';
import { html } from '../hosted/html.js';
import { PageContext } from '../http/page.js';
import { FORM_SCHEMA, answerRefusedInput, validate } from '../http/validate.js';
import type { HostedDeps } from '../hosted/deps.js';
import type { PageGuards } from '../hosted/guards.js';
import type { OneTimeCodes } from '../methods/codes/one-time-codes.js';
import type { PasswordHasher } from '../methods/password/hashing.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from '../methods/password/policy.js';
import { INVITATION_POLICY, invitationSubject } from './admins.js';
import { ADMIN_ROLE, consoleRolesOf } from './roles.js';
import { seeOther } from '../http/redirect.js';

const PATH = '/console/invitation';
const TOKEN = '[A-Za-z0-9_-]{43}';
const USER = '[A-Za-z0-9-]{1,64}';
/** `<user id>.<token>`, kept in an HttpOnly cookie while the person chooses a password. */
const COOKIE_VALUE = new RegExp(`^(${USER})\\.(${TOKEN})$`);

const TEXTS = {
  en: {
    title: 'Join the Gerbang console',
    intro: 'You are invited to the console as {role}, with {email}. Choose a password; at your first sign-in you set up a second factor.',
    password: 'Choose a password',
    submit: 'Set password',
    done: 'Your password is set. Sign in to the console now; you will set up a second factor.',
    signIn: 'Sign in to the console',
    invalid: 'This invitation link is not valid any more (used, expired or replaced by a newer one). Ask the owner for a new invitation.',
  },
  id: {
    title: 'Bergabung dengan konsol Gerbang',
    intro: 'Anda diundang ke konsol sebagai {role}, dengan {email}. Pilih kata sandi; saat masuk pertama kali Anda menyiapkan faktor kedua.',
    password: 'Pilih kata sandi',
    submit: 'Simpan kata sandi',
    done: 'Kata sandi Anda tersimpan. Masuk ke konsol sekarang; Anda akan menyiapkan faktor kedua.',
    signIn: 'Masuk ke konsol',
    invalid: 'Tautan undangan ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau diganti yang baru). Minta undangan baru kepada pemilik.',
  },
};

/**
 * The administrator invitation link: GET /console/invitation?user=…&token=… keeps both in an HttpOnly
 * cookie and drops them from the address; the page asks for a password (the same policy as sign-up);
 * POST consumes the one-time token (counted, compared in constant time, used once), sets the password
 * and marks the email verified (the link proved the mailbox). Then the administrators' own sign-in,
 * where the second factor is set up.
 */
export function adminInvitationPages(deps: HostedDeps & { guards: PageGuards; codes: OneTimeCodes; passwords: PasswordHasher }): Router {
  const router = express.Router();
  const { cookies, csrf, guards, store } = deps;
  const textsOf = (p: PageContext) => (p.lang === 'id' ? TEXTS.id : TEXTS.en);
  const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  const invalid = (p: PageContext) => p.message(410, textsOf(p).title, textsOf(p).invalid);
  /** The invited administrator named by the cookie, still without a password. */
  const invited = async (value: string | undefined) => {
    const m = value ? COOKIE_VALUE.exec(value) : null;
    if (!m) return null;
    const user = await store.users.findById(m[1]);
    if (!user?.roles.includes(ADMIN_ROLE) || (await store.credentials.listByUser(user.id, 'password')).length) return null;
    return { user, token: m[2] };
  };
  const form = (p: PageContext, email: string, role: string, problem: string | null) => {
    const t = textsOf(p);
    const body = html`<form method="post" action="${PATH}"><input type="hidden" name="_csrf" value="${csrf.tokenFor(cookies, p.req, p.res)}">
<input type="hidden" name="email" value="${email}" autocomplete="username">
<div class="field"><label for="f-password">${t.password}</label><input id="f-password" name="password" type="password" autocomplete="new-password" required${problem ? html` aria-invalid="true" aria-describedby="f-password-error"` : ''}>${problem ? html`<p class="error" id="f-password-error">${problem}</p>` : ''}</div>
<div class="actions"><button type="submit" class="primary">${t.submit}</button></div></form>`;
    p.message(problem ? 422 : 200, t.title, fill(t.intro, { role, email }), body);
  };

  router.get(PATH, guards.limited, validate({ query: { type: 'object', additionalProperties: false, properties: { user: { type: 'string', pattern: `^${USER}$` }, token: { type: 'string', pattern: `^${TOKEN}$` } } } }), async (req: Request, res: Response) => {
    if (typeof req.query.token === 'string' && typeof req.query.user === 'string') {
      cookies.set(res, 'admin-invite', `${req.query.user}.${req.query.token}`, INVITATION_POLICY.ttlMinutes * 60);
      return seeOther(res, PATH);
    }
    const p = new PageContext(deps.shell, req, res);
    const found = await invited(cookies.read(req, 'admin-invite'));
    if (!found) return invalid(p);
    form(p, found.user.email, consoleRolesOf(found.user.roles).join(', '), null);
  }, answerRefusedInput((req, res) => invalid(new PageContext(deps.shell, req, res))));

  router.post(PATH, guards.limited, guards.form, guards.csrfChecked(() => PATH), validate({ body: FORM_SCHEMA }), async (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    const found = await invited(cookies.read(req, 'admin-invite'));
    if (!found) return invalid(p);
    const password = String((req.body as Record<string, string>).password ?? '');
    const problems = checkPasswordPolicy(password, DEFAULT_PASSWORD_POLICY, found.user.email);
    if (problems.length) return form(p, found.user.email, consoleRolesOf(found.user.roles).join(', '), problems.map((x) => p.t(x.key, x.vars)).join(' '));
    // The token is checked only with an acceptable password, already hashed: a typo costs no try.
    const hash = await deps.passwords.hash(password);
    const checked = await deps.codes.check(invitationSubject(found.user.id), found.token);
    if (checked.result !== 'ok') return invalid(p);
    // One store operation uses the token up with the password, the email verified (the invitation
    // proved the mailbox) and the audit event: a failure writes none of it and the invitation still works.
    const accepted = await store.credentials.setPassword({
      userId: found.user.id,
      hash,
      link: { codeId: checked.codeId, verifyEmail: found.user.email },
      keepSession: null,
      forgetCounters: [],
      audit: { at: new Date(), type: 'admin.invitation.accepted', userId: found.user.id, actor: found.user.id, ip: req.ip ?? null, details: {} },
    });
    if (!accepted) return invalid(p);
    cookies.clear(res, 'admin-invite');
    p.message(200, textsOf(p).title, textsOf(p).done, html`<p><a class="button primary" href="/designer/">${textsOf(p).signIn}</a></p>`);
  });
  return router;
}

import express, { type Request, type RequestHandler } from 'express';
import { DuplicateError, normaliseEmail, type Store, type User } from '../store/port.js';
import { BadRequest, FieldInvalid, HttpError, NotFound } from '../http/errors.js';
import { IMPORT_LIMIT_BYTES, IMPORT_MAX_RECORDS, IMPORT_RECORD_SCHEMA, readUpload } from './user-import/records.js';
import { importPeople, summaryIn } from './user-import/importer.js';
import { requestLanguage } from '../http/words.js';
import { knownLanguage, languageOrDefault } from '../languages.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { deleteAccount } from '../identity/account-deletion.js';
import { isBlocked, withBlocked } from '../identity/blocking.js';
import { sha256 } from '../runtime/crypto.js';
import { browserOf } from '../protection/devices.js';
import type { Translator } from '../hosted/i18n.js';
import type { AccountService } from '../account/service.js';
import { ATTRIBUTE_KEY_PATTERN, loadSchema } from '../identity/schema.js';
import { checkProfileValues } from './profile-values.js';
import { sendPasswordLink } from './password-link.js';
import { domainEvents } from '../outbox/domain-events.js';
import { PERMISSIONS } from './roles.js';
import type { Mailer } from '../notifications/senders.js';
import type { OneTimeCodes } from '../methods/codes/one-time-codes.js';
import { Conflict } from '../http/errors.js';
import { VERIFICATION_PATH, VERIFICATION_POLICY, verificationSubject } from './verification-page.js';
import { AUDIT_QUERY, auditFilter } from './audit.js';
import { resolveAuditEvents } from './audit-resolution.js';

const USER_ID = paramsSchema({ id: 'user' });
const SEARCH_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', title: 'Search', maxLength: 254, description: "the user's id, or part of their email, first or last name" },
    after: { type: 'string', title: 'Page after', maxLength: 254, description: 'the `next` of the previous page' },
    limit: { type: 'string', title: 'Users per page', pattern: '^[1-9][0-9]?$', examples: ['20'], description: 'users per page, 1-99 (20)' },
  },
};
const PROFILE = {
  type: 'object',
  title: 'Profile',
  minProperties: 1,
  // Keys are attributes of the identity schema (checked against it by the handler: it changes at run time).
  propertyNames: { type: 'string', pattern: ATTRIBUTE_KEY_PATTERN },
  additionalProperties: { type: 'string', maxLength: 2000 },
};
const LANG = { title: 'Language of the mail', enum: ['en', 'id'] };
const NEW_USER = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', title: 'Email address', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', examples: ['ayu@example.com'] },
    attributes: { ...PROFILE, title: 'Profile', minProperties: 0 },
    emailVerified: { type: 'boolean', title: 'Email already verified', description: 'true when the organisation has verified the address already (false: the link the person follows verifies it)' },
    sendLink: { type: 'boolean', title: 'Mail a link to choose a password', description: 'true by default; false adds the person without a mail (they can use "forgot password")' },
    lang: LANG,
  },
};
const IMPORT_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sendLinks: { type: 'string', title: 'Mail a link to choose a password', enum: ['true', 'false'], description: 'true mails each person imported without a password hash a link to choose one (false by default)' },
    lang: LANG,
  },
};
const IMPORT_BODY = {
  title: 'People',
  description: `JSON lines (Content-Type application/x-ndjson: one person per line) or a JSON array of people (application/json); at most 1 MB and ${IMPORT_MAX_RECORDS} people (413 above: split it)`,
  type: ['string', 'array'],
  // Each person is checked by itself against IMPORT_RECORD_SCHEMA (and answered by its line), and the
  // number of people by readUpload (a 413, the same for both forms), not here: one bad person must not
  // refuse the whole upload.
  items: { title: 'Person', description: `{ email, emailVerified?, attributes?, language?, passwordHash? }: ${IMPORT_RECORD_SCHEMA.properties.passwordHash.description}` },
};
const TOO_LARGE = {
  en: 'The upload is larger than 1 MB: split it into files of at most 1 MB (about 5,000 people each).',
  id: 'Unggahan ini lebih dari 1 MB: pecahlah menjadi berkas berukuran paling banyak 1 MB (sekitar 5.000 orang per berkas).',
};
/** Reads an upload: JSON lines as text, a JSON array parsed; either too large is a 413 that says what to do. */
const readUploadBody: RequestHandler = (() => {
  const text = express.text({ type: ['application/x-ndjson', 'application/jsonl', 'application/json-lines', 'text/plain'], limit: IMPORT_LIMIT_BYTES });
  const json = express.json({ limit: IMPORT_LIMIT_BYTES });
  const tooLarge = (err: unknown) => ((err as { type?: string } | undefined)?.type === 'entity.too.large' ? new HttpError(413, 'too_large', TOO_LARGE) : err);
  return (req, res, next) => text(req, res, (err?: unknown) => (err ? next(tooLarge(err)) : json(req, res, (e?: unknown) => next(tooLarge(e)))));
})();
const PASSWORD_LINK = { type: 'object', additionalProperties: false, properties: { lang: { ...LANG, description: "the language the person last used on Gerbang's pages when left out (English when unknown)" } } };
/** Why an administrator blocks or deletes an account: kept in the audit trail. */
const REASON = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', title: 'Reason', minLength: 3, maxLength: 500 } } };

const view = (u: User, now: Date) => ({
  id: u.id,
  email: u.email,
  emailVerified: u.emailVerified,
  attributes: u.attributes,
  /** The language Gerbang speaks to them in (their pages, mails); null until they use a page or an import says it. */
  language: u.language,
  roles: u.roles,
  blocked: isBlocked(u),
  lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil : null,
  failedLogins: u.failedLogins,
  createdAt: u.createdAt,
});

/**
 * Admin API: finding customers and helping them (profile, sign-in methods, sessions, consents, audit;
 * block, unlock, reset factors, end sessions, export, delete), the audit trail, consent purposes.
 * Every change is audited with the administrator who made it.
 */
export function usersRouter(deps: { store: Store; account: AccountService; translate: Translator; codes: OneTimeCodes; mailer: Mailer; publicUrl: string }): RouteTable {
  const { store } = deps;
  const routes = new RouteTable();
  const userOr404 = async (id: string) => {
    const user = await store.users.findById(id);
    if (!user) throw new NotFound({ en: 'No such user.', id: 'Pengguna tidak ditemukan.' });
    return user;
  };
  const record = (req: Request, type: string, userId: string | null, details: Record<string, unknown> = {}) =>
    store.audit.record({ at: new Date(), type, userId, actor: req.admin?.id ?? null, ip: req.ip ?? null, details });
  const P = PERMISSIONS;

  routes.get('/users', { summary: 'Find users by id, or part of their email, first or last name; all users without `q`; a page at a time (`next` is the next page\'s `after`)', query: SEARCH_QUERY, permission: P.usersRead }, async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const limit = q.limit ? Number(q.limit) : 20;
    const found = await store.users.search({ text: q.q?.trim() || undefined, after: q.after, limit: limit + 1 });
    const page = found.slice(0, limit);
    res.json({ users: page.map((u) => view(u, new Date())), next: found.length > limit ? page[page.length - 1].email : null });
  });
  routes.post('/users', { summary: "Add a person: email and profile (checked by the identity schema); Gerbang mails them a one-time link to choose their password (it verifies the email)", body: NEW_USER, status: 201, permission: P.usersWrite }, async (req, res) => {
    const body = req.body as { email: string; attributes?: Record<string, string>; emailVerified?: boolean; sendLink?: boolean; lang?: string };
    const email = normaliseEmail(body.email);
    const checked = checkProfileValues(await loadSchema(store), body.attributes ?? {}, deps.translate);
    if (!checked.ok) throw new FieldInvalid(`attributes.${checked.field}`, checked.words);
    const attributes = Object.fromEntries(Object.entries(checked.values).filter(([, v]) => v !== null));
    if (await store.users.findByEmail(email)) throw new FieldInvalid('email', { en: `${email} already has an account.`, id: `${email} sudah memiliki akun.` });
    let user: User;
    try {
      // The language support writes the welcome mail in is the person's until they use another on a page.
      user = await store.users.create({ email, emailVerified: body.emailVerified ?? false, attributes, language: knownLanguage(body.lang) }, undefined, undefined, domainEvents.userCreated('admin'));
    } catch (err) {
      if (err instanceof DuplicateError) throw new FieldInvalid('email', { en: `${email} already has an account.`, id: `${email} sudah memiliki akun.` });
      throw err;
    }
    const sendLink = body.sendLink ?? true;
    await record(req, 'user.created', user.id, { email, linkSent: sendLink });
    if (sendLink) {
      await sendPasswordLink(deps, user, 'welcome', body.lang ?? 'en');
      await record(req, 'password.link.sent', user.id, { email, purpose: 'welcome' });
    }
    res.status(201).json(view(user, new Date()));
  });
  routes.post('/users/import', { summary: 'Import people in bulk (JSON lines or a JSON array, at most 1 MB): each line is checked (email, profile by the identity schema, password hash in a standard encoding) and answered: created, skipped (the email has an account) or refused (line, field and why); each person is written whole', query: IMPORT_QUERY, body: IMPORT_BODY, permission: P.usersWrite, bodyReader: readUploadBody }, async (req, res) => {
    const body = req.body as string | unknown[];
    const upload = readUpload(typeof body === 'string' ? body : JSON.stringify(body));
    if ('problem' in upload) throw upload.error === 'too_large' ? new HttpError(413, upload.error, upload.problem) : new BadRequest(upload.problem, upload.error);
    const summary = await importPeople(store, upload, await loadSchema(store), deps.translate, async (userId, email) => void (await record(req, 'user.created', userId, { email, via: 'import' })));
    const q = req.query as { sendLinks?: string; lang?: string };
    if (q.sendLinks === 'true') {
      for (const line of summary.lines) {
        if (line.result !== 'created' || line.password) continue;
        const user = await store.users.findById(line.id);
        // In the person's own language when the upload says it, else in the one the importer chose.
        line.linkSent = user ? await sendPasswordLink(deps, user, 'welcome', languageOrDefault(user.language ?? q.lang)).then(() => true, () => false) : false;
      }
    }
    await record(req, 'user.imported', null, { created: summary.created, skipped: summary.skipped, refused: summary.refused, linksSent: summary.lines.filter((l) => l.result === 'created' && l.linkSent).length });
    res.json(summaryIn(summary, requestLanguage(req)));
  });
  routes.get('/users/:id', { summary: 'A user', params: USER_ID, permission: P.usersRead }, async (req, res) => {
    res.json(view(await userOr404(String(req.params.id)), new Date()));
  });
  routes.get('/users/:id/sign-in', { summary: "A user's sign-in methods and sessions: password or not, factors (never their secrets), linked identities, sessions", params: USER_ID, permission: P.usersRead }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    const [credentials, identities, sessions] = await Promise.all([store.credentials.listByUser(user.id), store.identities.listByUser(user.id), store.sessions.listByUser(user.id)]);
    res.json({
      password: credentials.some((c) => c.type === 'password'),
      factors: credentials.filter((c) => c.type !== 'password' && c.type !== 'known-browsers').map((c) => ({ id: c.id, type: c.type, createdAt: c.createdAt, name: typeof c.data.name === 'string' ? c.data.name : null })),
      identities: identities.map((i) => ({ provider: i.provider, email: i.email, linkedAt: i.linkedAt })),
      sessions: sessions.map((s) => ({ createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, userAgent: s.userAgent, ...browserOf(s.userAgent), ip: s.ip, amr: s.amr })),
    });
  });
  routes.patch('/users/:id/profile', { summary: "Change a user's profile: any attribute of the identity schema, checked by its rules; an empty value removes it", params: USER_ID, body: PROFILE, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    const checked = checkProfileValues(await loadSchema(store), req.body as Record<string, string>, deps.translate);
    if (!checked.ok) throw new FieldInvalid(checked.field, checked.words);
    const values = checked.values;
    const updated = await store.users.updateAttributes(user.id, values);
    await record(req, 'profile.updated', user.id, { fields: Object.keys(values) });
    res.json(view(updated!, new Date()));
  });
  routes.get('/users/:id/consents', { summary: "A user's current consents and their history", params: USER_ID, permission: P.usersRead }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    res.json({ current: await store.consents.current(user.id), history: await store.consents.history(user.id) });
  });
  // Support ends every session of the user (e.g. a stolen phone); apps hear it by back-channel logout.
  routes.delete('/users/:id/sessions', { summary: 'End every session of a user; apps with a back-channel logout URI are told', params: USER_ID, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    const ended = await store.sessions.deleteByUser(user.id);
    await record(req, 'sessions.revoked', user.id, { sessions: ended });
    res.json({ ended });
  });
  routes.post('/users/:id/block', { summary: 'Block a user: no sign-in until unblocked, every session ends; the reason is audited', params: USER_ID, body: REASON, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    await store.users.setRoles(user.id, withBlocked(user.roles, true));
    const ended = await store.sessions.deleteByUser(user.id);
    await record(req, 'account.blocked', user.id, { reason: (req.body as { reason: string }).reason, sessions: ended });
    res.json(view((await store.users.findById(user.id))!, new Date()));
  });
  routes.post('/users/:id/unblock', { summary: 'Unblock a user', params: USER_ID, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    await store.users.setRoles(user.id, withBlocked(user.roles, false));
    await record(req, 'account.unblocked', user.id);
    res.json(view((await store.users.findById(user.id))!, new Date()));
  });
  routes.post('/users/:id/unlock', { summary: 'End a sign-in lock after too many wrong passwords', params: USER_ID, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    await store.users.unlockLogin(user.id);
    await record(req, 'account.unlocked', user.id);
    res.json(view((await store.users.findById(user.id))!, new Date()));
  });
  // A lost phone: every factor but the password goes, sessions end, and the next sign-in asks to set one up again.
  routes.post('/users/:id/reset-factors', { summary: "Remove a user's second factors (authenticator apps, passkeys, recovery codes) and end their sessions; they set one up again at the next sign-in", params: USER_ID, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    // Known browsers are the risk check's memory, not a factor.
    const factors = (await store.credentials.listByUser(user.id)).filter((c) => c.type !== 'password' && c.type !== 'known-browsers');
    for (const f of factors) await store.credentials.remove(f.id);
    const ended = await store.sessions.deleteByUser(user.id);
    await record(req, 'factors.reset', user.id, { removed: factors.map((f) => f.type), sessions: ended });
    res.json({ removed: factors.length, ended });
  });
  routes.post('/users/:id/verification', { summary: 'Send the user a new link to confirm their email address (the earlier one stops working)', params: USER_ID, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    if (user.emailVerified) throw new Conflict({ en: `${user.email} is already verified.`, id: `${user.email} sudah terverifikasi.` });
    const issued = await deps.codes.issue(verificationSubject(user.id), user.email, 'token', VERIFICATION_POLICY, true);
    if (!issued.code) throw new Conflict({ en: 'Too many links to this address in the last hour; try again later.', id: 'Terlalu banyak tautan ke alamat ini dalam satu jam terakhir; coba lagi nanti.' });
    const link = `${deps.publicUrl}${VERIFICATION_PATH}?user=${encodeURIComponent(user.id)}&token=${issued.code}`;
    await deps.mailer.sendLink({ to: user.email, lang: languageOrDefault(user.language), link, minutes: VERIFICATION_POLICY.ttlMinutes });
    await record(req, 'verification.sent', user.id, { email: user.email });
    res.json({ sent: true });
  });
  routes.post('/users/:id/password-link', { summary: 'Mail the user a one-time link to choose a new password (the earlier link stops working; their password stays until they choose one)', params: USER_ID, body: PASSWORD_LINK, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    if (isBlocked(user)) throw new Conflict({ en: `${user.email} is blocked: unblock the account first.`, id: `${user.email} diblokir: buka blokir akun ini terlebih dahulu.` }, 'blocked');
    await sendPasswordLink(deps, user, 'reset', (req.body as { lang?: string } | undefined)?.lang ?? languageOrDefault(user.language));
    await record(req, 'password.link.sent', user.id, { email: user.email, purpose: 'reset' });
    res.json({ sent: true });
  });
  routes.get('/users/:id/export', { summary: 'Everything Gerbang holds about a user (secrets and hashes excepted), as the user would download it; audited', params: USER_ID, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    const data = await deps.account.export(user, { ip: req.ip ?? null, sessionId: null }, req.admin!.id);
    res.set('Content-Disposition', `attachment; filename="user-${user.id}.json"`).json(data);
  });
  routes.delete('/users/:id', { summary: 'Delete a user and everything about them; the reason is audited (without who it was)', params: USER_ID, body: REASON, status: 204, permission: P.usersWrite }, async (req, res) => {
    const user = await userOr404(String(req.params.id));
    await deleteAccount(store, user.id);
    await record(req, 'account.deleted', null, { subjectHash: sha256(user.id), reason: (req.body as { reason: string }).reason });
    res.status(204).end();
  });
  routes.get('/users/:id/audit', { summary: "A user's audit trail, newest first, with who acted and the names of what it refers to (as GET /audit)", params: USER_ID, query: AUDIT_QUERY, permission: P.usersRead }, async (req, res) => {
    const q: Record<string, string | undefined> = { ...(req.query as Record<string, string>), user: undefined, userId: String(req.params.id) };
    res.json(await resolveAuditEvents(store, await store.audit.list((await auditFilter(store, q, q.limit ? Number(q.limit) : 100))!)));
  });

  return routes;
}

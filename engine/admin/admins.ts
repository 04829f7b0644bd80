import type { Request } from 'express';
import { DuplicateError, normaliseEmail, type Store, type User } from '../store/port.js';
import type { Mailer } from '../notifications/senders.js';
import type { OneTimeCodes } from '../methods/codes/one-time-codes.js';
import { Conflict, FieldInvalid, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { inLanguage, requestLanguage } from '../http/words.js';
import { ADMIN_ROLE, CONSOLE_ROLES, ROLE_DESCRIPTIONS, consoleRolesOf, isConsoleRole, type ConsoleRole } from './roles.js';
import { PERMISSIONS } from './roles.js';

/** An invitation link works for a week, a handful of tries; a new invitation replaces the old link. */
export const INVITATION_POLICY = { ttlMinutes: 7 * 24 * 60, maxAttempts: 5, maxSendsPerHour: 5 };
export const invitationSubject = (userId: string) => `admin-invite:${userId}`;

const USER_ID = paramsSchema({ id: 'user' });
const ROLE = { title: 'Role', enum: [...CONSOLE_ROLES] };
const INVITE = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'role'],
  properties: {
    email: { type: 'string', title: 'Email address', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', examples: ['someone@example.com'] },
    role: ROLE,
    lang: { title: 'Language of the invitation', enum: ['en', 'id'] },
  },
};
const ROLE_BODY = { type: 'object', additionalProperties: false, required: ['role'], properties: { role: ROLE } };

const view = (u: User, hasPassword: boolean) => ({
  id: u.id,
  email: u.email,
  name: [u.attributes.given_name, u.attributes.family_name].filter((v) => typeof v === 'string' && v).join(' ') || null,
  roles: consoleRolesOf(u.roles),
  /** Still to accept the invitation (no password chosen yet). */
  invited: !hasPassword,
  createdAt: u.createdAt,
});

/**
 * Admin API: the administrators and their roles. Owners invite by email (a new account is created
 * without a password and gets a one-time link to choose one; an existing account gets the role),
 * change roles and remove administrators; the last owner can be neither demoted nor removed.
 */
export function adminsRouter(deps: { store: Store; codes: OneTimeCodes; mailer: Mailer; publicUrl: string }): RouteTable {
  const { store } = deps;
  const routes = new RouteTable();
  const P = PERMISSIONS;
  const record = (req: Request, type: string, userId: string, details: Record<string, unknown>) =>
    store.audit.record({ at: new Date(), type, userId, actor: req.admin?.id ?? null, ip: req.ip ?? null, details });
  const hasPassword = async (u: User) => (await store.credentials.listByUser(u.id, 'password')).length > 0;
  const adminOr404 = async (id: string) => {
    const user = await store.users.findById(id);
    if (!user?.roles.includes(ADMIN_ROLE)) throw new NotFound({ en: 'No such administrator.', id: 'Administrator tidak ditemukan.' });
    return user;
  };
  const owners = async () => (await store.users.listWithRole(ADMIN_ROLE, 1000)).filter((u) => consoleRolesOf(u.roles).includes('owner'));
  /** Refuses a change that would leave the console without an owner. */
  const keepAnOwner = async (user: User, remainsOwner: boolean) => {
    if (remainsOwner || !consoleRolesOf(user.roles).includes('owner')) return;
    if ((await owners()).filter((o) => o.id !== user.id).length === 0) throw new Conflict({ en: 'This is the last owner: make another administrator an owner first.', id: 'Ini pemilik terakhir: jadikan administrator lain pemilik terlebih dahulu.' });
  };
  const withRole = (roles: readonly string[], role: ConsoleRole | null) => [...roles.filter((r) => r !== ADMIN_ROLE && !isConsoleRole(r)), ...(role ? [ADMIN_ROLE, role] : [])];

  const sendInvitation = async (user: User, lang: string) => {
    const issued = await deps.codes.issue(invitationSubject(user.id), user.email, 'token', INVITATION_POLICY, true);
    if (!issued.code) throw new Conflict({ en: 'Too many invitations to this address in the last hour; try again later.', id: 'Terlalu banyak undangan ke alamat ini dalam satu jam terakhir; coba lagi nanti.' });
    const link = `${deps.publicUrl}/console/invitation?user=${encodeURIComponent(user.id)}&token=${issued.code}`;
    await deps.mailer.sendLink({ to: user.email, lang, link, minutes: INVITATION_POLICY.ttlMinutes });
  };

  routes.get('/roles', { summary: 'The console roles and what each may do, said in the language asked (Accept-Language)', permission: P.adminsRead }, (req, res) => {
    res.json(CONSOLE_ROLES.map((role) => ({ role, description: inLanguage(ROLE_DESCRIPTIONS[role], requestLanguage(req)) })));
  });
  routes.get('/admins', { summary: 'The administrators with their roles; `invited` until they chose a password', permission: P.adminsRead }, async (_req, res) => {
    const admins = await store.users.listWithRole(ADMIN_ROLE, 1000);
    res.json(await Promise.all(admins.map(async (u) => view(u, await hasPassword(u)))));
  });
  routes.post('/admins', { summary: 'Invite an administrator by email with a role: a new account gets a one-time link to choose a password; an existing account gets the role', body: INVITE, status: 201, permission: P.adminsWrite }, async (req, res) => {
    const { email, role, lang } = req.body as { email: string; role: ConsoleRole; lang?: string };
    let user = await store.users.findByEmail(normaliseEmail(email));
    if (user?.roles.includes(ADMIN_ROLE)) throw new FieldInvalid('email', { en: `${user.email} is already an administrator.`, id: `${user.email} sudah menjadi administrator.` });
    if (user) {
      await store.users.setRoles(user.id, withRole(user.roles, role));
      user = (await store.users.findById(user.id))!;
    } else {
      try {
        user = await store.users.create({ email, roles: [ADMIN_ROLE, role], emailVerified: false });
      } catch (err) {
        if (err instanceof DuplicateError) throw new FieldInvalid('email', { en: `${email} was just invited.`, id: `${email} baru saja diundang.` });
        throw err;
      }
    }
    const invited = !(await hasPassword(user));
    if (invited) await sendInvitation(user, lang ?? 'en');
    await record(req, 'admin.invited', user.id, { role, email: user.email, linkSent: invited });
    res.status(201).json(view(user, !invited));
  });
  routes.post('/admins/:id/invitation', { summary: 'Send a new invitation link (the earlier one stops working)', params: USER_ID, permission: P.adminsWrite }, async (req, res) => {
    const user = await adminOr404(String(req.params.id));
    if (await hasPassword(user)) throw new Conflict({ en: `${user.email} has already accepted the invitation.`, id: `${user.email} sudah menerima undangan.` });
    await sendInvitation(user, 'en');
    await record(req, 'admin.invited', user.id, { roles: consoleRolesOf(user.roles), email: user.email, linkSent: true });
    res.json(view(user, false));
  });
  routes.put('/admins/:id/role', { summary: "Change an administrator's role (the last owner stays an owner)", params: USER_ID, body: ROLE_BODY, permission: P.adminsWrite }, async (req, res) => {
    const user = await adminOr404(String(req.params.id));
    const role = (req.body as { role: ConsoleRole }).role;
    await keepAnOwner(user, role === 'owner');
    await store.users.setRoles(user.id, withRole(user.roles, role));
    await record(req, 'admin.roles.changed', user.id, { from: consoleRolesOf(user.roles), to: [role] });
    const updated = (await store.users.findById(user.id))!;
    res.json(view(updated, await hasPassword(updated)));
  });
  routes.delete('/admins/:id', { summary: 'Remove an administrator: the account stays a customer account, its sessions end (not the last owner)', params: USER_ID, status: 204, permission: P.adminsWrite }, async (req, res) => {
    const user = await adminOr404(String(req.params.id));
    await keepAnOwner(user, false);
    await store.users.setRoles(user.id, withRole(user.roles, null));
    await store.sessions.deleteByUser(user.id);
    await record(req, 'admin.removed', user.id, { roles: consoleRolesOf(user.roles) });
    res.status(204).end();
  });
  return routes;
}

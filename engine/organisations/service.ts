import { randomBytes, randomUUID } from 'node:crypto';
import { DuplicateError, normaliseEmail, type Invitation, type Membership, type Organisation, type OrganisationRole, type Store, type User } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';
import { Conflict, NotFound, BadRequest, Forbidden } from '../http/errors.js';
import { sha256 } from '../runtime/crypto.js';

const NO_SUCH_ORGANISATION = { en: 'No such organisation.', id: 'Organisasi tidak ditemukan.' };
const NOT_A_MEMBER = { en: 'This person is not a member of the organisation.', id: 'Orang ini bukan anggota organisasi tersebut.' };
/** "3 members" / "3 anggota". */
const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
import { normaliseDomain, ORGANISATION_ADMIN_ROLE, unknownRoles } from './rules.js';
import type { InvitationSender } from './invitation-mail.js';

export interface OrganisationServiceDeps {
  store: Store;
  now: () => Date;
  secrets: SecretBox;
  sendInvitation: InvitationSender;
  publicUrl: string;
  /** Ends a grant's tokens (access and refresh) at the OpenID Provider. */
  revokeGrant: (grantId: string) => Promise<void>;
  invitationDays?: number;
}

/** Who acts, for the audit trail. */
export interface Actor {
  id: string;
  ip: string | null;
}

export interface OrganisationInput {
  name: string;
  domains?: string[];
  branding?: Organisation['branding'];
  roles?: OrganisationRole[];
  policy?: Partial<Organisation['policy']>;
}

export interface ProviderInput {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** An invitation as the API shows it (never its token hash). */
export const invitationView = (i: Invitation) => ({
  id: i.id,
  orgId: i.orgId,
  email: i.email,
  roles: i.roles,
  status: i.status,
  invitedBy: i.invitedBy,
  acceptedBy: i.acceptedBy,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
});

/** An organisation as the API shows it (its provider's secret never leaves). */
export const organisationView = (o: Organisation) => ({
  ...o,
  provider: o.provider ? { issuer: o.provider.issuer, clientId: o.provider.clientId } : null,
});

/**
 * What administrators do with organisations: the rules around the store's atomic operations
 * (domains, roles in use, invitations sent and accepted once, removal revoking what the member held).
 */
export class OrganisationService {
  private readonly invitationDays: number;
  constructor(private readonly deps: OrganisationServiceDeps) {
    this.invitationDays = deps.invitationDays ?? 7;
  }

  private audit(type: string, actor: Actor, details: Record<string, unknown>, userId: string | null = null) {
    return this.deps.store.audit.record({ at: this.deps.now(), type, userId, actor: actor.id, ip: actor.ip, details });
  }

  async get(id: string): Promise<Organisation> {
    const org = await this.deps.store.organisations.get(id);
    if (!org) throw new NotFound(NO_SUCH_ORGANISATION);
    return org;
  }

  /** Names the domain another organisation owns, for a message a person understands. */
  private async domainConflict(id: string, domains: string[]): Promise<Conflict> {
    for (const d of domains) {
      const owner = await this.deps.store.organisations.findByDomain(d);
      if (owner && owner.id !== id) {
        return new Conflict({ en: `The domain ${d} already belongs to the organisation "${owner.name}".`, id: `Domain ${d} sudah dimiliki organisasi "${owner.name}".` }, 'domain_taken');
      }
    }
    return new Conflict({ en: 'One of these domains already belongs to another organisation.', id: 'Salah satu domain ini sudah dimiliki organisasi lain.' }, 'domain_taken');
  }

  private checkRoles(roles: OrganisationRole[]): void {
    const names = roles.map((r) => r.name);
    if (names.includes(ORGANISATION_ADMIN_ROLE)) {
      throw new BadRequest({ en: `"${ORGANISATION_ADMIN_ROLE}" is the built-in role of the organisation's administrators.`, id: `"${ORGANISATION_ADMIN_ROLE}" adalah peran bawaan para administrator organisasi.` });
    }
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new BadRequest({ en: `The role "${twice}" is listed twice.`, id: `Peran "${twice}" tercantum dua kali.` });
  }

  async create(id: string, input: OrganisationInput, actor: Actor): Promise<Organisation> {
    const domains = [...new Set((input.domains ?? []).map(normaliseDomain))];
    const roles = input.roles ?? [];
    this.checkRoles(roles);
    const now = this.deps.now();
    const org: Organisation = {
      id,
      name: input.name.trim(),
      domains,
      branding: input.branding ?? {},
      roles,
      policy: { minAcr: input.policy?.minAcr ?? null, allowedMethods: input.policy?.allowedMethods ?? null },
      provider: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      const created = await this.deps.store.organisations.create(org);
      await this.audit('organisation.created', actor, { orgId: id, domains });
      return created;
    } catch (err) {
      if (err instanceof DuplicateError && err.field === 'domain') throw await this.domainConflict(id, domains);
      if (err instanceof DuplicateError) throw new Conflict({ en: `An organisation with the id "${id}" exists already.`, id: `Organisasi dengan id "${id}" sudah ada.` });
      throw err;
    }
  }

  async update(id: string, input: Partial<OrganisationInput>, actor: Actor): Promise<Organisation> {
    const current = await this.get(id);
    const patch: Parameters<Store['organisations']['update']>[1] = {};
    if (input.name !== undefined) patch.name = input.name.trim();
    if (input.branding !== undefined) patch.branding = input.branding;
    if (input.domains !== undefined) patch.domains = [...new Set(input.domains.map(normaliseDomain))];
    if (input.policy !== undefined) patch.policy = { ...current.policy, ...input.policy };
    if (input.roles !== undefined) {
      this.checkRoles(input.roles);
      const removed = current.roles.filter((r) => !input.roles!.some((n) => n.name === r.name));
      for (const role of removed) await this.refuseRoleInUse(id, role.name);
      patch.roles = input.roles;
    }
    try {
      const updated = await this.deps.store.organisations.update(id, patch);
      if (!updated) throw new NotFound(NO_SUCH_ORGANISATION);
      await this.audit('organisation.updated', actor, { orgId: id, fields: Object.keys(patch) });
      return updated;
    } catch (err) {
      if (err instanceof DuplicateError) throw await this.domainConflict(id, patch.domains ?? []);
      throw err;
    }
  }

  async setProvider(id: string, input: ProviderInput | null, actor: Actor): Promise<Organisation> {
    await this.get(id);
    const provider = input ? { issuer: input.issuer, clientId: input.clientId, secretCiphertext: this.deps.secrets.seal(input.clientSecret) } : null;
    const updated = await this.deps.store.organisations.update(id, { provider });
    await this.audit(input ? 'organisation.provider.set' : 'organisation.provider.removed', actor, { orgId: id, issuer: input?.issuer ?? null });
    return updated!;
  }

  /** What deleting the organisation removes (asked before a confirmed deletion). */
  async deletionSummary(id: string): Promise<{ members: number; invitations: number }> {
    await this.get(id);
    const members = (await this.deps.store.memberships.listByOrganisation(id)).length;
    const invitations = (await this.deps.store.invitations.listByOrganisation(id)).filter((i) => i.status === 'pending').length;
    return { members, invitations };
  }

  async delete(id: string, confirmed: boolean, actor: Actor): Promise<{ members: number; invitations: number }> {
    const summary = await this.deletionSummary(id);
    if ((summary.members || summary.invitations) && !confirmed) {
      throw new Conflict(
        {
          en: `Deleting this organisation removes ${count(summary.members, 'member')} and ${count(summary.invitations, 'pending invitation')}, and signs its members out of it. Send confirm=true to delete it.`,
          id: `Menghapus organisasi ini menghapus ${summary.members} anggota dan ${summary.invitations} undangan tertunda, serta mengeluarkan anggotanya dari organisasi ini. Kirim confirm=true untuk menghapusnya.`,
        },
        'confirmation_required',
      );
    }
    for (const m of await this.deps.store.memberships.listByOrganisation(id)) await this.revokeSignIns(id, m.userId);
    const removed = await this.deps.store.organisations.delete(id);
    if (!removed) throw new NotFound(NO_SUCH_ORGANISATION);
    await this.audit('organisation.deleted', actor, { orgId: id, ...removed });
    return removed;
  }

  // Roles

  private async refuseRoleInUse(orgId: string, role: string): Promise<void> {
    const holders = await this.deps.store.memberships.countWithRole(orgId, role);
    if (holders) {
      throw new Conflict(
        {
          en: `The role "${role}" is held by ${count(holders, 'member')}. Take it from them first, or delete it with force=true.`,
          id: `Peran "${role}" dipegang oleh ${holders} anggota. Cabut dari mereka terlebih dahulu, atau hapus dengan force=true.`,
        },
        'role_in_use',
      );
    }
  }

  async saveRole(orgId: string, role: OrganisationRole, actor: Actor): Promise<Organisation> {
    const org = await this.get(orgId);
    this.checkRoles([role]);
    const roles = org.roles.some((r) => r.name === role.name) ? org.roles.map((r) => (r.name === role.name ? role : r)) : [...org.roles, role];
    const updated = await this.deps.store.organisations.update(orgId, { roles });
    await this.audit('organisation.role.saved', actor, { orgId, role: role.name, permissions: role.permissions });
    return updated!;
  }

  async deleteRole(orgId: string, name: string, force: boolean, actor: Actor): Promise<void> {
    const org = await this.get(orgId);
    if (!org.roles.some((r) => r.name === name)) throw new NotFound({ en: 'No such role.', id: 'Peran tidak ditemukan.' });
    if (!force) await this.refuseRoleInUse(orgId, name);
    else await this.deps.store.memberships.removeRoleFromAll(orgId, name);
    await this.deps.store.organisations.update(orgId, { roles: org.roles.filter((r) => r.name !== name) });
    await this.audit('organisation.role.deleted', actor, { orgId, role: name, force });
  }

  // Members

  private async checkAssignable(orgId: string, roles: string[]): Promise<void> {
    const unknown = unknownRoles(await this.get(orgId), roles);
    if (unknown.length) throw new BadRequest({ en: `This organisation has no role ${unknown.map((r) => `"${r}"`).join(', ')}.`, id: `Organisasi ini tidak memiliki peran ${unknown.map((r) => `"${r}"`).join(', ')}.` });
  }

  async members(orgId: string): Promise<Array<Membership & { email: string | null }>> {
    await this.get(orgId);
    const list = await this.deps.store.memberships.listByOrganisation(orgId);
    return Promise.all(list.map(async (m) => ({ ...m, email: (await this.deps.store.users.findById(m.userId))?.email ?? null })));
  }

  async addMember(orgId: string, email: string, roles: string[], actor: Actor): Promise<Membership> {
    await this.checkAssignable(orgId, roles);
    const user = await this.deps.store.users.findByEmail(normaliseEmail(email));
    if (!user) {
      throw new NotFound({
        en: 'No account has this email address. Invite the person instead: the invitation lets them create their account.',
        id: 'Tidak ada akun dengan alamat email ini. Undang orang tersebut: undangan memungkinkan mereka membuat akunnya.',
      });
    }
    const membership: Membership = { orgId, userId: user.id, roles, source: 'admin', joinedAt: this.deps.now() };
    if ((await this.deps.store.memberships.add(membership)) === 'exists') throw new Conflict({ en: `${user.email} is a member already.`, id: `${user.email} sudah menjadi anggota.` }, 'already_member');
    await this.audit('organisation.member.added', actor, { orgId, roles }, user.id);
    return membership;
  }

  async setMemberRoles(orgId: string, userId: string, roles: string[], actor: Actor): Promise<Membership> {
    await this.checkAssignable(orgId, roles);
    const updated = await this.deps.store.memberships.setRoles(orgId, userId, roles);
    if (!updated) throw new NotFound(NOT_A_MEMBER);
    await this.audit('organisation.member.roles', actor, { orgId, roles }, userId);
    return updated;
  }

  /** Removes a member and revokes the tokens they hold for the organisation. */
  async removeMember(orgId: string, userId: string, actor: Actor): Promise<{ revokedGrants: number }> {
    await this.get(orgId);
    if (!(await this.deps.store.memberships.remove(orgId, userId))) throw new NotFound(NOT_A_MEMBER);
    const revokedGrants = await this.revokeSignIns(orgId, userId);
    await this.audit('organisation.member.removed', actor, { orgId, revokedGrants }, userId);
    return { revokedGrants };
  }

  private async revokeSignIns(orgId: string, userId: string): Promise<number> {
    const signIns = await this.deps.store.memberships.signInsOf(orgId, userId);
    for (const s of signIns) {
      await this.deps.revokeGrant(s.grantId);
      await this.deps.store.memberships.forgetSignIn(s.grantId);
    }
    return signIns.length;
  }

  // Invitations

  async invite(orgId: string, emailInput: string, roles: string[], lang: string, actor: Actor): Promise<Invitation> {
    const org = await this.get(orgId);
    await this.checkAssignable(orgId, roles);
    const email = normaliseEmail(emailInput);
    const existing = await this.deps.store.users.findByEmail(email);
    if (existing && (await this.deps.store.memberships.get(orgId, existing.id))) throw new Conflict({ en: `${email} is a member of ${org.name} already.`, id: `${email} sudah menjadi anggota ${org.name}.` }, 'already_member');
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.now();
    const invitation: Invitation = {
      id: randomUUID(),
      orgId,
      email,
      roles,
      tokenHash: sha256(token),
      invitedBy: actor.id,
      status: 'pending',
      acceptedBy: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.invitationDays * 86_400_000),
    };
    await this.deps.store.invitations.create(invitation);
    await this.deps.sendInvitation({ to: email, lang, organisation: org.name, link: `${this.deps.publicUrl}/invitation?token=${token}`, days: this.invitationDays });
    await this.audit('organisation.invitation.sent', actor, { orgId, invitationId: invitation.id, email, roles });
    return invitation;
  }

  async invitations(orgId: string): Promise<Invitation[]> {
    await this.get(orgId);
    return this.deps.store.invitations.listByOrganisation(orgId);
  }

  async revokeInvitation(orgId: string, id: string, actor: Actor): Promise<void> {
    if (!(await this.deps.store.invitations.revoke(orgId, id))) throw new NotFound({ en: 'No pending invitation with this id.', id: 'Tidak ada undangan tertunda dengan id ini.' });
    await this.audit('organisation.invitation.revoked', actor, { orgId, invitationId: id });
  }

  /** The invitation a link's token opens, with its organisation (null when unknown). */
  async byToken(token: string): Promise<{ invitation: Invitation; organisation: Organisation } | null> {
    const invitation = await this.deps.store.invitations.findByTokenHash(sha256(token));
    const organisation = invitation ? await this.deps.store.organisations.get(invitation.orgId) : null;
    return invitation && organisation ? { invitation, organisation } : null;
  }

  /**
   * The invited person accepts: only the account with the invited address may (the link went to
   * that mailbox, which also verifies it). Consumed by one compare-and-set.
   */
  async accept(token: string, user: User, ip: string | null) {
    const found = await this.byToken(token);
    if (found && found.invitation.email !== user.email) throw new Forbidden({ en: `This invitation is for ${found.invitation.email}.`, id: `Undangan ini untuk ${found.invitation.email}.` }, 'wrong_account');
    const outcome = await this.deps.store.invitations.accept(sha256(token), user.id, this.deps.now());
    if (outcome.result === 'accepted') {
      if (!user.emailVerified) await this.deps.store.users.markEmailVerified(user.id, outcome.invitation.email);
      await this.audit('organisation.invitation.accepted', { id: user.id, ip }, { orgId: outcome.invitation.orgId, invitationId: outcome.invitation.id }, user.id);
    }
    return outcome;
  }
}

import type { AcceptResult, Invitation, InvitationsRepo } from '../port.js';
import { isDuplicateKey } from './models.js';
import { separateWrites, type AtomicWrites } from './atomic.js';
import { membershipId, type InvitationDoc, type OrganisationModels } from './organisation-models.js';

const toInvitation = (d: InvitationDoc): Invitation => ({
  id: d._id,
  orgId: d.orgId,
  email: d.email,
  roles: d.roles ?? [],
  tokenHash: d.tokenHash,
  invitedBy: d.invitedBy ?? null,
  status: d.status,
  acceptedBy: d.acceptedBy ?? null,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
});

/**
 * Invitations on MongoDB: accepting is a conditional single-document update (compare-and-set), and
 * the membership it gives is written in the same transaction on a replica set; on a standalone a
 * membership that cannot be written gives the invitation back.
 */
export class MongoInvitations implements InvitationsRepo {
  constructor(
    private readonly m: OrganisationModels,
    private readonly atomic: AtomicWrites = separateWrites,
  ) {}

  async create(inv: Invitation): Promise<Invitation> {
    const { id, ...rest } = inv;
    await this.atomic.run(async (session) => {
      await this.m.invitations.updateMany({ orgId: inv.orgId, email: inv.email, status: 'pending' }, { $set: { status: 'revoked' } }, { session });
      await this.m.invitations.create([{ _id: id, ...rest, roles: [...rest.roles] }], { session });
    });
    return inv;
  }

  async get(id: string): Promise<Invitation | null> {
    const d = await this.m.invitations.findById(id).lean<InvitationDoc>();
    return d ? toInvitation(d) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<Invitation | null> {
    const d = await this.m.invitations.findOne({ tokenHash }).lean<InvitationDoc>();
    return d ? toInvitation(d) : null;
  }

  async listByOrganisation(orgId: string): Promise<Invitation[]> {
    return (await this.m.invitations.find({ orgId }).sort({ createdAt: -1 }).limit(1000).lean<InvitationDoc[]>()).map(toInvitation);
  }

  async revoke(orgId: string, id: string): Promise<boolean> {
    return (await this.m.invitations.updateOne({ _id: id, orgId, status: 'pending' }, { $set: { status: 'revoked' } })).modifiedCount === 1;
  }

  async accept(tokenHash: string, userId: string, now: Date): Promise<AcceptResult> {
    return this.atomic.run(async (session): Promise<AcceptResult> => {
      const claimed = await this.m.invitations
        .findOneAndUpdate({ tokenHash, status: 'pending', expiresAt: { $gt: now } }, { $set: { status: 'accepted', acceptedBy: userId } }, { returnDocument: 'after', session })
        .lean<InvitationDoc>();
      if (!claimed) {
        const d = await this.m.invitations.findOne({ tokenHash }).session(session ?? null).lean<InvitationDoc>();
        const invitation = d ? toInvitation(d) : null;
        if (!invitation) return { result: 'not-found', invitation };
        return { result: invitation.status === 'accepted' ? 'used' : invitation.status === 'revoked' ? 'revoked' : 'expired', invitation };
      }
      const invitation = toInvitation(claimed);
      const _id = membershipId(invitation.orgId, userId);
      if (await this.m.memberships.exists({ _id }).session(session ?? null)) return { result: 'accepted', invitation, membership: 'exists' };
      try {
        await this.m.memberships.create([{ _id, orgId: invitation.orgId, userId, roles: [...invitation.roles], source: 'invitation', joinedAt: now }], { session });
        return { result: 'accepted', invitation, membership: 'added' };
      } catch (err) {
        // In a transaction the whole acceptance is undone (and retried by the driver on a conflict).
        if (this.atomic.transactions) throw err;
        if (isDuplicateKey(err)) return { result: 'accepted', invitation, membership: 'exists' };
        // The membership could not be written: the invitation is given back, so nothing is half-done.
        await this.m.invitations.updateOne({ _id: invitation.id, status: 'accepted', acceptedBy: userId }, { $set: { status: 'pending', acceptedBy: null } });
        throw err;
      }
    });
  }
}

import type { Membership, MembershipsRepo, OrganisationSignIn } from '../port.js';
import { isDuplicateKey } from './models.js';
import { membershipId, type MembershipDoc, type OrganisationModels, type OrganisationSignInDoc } from './organisation-models.js';

const toMembership = (d: MembershipDoc): Membership => ({ orgId: d.orgId, userId: d.userId, roles: d.roles ?? [], source: d.source, joinedAt: d.joinedAt });
const toSignIn = (d: OrganisationSignInDoc): OrganisationSignIn => ({ grantId: d._id, orgId: d.orgId, userId: d.userId, expiresAt: d.expiresAt });

/** Memberships on MongoDB: `_id` is `orgId:userId`, so adding one is a conditional insert. */
export class MongoMemberships implements MembershipsRepo {
  constructor(private readonly m: OrganisationModels) {}

  async add(m: Membership): Promise<'added' | 'exists'> {
    try {
      await this.m.memberships.create({ _id: membershipId(m.orgId, m.userId), ...m, roles: [...m.roles] });
      return 'added';
    } catch (err) {
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }

  async get(orgId: string, userId: string): Promise<Membership | null> {
    const d = await this.m.memberships.findById(membershipId(orgId, userId)).lean<MembershipDoc>();
    return d ? toMembership(d) : null;
  }

  async listByOrganisation(orgId: string, limit = 1000): Promise<Membership[]> {
    return (await this.m.memberships.find({ orgId }).sort({ joinedAt: 1, userId: 1 }).limit(limit).lean<MembershipDoc[]>()).map(toMembership);
  }

  async listByUser(userId: string): Promise<Membership[]> {
    return (await this.m.memberships.find({ userId }).sort({ joinedAt: 1, orgId: 1 }).limit(1000).lean<MembershipDoc[]>()).map(toMembership);
  }

  async setRoles(orgId: string, userId: string, roles: string[]): Promise<Membership | null> {
    const d = await this.m.memberships.findOneAndUpdate({ _id: membershipId(orgId, userId) }, { $set: { roles: [...roles] } }, { returnDocument: 'after' }).lean<MembershipDoc>();
    return d ? toMembership(d) : null;
  }

  async remove(orgId: string, userId: string): Promise<boolean> {
    return (await this.m.memberships.deleteOne({ _id: membershipId(orgId, userId) })).deletedCount === 1;
  }

  async countWithRole(orgId: string, role: string): Promise<number> {
    return this.m.memberships.countDocuments({ orgId, roles: role });
  }

  async removeRoleFromAll(orgId: string, role: string): Promise<number> {
    return (await this.m.memberships.updateMany({ orgId, roles: role }, { $pull: { roles: role } })).modifiedCount;
  }

  async deleteByUser(userId: string): Promise<number> {
    await this.m.signIns.deleteMany({ userId });
    return (await this.m.memberships.deleteMany({ userId })).deletedCount;
  }

  async recordSignIn(s: OrganisationSignIn): Promise<void> {
    await this.m.signIns.updateOne({ _id: s.grantId }, { $set: { orgId: s.orgId, userId: s.userId, expiresAt: s.expiresAt } }, { upsert: true });
  }

  async signInOf(grantId: string): Promise<OrganisationSignIn | null> {
    const d = await this.m.signIns.findById(grantId).lean<OrganisationSignInDoc>();
    return d ? toSignIn(d) : null;
  }

  async signInsOf(orgId: string, userId: string): Promise<OrganisationSignIn[]> {
    return (await this.m.signIns.find({ orgId, userId }).limit(1000).lean<OrganisationSignInDoc[]>()).map(toSignIn);
  }

  async forgetSignIn(grantId: string): Promise<void> {
    await this.m.signIns.deleteOne({ _id: grantId });
  }
}

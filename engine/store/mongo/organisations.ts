import { DuplicateError, type Organisation, type OrganisationsRepo } from '../port.js';
import { isDuplicateKey } from './models.js';
import { separateWrites, type AtomicWrites } from './atomic.js';
import type { OrganisationDoc, OrganisationModels } from './organisation-models.js';

const toOrganisation = (d: OrganisationDoc): Organisation => ({
  id: d._id,
  name: d.name,
  domains: [...(d.domains ?? [])].sort(),
  branding: d.branding ?? {},
  roles: d.roles ?? [],
  policy: { minAcr: d.policy?.minAcr ?? null, allowedMethods: d.policy?.allowedMethods ?? null },
  provider: d.provider ?? null,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/** Which unique index a duplicate-key error came from. */
const duplicateField = (err: unknown): 'domain' | 'id' => (/domains/.test(String((err as { message?: string }).message)) || 'domains' in ((err as { keyPattern?: object }).keyPattern ?? {}) ? 'domain' : 'id');

/**
 * Organisations on MongoDB: one document each, its domains in an array under a unique multikey
 * index, so claiming a domain is part of the organisation's own single-document write.
 */
export class MongoOrganisations implements OrganisationsRepo {
  constructor(
    private readonly m: OrganisationModels,
    private readonly atomic: AtomicWrites = separateWrites,
  ) {}

  async create(org: Organisation): Promise<Organisation> {
    const { id, ...rest } = org;
    try {
      await this.m.organisations.create({ _id: id, ...structuredClone(rest) });
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateError('organisation', duplicateField(err));
      throw err;
    }
    return { ...org, domains: [...org.domains].sort() };
  }

  async get(id: string): Promise<Organisation | null> {
    const d = await this.m.organisations.findById(id).lean<OrganisationDoc>();
    return d ? toOrganisation(d) : null;
  }

  async list(): Promise<Organisation[]> {
    return (await this.m.organisations.find().sort({ name: 1 }).limit(1000).lean<OrganisationDoc[]>()).map(toOrganisation);
  }

  async findByDomain(domain: string): Promise<Organisation | null> {
    const d = await this.m.organisations.findOne({ domains: domain }).lean<OrganisationDoc>();
    return d ? toOrganisation(d) : null;
  }

  async update(id: string, patch: Partial<Omit<Organisation, 'id' | 'createdAt' | 'updatedAt'>>): Promise<Organisation | null> {
    try {
      const d = await this.m.organisations
        .findOneAndUpdate({ _id: id }, { $set: { ...structuredClone(patch), updatedAt: new Date() } }, { returnDocument: 'after' })
        .lean<OrganisationDoc>();
      return d ? toOrganisation(d) : null;
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateError('organisation', 'domain');
      throw err;
    }
  }

  async delete(id: string): Promise<{ members: number; invitations: number } | null> {
    // One transaction on a replica set. On a standalone, what belongs to it goes first and the
    // organisation last: an interrupted deletion leaves an organisation that can be deleted again,
    // never members of one that no longer exists.
    return this.atomic.run(async (session) => {
      if (!(await this.m.organisations.exists({ _id: id }).session(session ?? null))) return null;
      const invitations = await this.m.invitations.countDocuments({ orgId: id, status: 'pending' }).session(session ?? null);
      const members = (await this.m.memberships.deleteMany({ orgId: id }, { session })).deletedCount;
      await this.m.invitations.deleteMany({ orgId: id }, { session });
      await this.m.signIns.deleteMany({ orgId: id }, { session });
      if ((await this.m.organisations.deleteOne({ _id: id }, { session })).deletedCount !== 1) return null;
      return { members, invitations };
    });
  }

  async appPermissions(appId: string): Promise<string[]> {
    return (await this.m.appPermissions.findById(appId).lean())?.permissions ?? [];
  }

  async setAppPermissions(appId: string, permissions: string[]): Promise<void> {
    await this.m.appPermissions.updateOne({ _id: appId }, { $set: { permissions: [...permissions] } }, { upsert: true });
  }
}

import { randomUUID } from 'node:crypto';
import { DuplicateError, type IdentitiesRepo, type LinkedIdentity } from '../port.js';
import { isDuplicateKey, type IdentityDoc, type Models } from './models.js';

const toIdentity = (d: IdentityDoc): LinkedIdentity => ({ provider: d.provider, subject: d.subject, userId: d.userId, email: d.email ?? null, emailVerified: d.emailVerified !== false, linkedAt: d.linkedAt });

export class MongoIdentities implements IdentitiesRepo {
  constructor(private readonly m: Models) {}

  async find(provider: string, subject: string) {
    const d = await this.m.identities.findOne({ provider, subject }).lean<IdentityDoc>();
    return d ? toIdentity(d) : null;
  }

  async listByUser(userId: string) {
    return (await this.m.identities.find({ userId }).sort({ linkedAt: 1 }).limit(100).lean<IdentityDoc[]>()).map(toIdentity);
  }

  async link(i: LinkedIdentity): Promise<void> {
    try {
      await this.m.identities.create({ _id: randomUUID(), ...i });
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateError('identity', 'provider account');
      throw err;
    }
  }

  async unlink(userId: string, provider: string, subject: string): Promise<boolean> {
    return (await this.m.identities.deleteOne({ userId, provider, subject })).deletedCount === 1;
  }

  async removeUnverified(userId: string): Promise<LinkedIdentity[]> {
    const found = await this.m.identities.find({ userId, emailVerified: false }).limit(100).lean<IdentityDoc[]>();
    if (found.length === 0) return [];
    await this.m.identities.deleteMany({ _id: { $in: found.map((d) => d._id) } });
    return found.map(toIdentity);
  }

  async deleteByUser(userId: string): Promise<number> {
    return (await this.m.identities.deleteMany({ userId })).deletedCount;
  }
}

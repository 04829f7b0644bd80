import type { OidcRepo } from '../port.js';
import type { ClientSession } from 'mongoose';
import { isDuplicateKey, type Models, type OidcDoc } from './models.js';
import { separateWrites, type AtomicWrites } from './atomic.js';

const key = (model: string, id: string) => `${model}:${id}`;
const live = (d: OidcDoc | null): Record<string, unknown> | null =>
  d && (!d.expiresAt || d.expiresAt.getTime() > Date.now()) ? d.payload : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const document = (model: string, payload: Record<string, unknown>, expiresAt: Date | null) => ({
  model,
  payload,
  grantId: str(payload.grantId),
  uid: str(payload.uid),
  userCode: str(payload.userCode),
  expiresAt,
});
/** A record of a compare-and-set no longer held what was read: the transaction is abandoned. */
class WrittenMeanwhile extends Error {}

export class MongoOidc implements OidcRepo {
  constructor(
    private readonly m: Models,
    private readonly atomic: AtomicWrites = separateWrites,
  ) {}

  async upsert(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<void> {
    await this.write(model, id, payload, expiresAt, undefined);
  }

  /**
   * One transaction where the deployment has them: each record replaced only while its payload is
   * still `expected` (as read, so in the stored field order); a record that is not aborts them all.
   * A standalone has no transactions: there each record is its own compare-and-set.
   */
  async replaceAll(model: string, records: Array<{ id: string; expected: Record<string, unknown>; payload: Record<string, unknown> }>): Promise<boolean> {
    try {
      return await this.atomic.run(async (session) => {
        for (const { id, expected, payload } of records) {
          const { matchedCount } = await this.m.oidc.replaceOne({ _id: key(model, id), payload: expected }, document(model, payload, null), { session });
          if (matchedCount !== 1) throw new WrittenMeanwhile();
        }
        return true;
      });
    } catch (err) {
      if (err instanceof WrittenMeanwhile) return false;
      throw err;
    }
  }

  private async write(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null, session: ClientSession | undefined): Promise<void> {
    await this.m.oidc.replaceOne({ _id: key(model, id) }, document(model, payload, expiresAt), { upsert: true, session });
  }

  async create(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<boolean> {
    // An expired document that MongoDB has not removed yet does not count.
    await this.m.oidc.deleteOne({ _id: key(model, id), expiresAt: { $ne: null, $lte: new Date() } });
    try {
      await this.m.oidc.create({ _id: key(model, id), ...document(model, payload, expiresAt) });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async find(model: string, id: string) {
    return live(await this.m.oidc.findById(key(model, id)).lean<OidcDoc>());
  }

  async findByUid(model: string, uid: string) {
    return live(await this.m.oidc.findOne({ model, uid }).lean<OidcDoc>());
  }

  async findByUserCode(model: string, userCode: string) {
    return live(await this.m.oidc.findOne({ model, userCode }).lean<OidcDoc>());
  }

  async consume(model: string, id: string, at: Date): Promise<boolean> {
    const r = await this.m.oidc.updateOne({ _id: key(model, id), 'payload.consumed': null }, { $set: { 'payload.consumed': Math.floor(at.getTime() / 1000) } });
    return r.modifiedCount === 1;
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.m.oidc.deleteOne({ _id: key(model, id) });
  }

  async revokeByAccount(accountId: string, keepSessionIds: string[] = []): Promise<number> {
    const keep = keepSessionIds.map((id) => key('Session', id));
    return (await this.m.oidc.deleteMany({ 'payload.accountId': accountId, _id: { $nin: keep } })).deletedCount;
  }

  async revokeTokensByAccount(accountId: string): Promise<number> {
    return (await this.m.oidc.deleteMany({ 'payload.accountId': accountId, model: { $in: ['AuthorizationCode', 'RefreshToken'] } })).deletedCount;
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.m.oidc.deleteMany({ grantId });
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.m.oidc.deleteMany({ expiresAt: { $ne: null, $lte: now } })).deletedCount;
  }
}

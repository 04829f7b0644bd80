import { randomUUID } from 'node:crypto';
import type { ConsentDecision, ConsentPurpose, ConsentsRepo, ConsentTally, DomainEvent } from '../port.js';
import { appendOutboxEvents } from './outbox.js';
import { isDuplicateKey, type DecisionDoc, type Models, type PurposeDoc } from './models.js';
import { incrementCounter } from './counters.js';

const toPurpose = (d: PurposeDoc): ConsentPurpose => ({ id: d._id, name: d.name, text: d.text, version: d.version, required: d.required === true, updatedAt: d.updatedAt });
const toDecision = (d: DecisionDoc): ConsentDecision => ({
  userId: d.userId,
  purposeId: d.purposeId,
  version: d.version,
  granted: d.granted,
  at: d.at,
  channel: d.channel,
});

export class MongoConsents implements ConsentsRepo {
  constructor(private readonly m: Models) {}

  async insertPurpose(p: ConsentPurpose): Promise<boolean> {
    try {
      await this.m.purposes.create({ _id: p.id, name: p.name, text: p.text, version: p.version, required: p.required === true, updatedAt: p.updatedAt });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async replacePurpose(p: ConsentPurpose, expectedVersion: number): Promise<boolean> {
    const r = await this.m.purposes.updateOne(
      { _id: p.id, version: expectedVersion },
      { $set: { name: p.name, text: p.text, version: p.version, required: p.required === true, updatedAt: p.updatedAt } },
    );
    return r.matchedCount === 1;
  }

  async getPurpose(id: string): Promise<ConsentPurpose | null> {
    const d = await this.m.purposes.findById(id).lean<PurposeDoc>();
    return d ? toPurpose(d) : null;
  }

  async listPurposes(): Promise<ConsentPurpose[]> {
    return (await this.m.purposes.find().sort({ _id: 1 }).limit(500).lean<PurposeDoc[]>()).map(toPurpose);
  }

  async deletePurpose(id: string): Promise<boolean> {
    return (await this.m.purposes.deleteOne({ _id: id })).deletedCount === 1;
  }

  /** The user's next sequence number comes from an atomic increment in the store, not the clock. */
  async record(d: ConsentDecision, events: DomainEvent[] = []): Promise<void> {
    const seq = await incrementCounter(this.m, `consent-seq:${d.userId}`, null, d.at);
    await this.m.decisions.create({ _id: randomUUID(), ...d, seq });
    await appendOutboxEvents(this.m, events);
  }

  async deleteByUser(userId: string): Promise<number> {
    const deleted = (await this.m.decisions.deleteMany({ userId })).deletedCount;
    await this.m.counters.deleteOne({ _id: `consent-seq:${userId}` });
    return deleted;
  }

  async current(userId: string): Promise<ConsentDecision[]> {
    const rows = await this.m.decisions.aggregate<{ doc: DecisionDoc }>([
      { $match: { userId } },
      { $sort: { seq: -1 } },
      { $group: { _id: '$purposeId', doc: { $first: '$$ROOT' } } },
      { $sort: { _id: 1 } },
    ]);
    return rows.map((r) => toDecision(r.doc));
  }

  async history(userId: string): Promise<ConsentDecision[]> {
    return (await this.m.decisions.find({ userId }).sort({ seq: 1 }).limit(10000).lean<DecisionDoc[]>()).map(toDecision);
  }

  async decisionsFor(purposeId: string, limit: number): Promise<ConsentDecision[]> {
    return (await this.m.decisions.find({ purposeId }).sort({ at: -1, seq: -1 }).limit(limit).lean<DecisionDoc[]>()).map(toDecision);
  }

  async tally(purposeId: string): Promise<ConsentTally[]> {
    const rows = await this.m.decisions.aggregate<{ _id: { version: number; granted: boolean }; count: number }>([
      { $match: { purposeId } },
      { $group: { _id: { version: '$version', granted: '$granted' }, count: { $sum: 1 } } },
    ]);
    return rows
      .map((r) => ({ version: r._id.version, granted: r._id.granted, count: r.count }))
      .sort((a, b) => a.version - b.version || Number(b.granted) - Number(a.granted));
  }
}

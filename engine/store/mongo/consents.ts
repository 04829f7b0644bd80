import { randomUUID } from 'node:crypto';
import type { ConsentDecision, ConsentPurpose, ConsentsRepo } from '../port.js';
import type { DecisionDoc, Models, PurposeDoc } from './models.js';

const toPurpose = (d: PurposeDoc): ConsentPurpose => ({ id: d._id, name: d.name, text: d.text, version: d.version, updatedAt: d.updatedAt });
const toDecision = (d: DecisionDoc): ConsentDecision => ({
  userId: d.userId,
  purposeId: d.purposeId,
  version: d.version,
  granted: d.granted,
  at: d.at,
  channel: d.channel,
});

let counter = 0;

export class MongoConsents implements ConsentsRepo {
  constructor(private readonly m: Models) {}

  async savePurpose(p: { id: string; name: Record<string, string>; text: Record<string, string> }, now: Date): Promise<ConsentPurpose> {
    const current = await this.m.purposes.findById(p.id).lean<PurposeDoc>();
    const textChanged = !current || JSON.stringify(current.text) !== JSON.stringify(p.text);
    const version = current ? current.version + (textChanged ? 1 : 0) : 1;
    // Conditional on the version we read, so two concurrent edits cannot both claim the same version.
    if (current) {
      const r = await this.m.purposes.updateOne({ _id: p.id, version: current.version }, { $set: { name: p.name, text: p.text, version, updatedAt: now } });
      if (r.matchedCount === 0) return this.savePurpose(p, now);
    } else {
      await this.m.purposes.create({ _id: p.id, name: p.name, text: p.text, version, updatedAt: now });
    }
    return { ...p, version, updatedAt: now };
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

  async record(d: ConsentDecision): Promise<void> {
    await this.m.decisions.create({ _id: randomUUID(), ...d, seq: d.at.getTime() * 1000 + (counter++ % 1000) });
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
}

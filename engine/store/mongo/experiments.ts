import type { BranchCounts, BranchIncrement, ExperimentsRepo } from '../port.js';
import { isDuplicateKey, type AbAssignmentDoc, type AbCountsDoc, type Models } from './models.js';

const key = (...parts: string[]) => JSON.stringify(parts);

/**
 * Assignments by a conditional insert on a unique `_id` (racing first visits: one wins, the other
 * reads it); counters by `$inc` upserts. The assignment and its count are two writes: a crash between
 * them leaves a person assigned but not counted, never counted twice.
 */
export class MongoExperiments implements ExperimentsRepo {
  constructor(private readonly m: Models) {}

  async assign(experiment: string, subject: string, candidate: string, at: Date): Promise<string> {
    try {
      await this.m.abAssignments.create({ _id: key(experiment, subject), experiment, subject, branch: candidate, at });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const stored = await this.m.abAssignments.findById(key(experiment, subject)).lean<AbAssignmentDoc>();
      return stored!.branch;
    }
    await this.inc(experiment, candidate, { assigned: 1 });
    return candidate;
  }

  count(experiment: string, branch: string, add: BranchIncrement): Promise<void> {
    return this.inc(experiment, branch, add);
  }

  private async inc(experiment: string, branch: string, add: BranchIncrement & { assigned?: number }): Promise<void> {
    const $inc = { assigned: add.assigned ?? 0, entered: add.entered ?? 0, success: add.success ?? 0, failure: add.failure ?? 0, successMs: add.successMs ?? 0 };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.m.abCounts.updateOne({ _id: key(experiment, branch) }, { $inc, $setOnInsert: { experiment, branch } }, { upsert: true });
        return;
      } catch (err) {
        // Two first increments upserting at once: the one that lost retries as an update.
        if (!isDuplicateKey(err) || attempt >= 3) throw err;
      }
    }
  }

  async results(experiment: string): Promise<BranchCounts[]> {
    const docs = await this.m.abCounts.find({ experiment }).sort({ branch: 1 }).lean<AbCountsDoc[]>();
    return docs.map((d) => ({ branch: d.branch, assigned: d.assigned, entered: d.entered, success: d.success, failure: d.failure, successMs: d.successMs }));
  }
}

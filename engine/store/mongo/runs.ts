import type { Run, RunsRepo } from '../port.js';
import type { Models, RunDoc } from './models.js';

const toRun = (d: RunDoc): Run => ({
  id: d._id,
  flowId: d.flowId,
  flowVersion: d.flowVersion,
  graph: d.graph ?? null,
  snapshot: d.snapshot,
  revision: d.revision,
  browserHash: d.browserHash,
  origin: d.origin,
  status: d.status,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  expiresAt: d.expiresAt,
});

export class MongoRuns implements RunsRepo {
  constructor(private readonly m: Models) {}

  async create(run: Run): Promise<void> {
    const { id, ...rest } = run;
    await this.m.runs.create({ _id: id, ...rest });
  }

  async get(id: string): Promise<Run | null> {
    const d = await this.m.runs.findById(id).lean<RunDoc>();
    return d ? toRun(d) : null;
  }

  /** Conditional on the revision: of two racing steps only one matches, the other gets false. */
  async update(id: string, expectedRevision: number, next: Pick<Run, 'snapshot' | 'status' | 'updatedAt' | 'expiresAt'>): Promise<boolean> {
    const result = await this.m.runs.updateOne(
      { _id: id, revision: expectedRevision },
      { $set: { snapshot: next.snapshot, status: next.status, updatedAt: next.updatedAt, expiresAt: next.expiresAt }, $inc: { revision: 1 } },
    );
    return result.modifiedCount === 1;
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.m.runs.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }

  /** One conditional update: the entry is pushed only while the recording holds fewer than `max`. */
  async appendRecording(id: string, entry: string, max: number): Promise<boolean> {
    const result = await this.m.runs.updateOne({ _id: id, [`recording.${max - 1}`]: { $exists: false } }, { $push: { recording: entry } });
    return result.modifiedCount === 1;
  }

  async recording(id: string): Promise<string[]> {
    const d = await this.m.runs.findById(id, { recording: 1 }).lean<{ recording?: string[] }>();
    return d?.recording ?? [];
  }
}

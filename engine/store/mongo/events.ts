import { rollupIncrements, type EventsRepo, type RollupCount, type RollupFilter, type RunEvent } from '../port.js';
import type { Models, RunEventDoc } from './models.js';

/** Orders one run's events written by this process in the same millisecond. */
let sequence = 0;

/**
 * Events are inserted, then each rollup the batch touches is one `$inc` upsert (racing writers each add their count).
 * The two are separate writes: a crash between them leaves an event without its count, never a
 * count twice.
 */
export class MongoEvents implements EventsRepo {
  constructor(private readonly m: Models) {}

  async record(events: RunEvent[]): Promise<void> {
    if (!events.length) return;
    await this.m.runEvents.insertMany(
      events.map((e) => ({
        ...e,
        _id: `${e.runId}:${e.at.getTime().toString(36).padStart(9, '0')}:${(sequence++ % 36 ** 6).toString(36).padStart(6, '0')}`,
      })),
      { ordered: true },
    );
    let ops = rollupIncrements(events).map(({ count, totalMs, ...r }) => {
      const key = { flowId: r.flowId, version: r.version, day: r.day, app: r.app, lang: r.lang, device: r.device, step: r.step, kind: r.kind, outcome: r.outcome };
      return {
        updateOne: {
          filter: { _id: JSON.stringify(Object.values(key)) },
          update: { $inc: { count, totalMs }, $setOnInsert: key },
          upsert: true,
        },
      };
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.m.rollups.bulkWrite(ops, { ordered: false });
        return;
      } catch (err) {
        // Two first increments of one counter upserting at once: the insert that lost retries as an update.
        const failed = (err as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors;
        if (!failed?.length || attempt >= 3 || failed.some((f) => f.code !== 11000)) throw err;
        ops = failed.map((f) => ops[f.index]);
      }
    }
  }

  async rollups(filter: RollupFilter): Promise<RollupCount[]> {
    const match: Record<string, unknown> = { flowId: filter.flowId };
    if (filter.version !== undefined) match.version = filter.version;
    if (filter.app !== undefined) match.app = filter.app === '' ? null : filter.app;
    if (filter.lang !== undefined) match.lang = filter.lang;
    if (filter.fromDay !== undefined || filter.toDay !== undefined) {
      match.day = { ...(filter.fromDay !== undefined ? { $gte: filter.fromDay } : {}), ...(filter.toDay !== undefined ? { $lte: filter.toDay } : {}) };
    }
    const groups = await this.m.rollups.aggregate<{ _id: { version: number; step: string; kind: RollupCount['kind']; outcome: string | null }; count: number; totalMs: number }>([
      { $match: match },
      { $group: { _id: { version: '$version', step: '$step', kind: '$kind', outcome: '$outcome' }, count: { $sum: '$count' }, totalMs: { $sum: '$totalMs' } } },
    ]);
    return groups
      .map((g) => ({ version: g._id.version, step: g._id.step, kind: g._id.kind, outcome: g._id.outcome ?? null, count: g.count, totalMs: g.totalMs }))
      .sort((a, b) => a.version - b.version || a.step.localeCompare(b.step) || a.kind.localeCompare(b.kind) || (a.outcome ?? '').localeCompare(b.outcome ?? ''));
  }

  async forRun(runId: string): Promise<RunEvent[]> {
    const docs = await this.m.runEvents.find({ runId }).sort({ _id: 1 }).lean<RunEventDoc[]>();
    return docs.map(({ _id, ...e }) => ({ ...e, app: e.app ?? null, outcome: e.outcome ?? null, ms: e.ms ?? null }));
  }

  async deleteBefore(before: Date): Promise<number> {
    return (await this.m.runEvents.deleteMany({ at: { $lt: before } })).deletedCount;
  }
}


import type { DailyCount, DailyCountsRepo } from '../port.js';
import type { Models } from './models.js';

/** Each count is one `$inc` upsert on its counter (`_id` = day, metric, key): racing writers each add theirs. */
export class MongoDailyCounts implements DailyCountsRepo {
  constructor(private readonly m: Models) {}

  async add(counts: DailyCount[]): Promise<void> {
    if (!counts.length) return;
    let ops = counts.map(({ day, metric, key, count }) => ({
      updateOne: { filter: { _id: JSON.stringify([day, metric, key]) }, update: { $inc: { count }, $setOnInsert: { day, metric, key } }, upsert: true },
    }));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.m.dailyCounts.bulkWrite(ops, { ordered: false });
        return;
      } catch (err) {
        // Two first increments of one counter upserting at once: the insert that lost retries as an update.
        const failed = (err as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors;
        if (!failed?.length || attempt >= 3 || failed.some((f) => f.code !== 11000)) throw err;
        ops = failed.map((f) => ops[f.index]);
      }
    }
  }

  async range(fromDay: string, toDay: string): Promise<DailyCount[]> {
    const docs = await this.m.dailyCounts.find({ day: { $gte: fromDay, $lte: toDay } }).lean<Array<DailyCount & { _id: string }>>();
    return docs
      .map(({ day, metric, key, count }) => ({ day, metric, key, count }))
      .sort((a, b) => a.day.localeCompare(b.day) || a.metric.localeCompare(b.metric) || a.key.localeCompare(b.key));
  }
}

import type { CountersRepo } from '../port.js';
import { isDuplicateKey, type CounterDoc, type Models } from './models.js';

/**
 * Named counters: one pipeline update per increment (restarting an expired counter in the same
 * write), so racing increments each get their own value on any number of instances.
 */
export class MongoCounters implements CountersRepo {
  constructor(private readonly m: Models) {}

  async increment(key: string, expiresAt: Date, now: Date, by = 1): Promise<number> {
    return incrementCounter(this.m, key, expiresAt, now, by);
  }

  async current(key: string, now: Date): Promise<number> {
    const d = await this.m.counters.findOne({ _id: key, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }).lean<CounterDoc>();
    return d?.count ?? 0;
  }

  async listActive(prefix: string, atLeast: number, now: Date, limit: number) {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const docs = await this.m.counters
      .find({ _id: { $regex: `^${escaped}` }, count: { $gte: atLeast }, expiresAt: { $gt: now } })
      .sort({ expiresAt: -1 })
      .limit(limit)
      .lean<CounterDoc[]>();
    return docs.map((d) => ({ key: String(d._id), count: d.count, expiresAt: d.expiresAt as Date }));
  }

  async reset(key: string): Promise<void> {
    await this.m.counters.deleteOne({ _id: key });
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.m.counters.deleteMany({ expiresAt: { $ne: null, $lte: now } })).deletedCount;
  }
}

/** Also used inside the adapter for per-user sequences (`expiresAt` null: never restarts). */
export async function incrementCounter(m: Models, key: string, expiresAt: Date | null, now: Date, by = 1): Promise<number> {
  const running = expiresAt === null ? { $gt: [{ $ifNull: ['$count', 0] }, 0] } : { $gt: ['$expiresAt', now] };
  for (let attempt = 0; ; attempt++) {
    try {
      const d = await m.counters
        .findOneAndUpdate(
          { _id: key },
          [
            {
              $set: {
                count: { $max: [0, { $cond: [running, { $add: ['$count', by] }, by] }] },
                expiresAt: { $cond: [running, '$expiresAt', expiresAt] },
              },
            },
          ],
          { upsert: true, returnDocument: 'after', updatePipeline: true },
        )
        .lean<CounterDoc>();
      return d!.count;
    } catch (err) {
      // Two first increments upserting the same key at once: one insert wins, the other retries as an update.
      if (isDuplicateKey(err) && attempt < 3) continue;
      throw err;
    }
  }
}

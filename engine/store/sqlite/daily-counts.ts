import type Database from 'better-sqlite3';
import type { DailyCount, DailyCountsRepo } from '../port.js';

/** Each count is an upsert adding to its day's counter, all in one immediate transaction. */
export class SqliteDailyCounts implements DailyCountsRepo {
  private readonly write: Database.Transaction<(counts: DailyCount[]) => void>;
  private readonly select: Database.Statement;

  constructor(db: Database.Database) {
    const upsert = db.prepare(
      `INSERT INTO daily_counts (day, metric, key, count) VALUES (@day, @metric, @key, @count)
       ON CONFLICT (day, metric, key) DO UPDATE SET count = count + excluded.count`,
    );
    this.write = db.transaction((counts: DailyCount[]) => {
      for (const c of counts) upsert.run(c);
    });
    this.select = db.prepare('SELECT day, metric, key, count FROM daily_counts WHERE day >= ? AND day <= ? ORDER BY day, metric, key');
  }

  async add(counts: DailyCount[]): Promise<void> {
    if (counts.length) this.write.immediate(counts);
  }

  async range(fromDay: string, toDay: string): Promise<DailyCount[]> {
    return this.select.all(fromDay, toDay) as DailyCount[];
  }
}

import type Database from 'better-sqlite3';
import type { CountersRepo } from '../port.js';

/** Named counters: one upsert ... RETURNING, so racing increments each get their own value. */
export class SqliteCounters implements CountersRepo {
  constructor(private readonly db: Database.Database) {}

  async increment(key: string, expiresAt: Date, now: Date): Promise<number> {
    const r = this.db
      .prepare(
        `INSERT INTO counters (key, count, expires_at) VALUES (@key, 1, @expires)
         ON CONFLICT(key) DO UPDATE SET
           count = CASE WHEN counters.expires_at <= @now THEN 1 ELSE counters.count + 1 END,
           expires_at = CASE WHEN counters.expires_at <= @now THEN @expires ELSE counters.expires_at END
         RETURNING count`,
      )
      .get({ key, expires: expiresAt.getTime(), now: now.getTime() }) as { count: number };
    return r.count;
  }

  async deleteExpired(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM counters WHERE expires_at <= ?').run(now.getTime()).changes;
  }
}

import type Database from 'better-sqlite3';
import type { CountersRepo } from '../port.js';

/** Named counters: one upsert ... RETURNING, so racing increments each get their own value. */
export class SqliteCounters implements CountersRepo {
  constructor(private readonly db: Database.Database) {}

  async increment(key: string, expiresAt: Date, now: Date, by = 1): Promise<number> {
    const r = this.db
      .prepare(
        `INSERT INTO counters (key, count, expires_at) VALUES (@key, MAX(0, @by), @expires)
         ON CONFLICT(key) DO UPDATE SET
           count = MAX(0, CASE WHEN counters.expires_at <= @now THEN @by ELSE counters.count + @by END),
           expires_at = CASE WHEN counters.expires_at <= @now THEN @expires ELSE counters.expires_at END
         RETURNING count`,
      )
      .get({ key, by, expires: expiresAt.getTime(), now: now.getTime() }) as { count: number };
    return r.count;
  }

  async current(key: string, now: Date): Promise<number> {
    const r = this.db.prepare('SELECT count FROM counters WHERE key = ? AND expires_at > ?').get(key, now.getTime()) as { count: number } | undefined;
    return r?.count ?? 0;
  }

  async listActive(prefix: string, atLeast: number, now: Date, limit: number) {
    const rows = this.db
      .prepare(
        `SELECT key, count, expires_at FROM counters
         WHERE substr(key, 1, length(@prefix)) = @prefix AND count >= @atLeast AND expires_at > @now
         ORDER BY expires_at DESC LIMIT @limit`,
      )
      .all({ prefix, atLeast, now: now.getTime(), limit }) as Array<{ key: string; count: number; expires_at: number }>;
    return rows.map((r) => ({ key: r.key, count: r.count, expiresAt: new Date(r.expires_at) }));
  }

  async reset(key: string): Promise<void> {
    this.db.prepare('DELETE FROM counters WHERE key = ?').run(key);
  }

  async deleteExpired(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM counters WHERE expires_at <= ?').run(now.getTime()).changes;
  }
}

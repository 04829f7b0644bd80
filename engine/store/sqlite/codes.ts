import type Database from 'better-sqlite3';
import type { CodesRepo, OneTimeCode } from '../port.js';
import { fromMs } from './rows.js';

interface CodeRow {
  id: string;
  subject: string;
  address: string;
  hash: string;
  attempts: number;
  max_attempts: number;
  created_at: number;
  expires_at: number;
}

const toCode = (r: CodeRow): OneTimeCode => ({
  id: r.id,
  subject: r.subject,
  address: r.address,
  hash: r.hash,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  createdAt: fromMs(r.created_at),
  expiresAt: fromMs(r.expires_at),
});

/**
 * One-time codes: the atomic steps the engine's code policy is built from. Each method is one
 * statement or one transaction, so racing requests cannot interleave inside it.
 */
export class SqliteCodes implements CodesRepo {
  constructor(private readonly db: Database.Database) {}

  async exists(subject: string): Promise<boolean> {
    return Boolean(this.db.prepare('SELECT 1 FROM one_time_codes WHERE subject = ? LIMIT 1').get(subject));
  }

  async insert(code: OneTimeCode, replace: boolean): Promise<'inserted' | 'exists'> {
    return this.db.transaction((): 'inserted' | 'exists' => {
      if (replace) this.db.prepare('UPDATE one_time_codes SET live = 0 WHERE subject = ? AND live = 1').run(code.subject);
      const r = this.db
        .prepare(
          `INSERT INTO one_time_codes (id, subject, address, hash, attempts, max_attempts, live, created_at, expires_at)
           SELECT @id, @subject, @address, @hash, @attempts, @max, 1, @created, @expires
           WHERE @replace = 1 OR NOT EXISTS (SELECT 1 FROM one_time_codes WHERE subject = @subject)`,
        )
        .run({
          id: code.id,
          subject: code.subject,
          address: code.address,
          hash: code.hash,
          attempts: code.attempts,
          max: code.maxAttempts,
          created: code.createdAt.getTime(),
          expires: code.expiresAt.getTime(),
          replace: replace ? 1 : 0,
        });
      return r.changes === 1 ? 'inserted' : 'exists';
    }).immediate();
  }

  async findLive(subject: string): Promise<OneTimeCode | null> {
    const r = this.db.prepare('SELECT * FROM one_time_codes WHERE subject = ? AND live = 1').get(subject) as CodeRow | undefined;
    return r ? toCode(r) : null;
  }

  async countAttempt(id: string): Promise<number | null> {
    const r = this.db.prepare('UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = ? AND live = 1 RETURNING attempts').get(id) as
      | { attempts: number }
      | undefined;
    return r ? r.attempts : null;
  }

  async consume(id: string): Promise<boolean> {
    return this.db.prepare('UPDATE one_time_codes SET live = 0 WHERE id = ? AND live = 1').run(id).changes === 1;
  }

  async retire(id: string): Promise<void> {
    this.db.prepare('UPDATE one_time_codes SET live = 0 WHERE id = ?').run(id);
  }

  async deleteExpired(before: Date): Promise<number> {
    return this.db.prepare('DELETE FROM one_time_codes WHERE expires_at < ?').run(before.getTime()).changes;
  }

  async deleteByAddress(address: string): Promise<number> {
    return this.db.prepare('DELETE FROM one_time_codes WHERE address = ?').run(address).changes;
  }
}

import type Database from 'better-sqlite3';
import type { CodeCheck, CodesRepo, IssueResult, OneTimeCode } from '../port.js';
import { safeEqual } from '../../runtime/crypto.js';

interface CodeRow {
  id: string;
  hash: string;
  attempts: number;
  max_attempts: number;
  expires_at: number;
}

/**
 * One-time codes. better-sqlite3 is synchronous and each operation runs in one transaction, so a
 * read-compare-write cannot interleave with another request: a code is consumed at most once.
 */
export class SqliteCodes implements CodesRepo {
  constructor(private readonly db: Database.Database) {}

  async issue(code: OneTimeCode, opts: { now: Date; since: Date; maxSends: number; replace: boolean }): Promise<IssueResult> {
    return this.db.transaction((): IssueResult => {
      if (!opts.replace && this.db.prepare('SELECT id FROM one_time_codes WHERE subject = ?').get(code.subject)) return 'exists';
      const sent = this.db
        .prepare('SELECT COUNT(*) AS n FROM one_time_codes WHERE address = ? AND created_at >= ?')
        .get(code.address, opts.since.getTime()) as { n: number };
      if (sent.n >= opts.maxSends) return 'rate-limited';
      this.db.prepare('UPDATE one_time_codes SET live = 0 WHERE subject = ?').run(code.subject);
      this.db
        .prepare(
          `INSERT INTO one_time_codes (id, subject, address, hash, attempts, max_attempts, live, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        )
        .run(code.id, code.subject, code.address, code.hash, code.attempts, code.maxAttempts, code.createdAt.getTime(), code.expiresAt.getTime());
      return 'issued';
    })();
  }

  async verify(subject: string, candidateHash: string, now: Date): Promise<CodeCheck> {
    return this.db.transaction((): CodeCheck => {
      const row = this.db
        .prepare('SELECT id, hash, attempts, max_attempts, expires_at FROM one_time_codes WHERE subject = ? AND live = 1')
        .get(subject) as CodeRow | undefined;
      if (!row) return 'not-found';
      if (row.expires_at <= now.getTime()) {
        this.db.prepare('UPDATE one_time_codes SET live = 0 WHERE id = ?').run(row.id);
        return 'expired';
      }
      if (safeEqual(row.hash, candidateHash)) {
        this.db.prepare('UPDATE one_time_codes SET live = 0 WHERE id = ?').run(row.id);
        return 'ok';
      }
      const attempts = row.attempts + 1;
      const exhausted = attempts >= row.max_attempts;
      this.db.prepare('UPDATE one_time_codes SET attempts = ?, live = ? WHERE id = ?').run(attempts, exhausted ? 0 : 1, row.id);
      return exhausted ? 'exhausted' : 'wrong';
    })();
  }

  async deleteExpired(before: Date): Promise<number> {
    return this.db.prepare('DELETE FROM one_time_codes WHERE expires_at < ?').run(before.getTime()).changes;
  }
}

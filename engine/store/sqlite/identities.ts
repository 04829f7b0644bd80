import type Database from 'better-sqlite3';
import { DuplicateError, type IdentitiesRepo, type LinkedIdentity } from '../port.js';
import { fromMs, isUniqueViolation } from './rows.js';

interface Row {
  provider: string;
  subject: string;
  user_id: string;
  email: string | null;
  email_verified: number;
  linked_at: number;
}

const toIdentity = (r: Row): LinkedIdentity => ({ provider: r.provider, subject: r.subject, userId: r.user_id, email: r.email, emailVerified: r.email_verified === 1, linkedAt: fromMs(r.linked_at) });

export class SqliteIdentities implements IdentitiesRepo {
  constructor(private readonly db: Database.Database) {}

  async find(provider: string, subject: string) {
    const r = this.db.prepare('SELECT * FROM identities WHERE provider = ? AND subject = ?').get(provider, subject) as Row | undefined;
    return r ? toIdentity(r) : null;
  }

  async listByUser(userId: string) {
    return (this.db.prepare('SELECT * FROM identities WHERE user_id = ? ORDER BY linked_at').all(userId) as Row[]).map(toIdentity);
  }

  async link(i: LinkedIdentity): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO identities (provider, subject, user_id, email, email_verified, linked_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(i.provider, i.subject, i.userId, i.email, i.emailVerified ? 1 : 0, i.linkedAt.getTime());
    } catch (err) {
      if (isUniqueViolation(err) || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateError('identity', 'provider account');
      throw err;
    }
  }

  async unlink(userId: string, provider: string, subject: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM identities WHERE user_id = ? AND provider = ? AND subject = ?').run(userId, provider, subject).changes === 1;
  }

  async removeUnverified(userId: string): Promise<LinkedIdentity[]> {
    const rows = this.db.prepare('DELETE FROM identities WHERE user_id = ? AND email_verified = 0 RETURNING *').all(userId) as Row[];
    return rows.map(toIdentity);
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM identities WHERE user_id = ?').run(userId).changes;
  }
}

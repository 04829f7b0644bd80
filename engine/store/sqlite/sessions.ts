import type Database from 'better-sqlite3';
import type { Session, SessionsRepo } from '../port.js';
import { fromMs, json, parseJson } from './rows.js';

interface SessionRow {
  id: string;
  user_id: string;
  amr: string;
  proofs: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string | null;
  ip: string | null;
}

const toSession = (r: SessionRow): Session => ({
  id: r.id,
  userId: r.user_id,
  amr: parseJson<string[]>(r.amr),
  proofs: parseJson<Session['proofs']>(r.proofs ?? '[]'),
  createdAt: fromMs(r.created_at),
  lastSeenAt: fromMs(r.last_seen_at),
  expiresAt: fromMs(r.expires_at),
  userAgent: r.user_agent,
  ip: r.ip,
});

export class SqliteSessions implements SessionsRepo {
  constructor(private readonly db: Database.Database) {}

  async create(s: Session): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sessions (id, user_id, amr, proofs, created_at, last_seen_at, expires_at, user_agent, ip)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.id, s.userId, json(s.amr), json(s.proofs), s.createdAt.getTime(), s.lastSeenAt.getTime(), s.expiresAt.getTime(), s.userAgent, s.ip);
  }

  async get(id: string): Promise<Session | null> {
    const r = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return r ? toSession(r) : null;
  }

  async setProofs(id: string, amr: string[], proofs: Session['proofs']): Promise<void> {
    this.db.prepare('UPDATE sessions SET amr = ?, proofs = ? WHERE id = ?').run(json(amr), json(proofs), id);
  }

  async touch(id: string, now: Date): Promise<void> {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now.getTime(), id);
  }

  async listByUser(userId: string): Promise<Session[]> {
    const rows = this.db.prepare('SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC').all(userId) as SessionRow[];
    return rows.map(toSession);
  }

  async delete(id: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  async deleteExpired(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.getTime()).changes;
  }
}

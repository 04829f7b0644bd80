import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditFilter, AuditRepo, DomainEvent } from '../port.js';
import { appendOutboxEvents } from './outbox.js';
import { fromMs, json, parseJson } from './rows.js';

interface AuditRow {
  id: string;
  at: number;
  type: string;
  user_id: string | null;
  actor: string | null;
  ip: string | null;
  details: string;
}

const toEvent = (r: AuditRow): AuditEvent => ({
  id: r.id,
  at: fromMs(r.at),
  type: r.type,
  userId: r.user_id,
  actor: r.actor,
  ip: r.ip,
  details: parseJson<Record<string, unknown>>(r.details),
});

/** Writes one audit event (for operations that record it within their own transaction). */
export function insertAuditEvent(db: Database.Database, e: AuditEvent): void {
  db.prepare('INSERT INTO audit_events (id, at, type, user_id, actor, ip, details) VALUES (?, ?, ?, ?, ?, ?, ?)').run(e.id, e.at.getTime(), e.type, e.userId, e.actor, e.ip, json(e.details));
}

export class SqliteAudit implements AuditRepo {
  constructor(private readonly db: Database.Database) {}

  async record(event: Omit<AuditEvent, 'id'>, events: DomainEvent[] = []): Promise<AuditEvent> {
    const full: AuditEvent = { id: randomUUID(), ...event };
    const insert = () => insertAuditEvent(this.db, full);
    // A transaction only when outbox events go with the record.
    if (!events.length) insert();
    else
      this.db
        .transaction(() => {
          insert();
          appendOutboxEvents(this.db, events);
        })
        .immediate();
    return full;
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM audit_events WHERE user_id = ?').run(userId).changes;
  }

  async list(filter: AuditFilter): Promise<AuditEvent[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.userId) (where.push('user_id = ?'), args.push(filter.userId));
    if (filter.type) (where.push('type = ?'), args.push(filter.type));
    if (filter.appId) (where.push("json_extract(details, '$.appId') = ?"), args.push(filter.appId));
    if (filter.from) (where.push('at >= ?'), args.push(filter.from.getTime()));
    if (filter.before && filter.beforeId) (where.push('(at < ? OR (at = ? AND id < ?))'), args.push(filter.before.getTime(), filter.before.getTime(), filter.beforeId));
    else if (filter.before) (where.push('at < ?'), args.push(filter.before.getTime()));
    const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, Math.min(Math.max(filter.limit, 1), 1000)) as AuditRow[]).map(toEvent);
  }
}

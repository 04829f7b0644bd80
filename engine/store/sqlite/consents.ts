import type Database from 'better-sqlite3';
import type { ConsentDecision, ConsentPurpose, ConsentsRepo, DomainEvent } from '../port.js';
import { appendOutboxEvents } from './outbox.js';
import { fromMs, json, parseJson } from './rows.js';

interface PurposeRow {
  id: string;
  name: string;
  text: string;
  version: number;
  updated_at: number;
}

interface DecisionRow {
  user_id: string;
  purpose_id: string;
  version: number;
  granted: number;
  at: number;
  channel: string;
}

const toPurpose = (r: PurposeRow): ConsentPurpose => ({
  id: r.id,
  name: parseJson(r.name),
  text: parseJson(r.text),
  version: r.version,
  updatedAt: fromMs(r.updated_at),
});

const toDecision = (r: DecisionRow): ConsentDecision => ({
  userId: r.user_id,
  purposeId: r.purpose_id,
  version: r.version,
  granted: r.granted === 1,
  at: fromMs(r.at),
  channel: r.channel,
});

export class SqliteConsents implements ConsentsRepo {
  constructor(private readonly db: Database.Database) {}

  async insertPurpose(p: ConsentPurpose): Promise<boolean> {
    const r = this.db
      .prepare('INSERT INTO consent_purposes (id, name, text, version, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING')
      .run(p.id, json(p.name), json(p.text), p.version, p.updatedAt.getTime());
    return r.changes === 1;
  }

  async replacePurpose(p: ConsentPurpose, expectedVersion: number): Promise<boolean> {
    const r = this.db
      .prepare('UPDATE consent_purposes SET name = ?, text = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?')
      .run(json(p.name), json(p.text), p.version, p.updatedAt.getTime(), p.id, expectedVersion);
    return r.changes === 1;
  }

  async getPurpose(id: string): Promise<ConsentPurpose | null> {
    const r = this.db.prepare('SELECT * FROM consent_purposes WHERE id = ?').get(id) as PurposeRow | undefined;
    return r ? toPurpose(r) : null;
  }

  async listPurposes(): Promise<ConsentPurpose[]> {
    return (this.db.prepare('SELECT * FROM consent_purposes ORDER BY id LIMIT 500').all() as PurposeRow[]).map(toPurpose);
  }

  async deletePurpose(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM consent_purposes WHERE id = ?').run(id).changes === 1;
  }

  async record(d: ConsentDecision, events: DomainEvent[] = []): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare('INSERT INTO consent_decisions (user_id, purpose_id, version, granted, at, channel) VALUES (?, ?, ?, ?, ?, ?)')
          .run(d.userId, d.purposeId, d.version, d.granted ? 1 : 0, d.at.getTime(), d.channel);
        appendOutboxEvents(this.db, events);
      })
      .immediate();
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM consent_decisions WHERE user_id = ?').run(userId).changes;
  }

  async current(userId: string): Promise<ConsentDecision[]> {
    const rows = this.db
      .prepare(
        `SELECT d.* FROM consent_decisions d
         WHERE d.user_id = ? AND d.seq = (SELECT MAX(seq) FROM consent_decisions x WHERE x.user_id = d.user_id AND x.purpose_id = d.purpose_id)
         ORDER BY d.purpose_id`,
      )
      .all(userId) as DecisionRow[];
    return rows.map(toDecision);
  }

  async history(userId: string): Promise<ConsentDecision[]> {
    return (this.db.prepare('SELECT * FROM consent_decisions WHERE user_id = ? ORDER BY seq LIMIT 10000').all(userId) as DecisionRow[]).map(toDecision);
  }
}

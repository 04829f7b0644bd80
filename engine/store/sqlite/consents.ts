import type Database from 'better-sqlite3';
import type { ConsentDecision, ConsentPurpose, ConsentsRepo, ConsentTally, DomainEvent } from '../port.js';
import { appendOutboxEvents } from './outbox.js';
import { fromMs, json, parseJson } from './rows.js';

interface PurposeRow {
  id: string;
  name: string;
  text: string;
  version: number;
  required: number;
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
  required: r.required === 1,
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

/** A purpose with whether it is required (kept beside it; absent = not required). */
const SELECT_PURPOSES = 'SELECT p.*, COALESCE(s.required, 0) AS required FROM consent_purposes p LEFT JOIN consent_purpose_settings s ON s.purpose_id = p.id';

export class SqliteConsents implements ConsentsRepo {
  constructor(private readonly db: Database.Database) {}

  async insertPurpose(p: ConsentPurpose): Promise<boolean> {
    return this.db.transaction(() => {
      const r = this.db
        .prepare('INSERT INTO consent_purposes (id, name, text, version, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING')
        .run(p.id, json(p.name), json(p.text), p.version, p.updatedAt.getTime());
      if (r.changes !== 1) return false;
      this.setRequired(p.id, p.required === true);
      return true;
    }).immediate();
  }

  async replacePurpose(p: ConsentPurpose, expectedVersion: number): Promise<boolean> {
    return this.db.transaction(() => {
      const r = this.db
        .prepare('UPDATE consent_purposes SET name = ?, text = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?')
        .run(json(p.name), json(p.text), p.version, p.updatedAt.getTime(), p.id, expectedVersion);
      if (r.changes !== 1) return false;
      this.setRequired(p.id, p.required === true);
      return true;
    }).immediate();
  }

  private setRequired(id: string, required: boolean): void {
    this.db
      .prepare('INSERT INTO consent_purpose_settings (purpose_id, required) VALUES (?, ?) ON CONFLICT(purpose_id) DO UPDATE SET required = excluded.required')
      .run(id, required ? 1 : 0);
  }

  async getPurpose(id: string): Promise<ConsentPurpose | null> {
    const r = this.db.prepare(`${SELECT_PURPOSES} WHERE p.id = ?`).get(id) as PurposeRow | undefined;
    return r ? toPurpose(r) : null;
  }

  async listPurposes(): Promise<ConsentPurpose[]> {
    return (this.db.prepare(`${SELECT_PURPOSES} ORDER BY p.id LIMIT 500`).all() as PurposeRow[]).map(toPurpose);
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

  async decisionsFor(purposeId: string, limit: number): Promise<ConsentDecision[]> {
    return (this.db.prepare('SELECT * FROM consent_decisions WHERE purpose_id = ? ORDER BY at DESC, seq DESC LIMIT ?').all(purposeId, limit) as DecisionRow[]).map(toDecision);
  }

  async tally(purposeId: string): Promise<ConsentTally[]> {
    const rows = this.db
      .prepare('SELECT version, granted, COUNT(*) AS count FROM consent_decisions WHERE purpose_id = ? GROUP BY version, granted ORDER BY version, granted DESC')
      .all(purposeId) as Array<{ version: number; granted: number; count: number }>;
    return rows.map((r) => ({ version: r.version, granted: r.granted === 1, count: r.count }));
  }
}

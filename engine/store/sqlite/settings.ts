import type Database from 'better-sqlite3';
import type { SettingDoc, SettingsRepo } from '../port.js';
import { fromMs, json, parseJson } from './rows.js';

interface SettingRow {
  key: string;
  value: string;
  revision: number;
  updated_at: number;
  updated_by: string | null;
}

const toDoc = (r: SettingRow): SettingDoc => ({ key: r.key, value: parseJson(r.value), revision: r.revision, updatedAt: fromMs(r.updated_at), updatedBy: r.updated_by });

export class SqliteSettings implements SettingsRepo {
  constructor(private readonly db: Database.Database) {}

  async get(key: string): Promise<SettingDoc | null> {
    const r = this.db.prepare('SELECT * FROM settings WHERE key = ?').get(key) as SettingRow | undefined;
    return r ? toDoc(r) : null;
  }

  async list(prefix: string): Promise<SettingDoc[]> {
    // substr, not LIKE: a prefix holding % or _ means itself.
    const rows = this.db.prepare('SELECT * FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key LIMIT 1000').all(prefix.length, prefix) as SettingRow[];
    return rows.map(toDoc);
  }

  async put(key: string, value: Record<string, unknown>, expectedRevision: number, updatedBy: string | null): Promise<SettingDoc | null> {
    const at = Date.now();
    const changes =
      expectedRevision === 0
        ? this.db.prepare('INSERT INTO settings (key, value, revision, updated_at, updated_by) VALUES (?, ?, 1, ?, ?) ON CONFLICT(key) DO NOTHING').run(key, json(value), at, updatedBy).changes
        : this.db.prepare('UPDATE settings SET value = ?, revision = revision + 1, updated_at = ?, updated_by = ? WHERE key = ? AND revision = ?').run(json(value), at, updatedBy, key, expectedRevision).changes;
    return changes === 1 ? this.get(key) : null;
  }

  async delete(key: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM settings WHERE key = ?').run(key).changes === 1;
  }
}

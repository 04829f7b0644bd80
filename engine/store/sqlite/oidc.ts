import type Database from 'better-sqlite3';
import { isDeepStrictEqual } from 'node:util';
import type { OidcRepo } from '../port.js';
import { json, parseJson } from './rows.js';

interface ArtifactRow {
  payload: string;
  expires_at: number | null;
}

export class SqliteOidc implements OidcRepo {
  constructor(private readonly db: Database.Database) {}

  async upsert(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<void> {
    this.write(model, id, payload, expiresAt);
  }

  async replaceAll(model: string, records: Array<{ id: string; expected: Record<string, unknown>; payload: Record<string, unknown> }>): Promise<boolean> {
    return this.db.transaction(() => {
      const read = this.db.prepare('SELECT payload, expires_at FROM oidc_artifacts WHERE model = ? AND id = ?');
      if (!records.every(({ id, expected }) => isDeepStrictEqual(this.live(read.get(model, id) as ArtifactRow | undefined), expected))) return false;
      for (const { id, payload } of records) this.write(model, id, payload, null);
      return true;
    }).immediate();
  }

  private write(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): void {
    this.db
      .prepare(
        `INSERT INTO oidc_artifacts (model, id, payload, grant_id, uid, user_code, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
           user_code = excluded.user_code, expires_at = excluded.expires_at`,
      )
      .run(model, id, json(payload), str(payload.grantId), str(payload.uid), str(payload.userCode), expiresAt?.getTime() ?? null);
  }

  async create(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<boolean> {
    return this.db.transaction(() => {
      // An expired row that was not swept yet does not count.
      this.db.prepare('DELETE FROM oidc_artifacts WHERE model = ? AND id = ? AND expires_at IS NOT NULL AND expires_at <= ?').run(model, id, Date.now());
      const r = this.db
        .prepare(
          `INSERT INTO oidc_artifacts (model, id, payload, grant_id, uid, user_code, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(model, id) DO NOTHING`,
        )
        .run(model, id, json(payload), str(payload.grantId), str(payload.uid), str(payload.userCode), expiresAt?.getTime() ?? null);
      return r.changes === 1;
    }).immediate();
  }

  private live(row: ArtifactRow | undefined): Record<string, unknown> | null {
    if (!row || (row.expires_at != null && row.expires_at <= Date.now())) return null;
    return parseJson<Record<string, unknown>>(row.payload);
  }

  async find(model: string, id: string) {
    return this.live(this.db.prepare('SELECT payload, expires_at FROM oidc_artifacts WHERE model = ? AND id = ?').get(model, id) as ArtifactRow | undefined);
  }

  async findByUid(model: string, uid: string) {
    return this.live(this.db.prepare('SELECT payload, expires_at FROM oidc_artifacts WHERE model = ? AND uid = ?').get(model, uid) as ArtifactRow | undefined);
  }

  async findByUserCode(model: string, userCode: string) {
    return this.live(
      this.db.prepare('SELECT payload, expires_at FROM oidc_artifacts WHERE model = ? AND user_code = ?').get(model, userCode) as ArtifactRow | undefined,
    );
  }

  async consume(model: string, id: string, at: Date): Promise<boolean> {
    const r = this.db
      .prepare(
        `UPDATE oidc_artifacts SET payload = json_set(payload, '$.consumed', ?)
         WHERE model = ? AND id = ? AND json_extract(payload, '$.consumed') IS NULL`,
      )
      .run(Math.floor(at.getTime() / 1000), model, id);
    return r.changes === 1;
  }

  async destroy(model: string, id: string): Promise<void> {
    this.db.prepare('DELETE FROM oidc_artifacts WHERE model = ? AND id = ?').run(model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.db.prepare('DELETE FROM oidc_artifacts WHERE grant_id = ?').run(grantId);
  }

  async revokeByAccount(accountId: string, keepSessionIds: string[] = []): Promise<number> {
    return this.db
      .prepare(`DELETE FROM oidc_artifacts WHERE json_extract(payload, '$.accountId') = ? AND NOT (model = 'Session' AND id IN (SELECT value FROM json_each(?)))`)
      .run(accountId, JSON.stringify(keepSessionIds)).changes;
  }

  async revokeTokensByAccount(accountId: string): Promise<number> {
    return this.db
      .prepare(`DELETE FROM oidc_artifacts WHERE json_extract(payload, '$.accountId') = ? AND model IN ('AuthorizationCode', 'RefreshToken')`)
      .run(accountId).changes;
  }

  async deleteExpired(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM oidc_artifacts WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now.getTime()).changes;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { normaliseEmail, type Credential, type CredentialType, type CredentialsRepo, type NewCredential, type PasswordChange, type PasswordChanged } from '../port.js';
import { insertAuditEvent } from './audit.js';
import { fromMs, json, parseJson } from './rows.js';

interface CredentialRow {
  id: string;
  user_id: string;
  type: string;
  data: string;
  revision: number;
  created_at: number;
  updated_at: number;
}

const toCredential = (r: CredentialRow): Credential => ({
  id: r.id,
  userId: r.user_id,
  type: r.type,
  data: parseJson<Record<string, unknown>>(r.data),
  revision: r.revision,
  createdAt: fromMs(r.created_at),
  updatedAt: fromMs(r.updated_at),
});

export function insertCredential(db: Database.Database, userId: string, c: NewCredential, now: number): Credential {
  const row: CredentialRow = {
    id: randomUUID(),
    user_id: userId,
    type: c.type,
    data: json(c.data),
    revision: 0,
    created_at: now,
    updated_at: now,
  };
  db.prepare(
    'INSERT INTO credentials (id, user_id, type, data, revision, created_at, updated_at) VALUES (@id, @user_id, @type, @data, @revision, @created_at, @updated_at)',
  ).run(row);
  return toCredential(row);
}

export class SqliteCredentials implements CredentialsRepo {
  constructor(private readonly db: Database.Database) {}

  async listByUser(userId: string, type?: CredentialType): Promise<Credential[]> {
    const rows = (
      type
        ? this.db.prepare('SELECT * FROM credentials WHERE user_id = ? AND type = ? ORDER BY created_at').all(userId, type)
        : this.db.prepare('SELECT * FROM credentials WHERE user_id = ? ORDER BY created_at').all(userId)
    ) as CredentialRow[];
    return rows.map(toCredential);
  }

  async add(userId: string, credential: NewCredential): Promise<Credential> {
    return insertCredential(this.db, userId, credential, Date.now());
  }

  async updateData(id: string, data: Record<string, unknown>): Promise<void> {
    this.db.prepare('UPDATE credentials SET data = ?, revision = revision + 1, updated_at = ? WHERE id = ?').run(json(data), Date.now(), id);
  }

  async compareAndSetData(id: string, expectedRevision: number, data: Record<string, unknown>): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE credentials SET data = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?')
        .run(json(data), Date.now(), id, expectedRevision).changes === 1
    );
  }

  async remove(id: string): Promise<void> {
    this.db.prepare('DELETE FROM credentials WHERE id = ?').run(id);
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM credentials WHERE user_id = ?').run(userId).changes;
  }

  async replaceAll(userId: string, credential: NewCredential): Promise<Credential> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM credentials WHERE user_id = ? AND type = ?').run(userId, credential.type);
      return insertCredential(this.db, userId, credential, Date.now());
    }).immediate();
  }

  /** One immediate transaction (a savepoint within the group commit): a throw anywhere undoes every write. */
  async setPassword(change: PasswordChange): Promise<PasswordChanged | null> {
    const { userId, link } = change;
    return this.db.transaction((): PasswordChanged | null => {
      if (link && this.db.prepare('UPDATE one_time_codes SET live = 0 WHERE id = ? AND live = 1').run(link.codeId).changes !== 1) return null;
      const now = Date.now();
      const ended = (
        this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ? RETURNING id').all(userId, change.keepSession) as Array<{ id: string }>
      ).map((r) => r.id);
      this.db.prepare(`DELETE FROM oidc_artifacts WHERE json_extract(payload, '$.accountId') = ? AND model IN ('AuthorizationCode', 'RefreshToken')`).run(userId);
      this.db.prepare("DELETE FROM credentials WHERE user_id = ? AND type = 'password'").run(userId);
      insertCredential(this.db, userId, { type: 'password', data: { hash: change.hash } }, now);
      if (link?.verifyEmail != null) this.db.prepare('UPDATE users SET email_verified = 1, updated_at = ? WHERE id = ? AND email = ?').run(now, userId, normaliseEmail(link.verifyEmail));
      this.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(userId);
      const forget = this.db.prepare('DELETE FROM counters WHERE key = ?');
      for (const key of change.forgetCounters) forget.run(key);
      const audit = { id: randomUUID(), ...change.audit };
      insertAuditEvent(this.db, audit);
      return { endedSessions: ended, audit };
    }).immediate();
  }
}

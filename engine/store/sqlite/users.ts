import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  DuplicateError,
  normaliseEmail,
  type Attributes,
  type NewCredential,
  type NewUser,
  type User,
  type UsersRepo,
} from '../port.js';
import { fromMs, fromMsOrNull, isUniqueViolation, json, parseJson } from './rows.js';
import { insertCredential } from './credentials.js';

interface UserRow {
  id: string;
  email: string;
  email_verified: number;
  attributes: string;
  roles: string;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  emailVerified: r.email_verified === 1,
  attributes: parseJson<Attributes>(r.attributes),
  roles: parseJson<string[]>(r.roles),
  failedLogins: r.failed_logins,
  lockedUntil: fromMsOrNull(r.locked_until),
  createdAt: fromMs(r.created_at),
  updatedAt: fromMs(r.updated_at),
});

export class SqliteUsers implements UsersRepo {
  constructor(private readonly db: Database.Database) {}

  async create(user: NewUser, credential?: NewCredential, identity?: { provider: string; subject: string; email: string | null }): Promise<User> {
    const now = Date.now();
    const row: UserRow = {
      id: randomUUID(),
      email: normaliseEmail(user.email),
      email_verified: user.emailVerified ? 1 : 0,
      attributes: json(user.attributes ?? {}),
      roles: json(user.roles ?? []),
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    };
    try {
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO users (id, email, email_verified, attributes, roles, failed_logins, locked_until, created_at, updated_at)
             VALUES (@id, @email, @email_verified, @attributes, @roles, @failed_logins, @locked_until, @created_at, @updated_at)`,
          )
          .run(row);
        if (credential) insertCredential(this.db, row.id, credential, now);
        if (identity) {
          this.db
            .prepare('INSERT INTO identities (provider, subject, user_id, email, linked_at) VALUES (?, ?, ?, ?, ?)')
            .run(identity.provider, identity.subject, row.id, identity.email, now);
        }
      })();
    } catch (err) {
      if (isUniqueViolation(err) || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw String((err as Error).message).includes('identities') ? new DuplicateError('identity', 'provider account') : new DuplicateError('user', 'email');
      }
      throw err;
    }
    return toUser(row);
  }

  async findById(id: string): Promise<User | null> {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const r = this.db.prepare('SELECT * FROM users WHERE email = ?').get(normaliseEmail(email)) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  async updateAttributes(id: string, attributes: Attributes): Promise<User | null> {
    return this.db.transaction(() => {
      const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
      if (!r) return null;
      const merged = { ...parseJson<Attributes>(r.attributes), ...attributes };
      this.db
        .prepare('UPDATE users SET attributes = ?, updated_at = ? WHERE id = ?')
        .run(json(merged), Date.now(), id);
      return toUser(this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow);
    })();
  }

  async recordLoginFailure(id: string, now: Date, maxAttempts: number, lockMs: number): Promise<User | null> {
    // One UPDATE statement: the increment and the lock decision cannot interleave with another request.
    this.db
      .prepare(
        `UPDATE users SET
           locked_until = CASE WHEN failed_logins + 1 >= @max THEN @lockedUntil ELSE locked_until END,
           failed_logins = CASE WHEN failed_logins + 1 >= @max THEN 0 ELSE failed_logins + 1 END,
           updated_at = @now
         WHERE id = @id`,
      )
      .run({ id, max: maxAttempts, lockedUntil: now.getTime() + lockMs, now: now.getTime() });
    return this.findById(id);
  }

  async recordLoginSuccess(id: string): Promise<void> {
    this.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
  }

  async setRoles(id: string, roles: string[]): Promise<void> {
    this.db.prepare('UPDATE users SET roles = ?, updated_at = ? WHERE id = ?').run(json([...new Set(roles)]), Date.now(), id);
  }

  /** One transaction: the user and every row about them go together (dependents cascade or are deleted here). */
  async deleteCompletely(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const user = this.db.prepare('SELECT email FROM users WHERE id = ?').get(id) as { email: string } | undefined;
      if (user) this.db.prepare('DELETE FROM one_time_codes WHERE address = ?').run(user.email);
      this.db.prepare('DELETE FROM audit_events WHERE user_id = ?').run(id);
      this.db.prepare('DELETE FROM consent_decisions WHERE user_id = ?').run(id);
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
      this.db.prepare('DELETE FROM credentials WHERE user_id = ?').run(id);
      this.db.prepare('DELETE FROM identities WHERE user_id = ?').run(id);
      return this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes === 1;
    })();
  }

  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const r = this.db
      .prepare('UPDATE users SET email_verified = 1, updated_at = ? WHERE id = ? AND email = ?')
      .run(Date.now(), id, normaliseEmail(email));
    return r.changes === 1;
  }

  async changeEmail(id: string, email: string): Promise<User | null> {
    try {
      this.db.prepare('UPDATE users SET email = ?, email_verified = 1, updated_at = ? WHERE id = ?').run(normaliseEmail(email), Date.now(), id);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateError('user', 'email');
      throw err;
    }
    return this.findById(id);
  }

  async countWithRole(role: string): Promise<number> {
    const r = this.db
      .prepare('SELECT COUNT(*) AS n FROM users, json_each(users.roles) WHERE json_each.value = ?')
      .get(role) as { n: number };
    return r.n;
  }
}

import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  DuplicateError,
  normaliseEmail,
  type Attributes,
  type FirstIdentity,
  type DomainEvent,
  type Emits,
  type LoginAttempts,
  type NewCredential,
  type NewUser,
  type User,
  type UsersRepo,
  type UserSearch,
} from '../port.js';
import { fromMs, fromMsOrNull, isUniqueViolation, json, parseJson } from './rows.js';
import { insertCredential } from './credentials.js';
import { appendOutboxEvents } from './outbox.js';

interface UserRow {
  id: string;
  email: string;
  email_verified: number;
  attributes: string;
  roles: string;
  failed_logins: number;
  locked_until: number | null;
  language: string | null;
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
  language: r.language ?? null,
  createdAt: fromMs(r.created_at),
  updatedAt: fromMs(r.updated_at),
});

export class SqliteUsers implements UsersRepo {
  constructor(private readonly db: Database.Database) {}

  async create(user: NewUser, credential?: NewCredential, identity?: FirstIdentity, emits?: Emits<User>): Promise<User> {
    const now = Date.now();
    const row: UserRow = {
      id: randomUUID(),
      email: normaliseEmail(user.email),
      email_verified: user.emailVerified ? 1 : 0,
      attributes: json(user.attributes ?? {}),
      roles: json(user.roles ?? []),
      failed_logins: 0,
      locked_until: null,
      language: user.language ?? null,
      created_at: now,
      updated_at: now,
    };
    try {
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO users (id, email, email_verified, attributes, roles, failed_logins, locked_until, language, created_at, updated_at)
             VALUES (@id, @email, @email_verified, @attributes, @roles, @failed_logins, @locked_until, @language, @created_at, @updated_at)`,
          )
          .run(row);
        if (credential) insertCredential(this.db, row.id, credential, now);
        if (identity) {
          this.db
            .prepare('INSERT INTO identities (provider, subject, user_id, email, email_verified, linked_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(identity.provider, identity.subject, row.id, identity.email, identity.emailVerified ? 1 : 0, now);
        }
        if (emits) appendOutboxEvents(this.db, emits(toUser(row)));
      }).immediate();
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

  async findByIds(ids: readonly string[]): Promise<User[]> {
    if (!ids.length) return [];
    // One statement whatever the number of ids: they travel as one JSON array.
    const rows = this.db.prepare('SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...new Set(ids)])) as UserRow[];
    return rows.map(toUser);
  }

  async findByEmail(email: string): Promise<User | null> {
    const r = this.db.prepare('SELECT * FROM users WHERE email = ?').get(normaliseEmail(email)) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  async updateAttributes(id: string, attributes: Attributes, emits?: Emits<User>): Promise<User | null> {
    return this.db.transaction(() => {
      const r = setAttributes(this.db, id, attributes);
      if (!r) return null;
      const updated = toUser(r);
      if (emits) appendOutboxEvents(this.db, emits(updated));
      return updated;
    }).immediate();
  }

  async reserveLoginAttempt(id: string, now: Date): Promise<LoginAttempts | null> {
    // One UPDATE ... RETURNING: the increment and the answer cannot interleave with another request.
    const row = this.db
      .prepare(
        `UPDATE users SET
           failed_logins = CASE WHEN locked_until > @now THEN failed_logins WHEN locked_until IS NOT NULL THEN 1 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN locked_until > @now THEN locked_until ELSE NULL END
         WHERE id = @id RETURNING failed_logins, locked_until`,
      )
      .get({ id, now: now.getTime() }) as { failed_logins: number; locked_until: number | null } | undefined;
    return row ? { attempts: row.failed_logins, lockedUntil: fromMsOrNull(row.locked_until) } : null;
  }

  async lockLogin(id: string, until: Date): Promise<void> {
    this.db
      .prepare('UPDATE users SET locked_until = MAX(COALESCE(locked_until, 0), @until), updated_at = @at WHERE id = @id')
      .run({ id, until: until.getTime(), at: Date.now() });
  }

  async recordLoginSuccess(id: string, now: Date): Promise<void> {
    this.db
      .prepare('UPDATE users SET failed_logins = 0, locked_until = CASE WHEN locked_until > @now THEN locked_until ELSE NULL END WHERE id = @id')
      .run({ id, now: now.getTime() });
  }

  async unlockLogin(id: string): Promise<void> {
    this.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
  }

  async setRoles(id: string, roles: string[]): Promise<void> {
    this.db.prepare('UPDATE users SET roles = ?, updated_at = ? WHERE id = ?').run(json([...new Set(roles)]), Date.now(), id);
  }

  async setLanguage(id: string, language: string): Promise<void> {
    this.db.prepare('UPDATE users SET language = ? WHERE id = ?').run(language, id);
  }

  async delete(id: string, events: DomainEvent[] = []): Promise<boolean> {
    return this.db
      .transaction(() => {
        const deleted = this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes === 1;
        if (deleted) appendOutboxEvents(this.db, events);
        return deleted;
      })
      .immediate();
  }

  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const r = this.db
      .prepare('UPDATE users SET email_verified = 1, updated_at = ? WHERE id = ? AND email = ?')
      .run(Date.now(), id, normaliseEmail(email));
    return r.changes === 1;
  }

  async changeEmail(id: string, email: string, emits?: Emits<User>): Promise<User | null> {
    try {
      return this.db
        .transaction(() => {
          this.db.prepare('UPDATE users SET email = ?, email_verified = 1, updated_at = ? WHERE id = ?').run(normaliseEmail(email), Date.now(), id);
          const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
          if (!r) return null;
          const updated = toUser(r);
          if (emits) appendOutboxEvents(this.db, emits(updated));
          return updated;
        })
        .immediate();
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateError('user', 'email');
      throw err;
    }
  }

  async countWithRole(role: string): Promise<number> {
    const r = this.db
      .prepare('SELECT COUNT(*) AS n FROM users, json_each(users.roles) WHERE json_each.value = ?')
      .get(role) as { n: number };
    return r.n;
  }

  async listWithRole(role: string, limit: number): Promise<User[]> {
    const rows = this.db
      .prepare('SELECT users.* FROM users WHERE EXISTS (SELECT 1 FROM json_each(users.roles) WHERE json_each.value = ?) ORDER BY email LIMIT ?')
      .all(role, limit) as UserRow[];
    return rows.map(toUser);
  }

  async search(filter: UserSearch): Promise<User[]> {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: filter.limit };
    if (filter.text) {
      // LIKE with the wildcards of the typed text escaped: a "%" typed matches a "%", nothing more.
      args.text = filter.text;
      args.like = `%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        `(id = @text OR email LIKE @like ESCAPE '\\' OR lower(json_extract(attributes, '$.given_name')) LIKE @like ESCAPE '\\' OR lower(json_extract(attributes, '$.family_name')) LIKE @like ESCAPE '\\')`,
      );
    }
    if (filter.after !== undefined) {
      args.after = filter.after;
      where.push('email > @after');
    }
    const rows = this.db
      .prepare(`SELECT * FROM users ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY email LIMIT @limit`)
      .all(args) as UserRow[];
    return rows.map(toUser);
  }
}

/**
 * Sets the given attributes, keeping the others, and answers the updated row: one statement
 * (`json_set` on each attribute's path, `RETURNING`) when every key is a plain name (as the identity
 * schema's are) and every value JSON; otherwise read, merged and written back.
 */
const PLAIN_KEY = /^[A-Za-z0-9_.:-]+$/;
function setAttributes(db: Database.Database, id: string, attributes: Attributes): UserRow | undefined {
  const entries = Object.entries(attributes).map(([key, value]) => [key, JSON.stringify(value)] as const);
  if (entries.length && entries.every(([key, value]) => PLAIN_KEY.test(key) && value !== undefined)) {
    const sets = entries.map(() => ', ?, json(?)').join('');
    return db
      .prepare(`UPDATE users SET attributes = json_set(attributes${sets}), updated_at = ? WHERE id = ? RETURNING *`)
      .get(...entries.flatMap(([key, value]) => [`$."${key}"`, value]), Date.now(), id) as UserRow | undefined;
  }
  const r = db.prepare('SELECT attributes FROM users WHERE id = ?').get(id) as Pick<UserRow, 'attributes'> | undefined;
  if (!r) return undefined;
  const merged = { ...parseJson<Attributes>(r.attributes), ...attributes };
  return db.prepare('UPDATE users SET attributes = ?, updated_at = ? WHERE id = ? RETURNING *').get(json(merged), Date.now(), id) as UserRow | undefined;
}

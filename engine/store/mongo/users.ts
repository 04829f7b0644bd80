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
import { isDuplicateKey, type Models, type UserDoc } from './models.js';

const toUser = (d: UserDoc): User => ({
  id: d._id,
  email: d.email,
  emailVerified: d.emailVerified,
  attributes: d.attributes ?? {},
  roles: d.roles ?? [],
  failedLogins: d.failedLogins,
  lockedUntil: d.lockedUntil ?? null,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export class MongoUsers implements UsersRepo {
  constructor(private readonly m: Models) {}

  /**
   * A standalone MongoDB has no multi-document transactions, so the user and their first credential
   * are written in an order that never exposes half a record: the credential first (invisible, since
   * no user has its id yet), then the user document, which makes both visible at once. If the user
   * insert fails (duplicate email) the credential is deleted again; a crash in between leaves only an
   * unreachable credential, never a user without one.
   */
  async create(user: NewUser, credential?: NewCredential, identity?: { provider: string; subject: string; email: string | null }): Promise<User> {
    const now = new Date();
    const id = randomUUID();
    const credentialId = credential ? randomUUID() : null;
    if (identity) {
      // The unique (provider, subject) index refuses a second account for the same provider login.
      try {
        await this.m.identities.create({ _id: randomUUID(), ...identity, userId: id, linkedAt: now });
      } catch (err) {
        if (isDuplicateKey(err)) throw new DuplicateError('identity', 'provider account');
        throw err;
      }
    }
    if (credential && credentialId) {
      await this.m.credentials.create({ _id: credentialId, userId: id, type: credential.type, data: credential.data, createdAt: now, updatedAt: now });
    }
    const doc: UserDoc = {
      _id: id,
      email: normaliseEmail(user.email),
      emailVerified: Boolean(user.emailVerified),
      attributes: user.attributes ?? {},
      roles: user.roles ?? [],
      failedLogins: 0,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.m.users.create(doc);
    } catch (err) {
      if (credentialId) await this.m.credentials.deleteOne({ _id: credentialId });
      if (identity) await this.m.identities.deleteMany({ userId: id });
      if (isDuplicateKey(err)) throw new DuplicateError('user', 'email');
      throw err;
    }
    return toUser(doc);
  }

  async findById(id: string): Promise<User | null> {
    const d = await this.m.users.findById(id).lean<UserDoc>();
    return d ? toUser(d) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const d = await this.m.users.findOne({ email: normaliseEmail(email) }).lean<UserDoc>();
    return d ? toUser(d) : null;
  }

  async updateAttributes(id: string, attributes: Attributes): Promise<User | null> {
    // One $set per attribute: concurrent updates of different attributes do not overwrite each other.
    const set: Record<string, unknown> = { updatedAt: new Date() };
    for (const [k, v] of Object.entries(attributes)) set[`attributes.${k}`] = v;
    const d = await this.m.users.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<UserDoc>();
    return d ? toUser(d) : null;
  }

  /** One pipeline update: the increment and the lock decision are a single atomic document write. */
  async recordLoginFailure(id: string, now: Date, maxAttempts: number, lockMs: number): Promise<User | null> {
    const reached = { $gte: [{ $add: ['$failedLogins', 1] }, maxAttempts] };
    const d = await this.m.users
      .findOneAndUpdate(
        { _id: id },
        [
          {
            $set: {
              lockedUntil: { $cond: [reached, new Date(now.getTime() + lockMs), '$lockedUntil'] },
              failedLogins: { $cond: [reached, 0, { $add: ['$failedLogins', 1] }] },
              updatedAt: now,
            },
          },
        ],
        { returnDocument: 'after', updatePipeline: true },
      )
      .lean<UserDoc>();
    return d ? toUser(d) : null;
  }

  async recordLoginSuccess(id: string): Promise<void> {
    await this.m.users.updateOne({ _id: id }, { $set: { failedLogins: 0, lockedUntil: null } });
  }

  async setRoles(id: string, roles: string[]): Promise<void> {
    await this.m.users.updateOne({ _id: id }, { $set: { roles: [...new Set(roles)], updatedAt: new Date() } });
  }

  /**
   * No transactions on a standalone server, so the order makes it safe: the user document goes first
   * (from then on nobody can sign in as them and nothing refers to a live account), then everything
   * about them. Re-running it finishes an interrupted deletion.
   */
  async deleteCompletely(id: string): Promise<boolean> {
    const user = await this.m.users.findById(id, { email: 1 }).lean<UserDoc>();
    const deleted = (await this.m.users.deleteOne({ _id: id })).deletedCount === 1;
    if (user) await this.m.codes.deleteMany({ address: user.email });
    await Promise.all([
      this.m.credentials.deleteMany({ userId: id }),
      this.m.sessions.deleteMany({ userId: id }),
      this.m.decisions.deleteMany({ userId: id }),
      this.m.audit.deleteMany({ userId: id }),
      this.m.identities.deleteMany({ userId: id }),
    ]);
    return deleted;
  }

  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const r = await this.m.users.updateOne({ _id: id, email: normaliseEmail(email) }, { $set: { emailVerified: true, updatedAt: new Date() } });
    return r.modifiedCount === 1 || r.matchedCount === 1;
  }

  async changeEmail(id: string, email: string): Promise<User | null> {
    try {
      const d = await this.m.users
        .findOneAndUpdate({ _id: id }, { $set: { email: normaliseEmail(email), emailVerified: true, updatedAt: new Date() } }, { returnDocument: 'after' })
        .lean<UserDoc>();
      return d ? toUser(d) : null;
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateError('user', 'email');
      throw err;
    }
  }

  async countWithRole(role: string): Promise<number> {
    return this.m.users.countDocuments({ roles: role });
  }
}

import { randomUUID } from 'node:crypto';
import {
  type FirstIdentity,
  DuplicateError,
  normaliseEmail,
  type Attributes,
  type DomainEvent,
  type Emits,
  type LoginAttempts,
  type NewCredential,
  type NewUser,
  type User,
  type UsersRepo,
  type UserSearch,
} from '../port.js';
import { isDuplicateKey, type Models, type UserDoc } from './models.js';
import { separateWrites, type AtomicWrites } from './atomic.js';
import { appendOutboxEvents } from './outbox.js';

const toUser = (d: UserDoc): User => ({
  id: d._id,
  email: d.email,
  emailVerified: d.emailVerified,
  attributes: d.attributes ?? {},
  roles: d.roles ?? [],
  failedLogins: d.failedLogins,
  lockedUntil: d.lockedUntil ?? null,
  language: d.language ?? null,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/** A new account's document: no failed sign-ins, not locked. */
const newUserDoc = (id: string, user: NewUser, now: Date): UserDoc => ({
  _id: id,
  email: normaliseEmail(user.email),
  emailVerified: Boolean(user.emailVerified),
  attributes: user.attributes ?? {},
  roles: user.roles ?? [],
  failedLogins: 0,
  lockedUntil: null,
  language: user.language ?? null,
  createdAt: now,
  updatedAt: now,
});

export class MongoUsers implements UsersRepo {
  constructor(
    private readonly m: Models,
    private readonly atomic: AtomicWrites = separateWrites,
  ) {}

  /**
   * The user, their first credential and their first linked identity: one transaction on a replica set.
   * A standalone MongoDB has no multi-document transactions, so there they are written in an order that
   * never exposes half a record: the credential first (invisible, since no user has its id yet), then
   * the user document, which makes both visible at once. If the user insert fails (duplicate email) the
   * credential is deleted again; a crash in between leaves only an unreachable credential, never a user
   * without one.
   */
  async create(user: NewUser, credential?: NewCredential, identity?: FirstIdentity, emits?: Emits<User>): Promise<User> {
    if (this.atomic.transactions) return this.createInTransaction(user, credential, identity, emits);
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
      await this.m.credentials.create({ _id: credentialId, userId: id, type: credential.type, data: credential.data, revision: 0, createdAt: now, updatedAt: now });
    }
    const doc = newUserDoc(id, user, now);
    try {
      await this.m.users.create(doc);
    } catch (err) {
      if (credentialId) await this.m.credentials.deleteOne({ _id: credentialId });
      if (identity) await this.m.identities.deleteMany({ userId: id });
      if (isDuplicateKey(err)) throw new DuplicateError('user', 'email');
      throw err;
    }
    const created = toUser(doc);
    if (emits) await appendOutboxEvents(this.m, emits(created));
    return created;
  }

  private async createInTransaction(user: NewUser, credential?: NewCredential, identity?: FirstIdentity, emits?: Emits<User>): Promise<User> {
    const now = new Date();
    const doc = newUserDoc(randomUUID(), user, now);
    try {
      await this.atomic.run(async (session) => {
        await this.m.users.create([doc], { session });
        if (credential) {
          await this.m.credentials.create([{ _id: randomUUID(), userId: doc._id, type: credential.type, data: credential.data, revision: 0, createdAt: now, updatedAt: now }], { session });
        }
        if (identity) await this.m.identities.create([{ _id: randomUUID(), ...identity, userId: doc._id, linkedAt: now }], { session });
        if (emits) await appendOutboxEvents(this.m, emits(toUser(doc)), session);
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw String((err as Error).message).includes('identities') ? new DuplicateError('identity', 'provider account') : new DuplicateError('user', 'email');
      throw err;
    }
    return toUser(doc);
  }

  async findById(id: string): Promise<User | null> {
    const d = await this.m.users.findById(id).lean<UserDoc>();
    return d ? toUser(d) : null;
  }

  async findByIds(ids: readonly string[]): Promise<User[]> {
    if (!ids.length) return [];
    const docs = await this.m.users.find({ _id: { $in: [...new Set(ids)] } }).lean<UserDoc[]>();
    return docs.map(toUser);
  }

  async findByEmail(email: string): Promise<User | null> {
    const d = await this.m.users.findOne({ email: normaliseEmail(email) }).lean<UserDoc>();
    return d ? toUser(d) : null;
  }

  async updateAttributes(id: string, attributes: Attributes, emits?: Emits<User>): Promise<User | null> {
    // One $set per attribute: concurrent updates of different attributes do not overwrite each other.
    const set: Record<string, unknown> = { updatedAt: new Date() };
    for (const [k, v] of Object.entries(attributes)) set[`attributes.${k}`] = v;
    return this.atomic.run(async (session) => {
      const d = await this.m.users.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after', session }).lean<UserDoc>();
      if (!d) return null;
      const updated = toUser(d);
      if (emits) await appendOutboxEvents(this.m, emits(updated), session);
      return updated;
    });
  }

  /** One pipeline update: the increment and the answer are a single atomic document write. */
  async reserveLoginAttempt(id: string, now: Date): Promise<LoginAttempts | null> {
    const locked = { $gt: ['$lockedUntil', now] };
    const d = await this.m.users
      .findOneAndUpdate(
        { _id: id },
        [
          {
            $set: {
              failedLogins: { $cond: [locked, '$failedLogins', { $cond: [{ $eq: [{ $ifNull: ['$lockedUntil', null] }, null] }, { $add: ['$failedLogins', 1] }, 1] }] },
              lockedUntil: { $cond: [locked, '$lockedUntil', null] },
            },
          },
        ],
        { returnDocument: 'after', updatePipeline: true },
      )
      .lean<UserDoc>();
    return d ? { attempts: d.failedLogins, lockedUntil: d.lockedUntil ?? null } : null;
  }

  async lockLogin(id: string, until: Date): Promise<void> {
    await this.m.users.updateOne(
      { _id: id, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: until } }] },
      { $set: { lockedUntil: until, updatedAt: new Date() } },
    );
  }

  async recordLoginSuccess(id: string, now: Date): Promise<void> {
    await this.m.users.updateOne({ _id: id }, [
      { $set: { failedLogins: 0, lockedUntil: { $cond: [{ $gt: ['$lockedUntil', now] }, '$lockedUntil', null] } } },
    ], { updatePipeline: true });
  }

  async unlockLogin(id: string): Promise<void> {
    await this.m.users.updateOne({ _id: id }, { $set: { failedLogins: 0, lockedUntil: null } });
  }

  async setRoles(id: string, roles: string[]): Promise<void> {
    await this.m.users.updateOne({ _id: id }, { $set: { roles: [...new Set(roles)], updatedAt: new Date() } });
  }

  async setLanguage(id: string, language: string): Promise<void> {
    await this.m.users.updateOne({ _id: id }, { $set: { language } });
  }

  async delete(id: string, events: DomainEvent[] = []): Promise<boolean> {
    return this.atomic.run(async (session) => {
      const deleted = (await this.m.users.deleteOne({ _id: id }, { session })).deletedCount === 1;
      if (deleted) await appendOutboxEvents(this.m, events, session);
      return deleted;
    });
  }

  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const r = await this.m.users.updateOne({ _id: id, email: normaliseEmail(email) }, { $set: { emailVerified: true, updatedAt: new Date() } });
    return r.modifiedCount === 1 || r.matchedCount === 1;
  }

  async changeEmail(id: string, email: string, emits?: Emits<User>): Promise<User | null> {
    try {
      const d = await this.m.users
        .findOneAndUpdate({ _id: id }, { $set: { email: normaliseEmail(email), emailVerified: true, updatedAt: new Date() } }, { returnDocument: 'after' })
        .lean<UserDoc>();
      if (!d) return null;
      const updated = toUser(d);
      if (emits) await appendOutboxEvents(this.m, emits(updated));
      return updated;
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateError('user', 'email');
      throw err;
    }
  }

  async countWithRole(role: string): Promise<number> {
    return this.m.users.countDocuments({ roles: role });
  }

  async listWithRole(role: string, limit: number): Promise<User[]> {
    const docs = await this.m.users.find({ roles: role }).sort({ email: 1 }).limit(limit).lean<UserDoc[]>();
    return docs.map(toUser);
  }

  async search(filter: UserSearch): Promise<User[]> {
    const query: Record<string, unknown> = {};
    if (filter.text) {
      // The typed text is matched literally: regular-expression characters are escaped.
      const contains = { $regex: filter.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
      query.$or = [{ _id: filter.text }, { email: contains }, { 'attributes.given_name': contains }, { 'attributes.family_name': contains }];
    }
    if (filter.after !== undefined) query.email = { $gt: filter.after };
    const docs = await this.m.users.find(query).sort({ email: 1 }).limit(filter.limit).lean<UserDoc[]>();
    return docs.map(toUser);
  }
}

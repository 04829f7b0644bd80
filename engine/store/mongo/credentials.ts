import { randomUUID } from 'node:crypto';
import { normaliseEmail, type Credential, type CredentialType, type CredentialsRepo, type NewCredential, type PasswordChange, type PasswordChanged } from '../port.js';
import type { CredentialDoc, Models } from './models.js';
import { separateWrites, type AtomicWrites } from './atomic.js';

const toCredential = (d: CredentialDoc): Credential => ({
  id: d._id,
  userId: d.userId,
  type: d.type,
  data: d.data ?? {},
  revision: d.revision ?? 0,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export class MongoCredentials implements CredentialsRepo {
  constructor(
    private readonly m: Models,
    private readonly atomic: AtomicWrites = separateWrites,
  ) {}

  async listByUser(userId: string, type?: CredentialType): Promise<Credential[]> {
    const docs = await this.m.credentials
      .find(type ? { userId, type } : { userId })
      .sort({ createdAt: 1 })
      .limit(1000)
      .lean<CredentialDoc[]>();
    return docs.map(toCredential);
  }

  async add(userId: string, credential: NewCredential): Promise<Credential> {
    const now = new Date();
    const doc: CredentialDoc = { _id: randomUUID(), userId, type: credential.type, data: credential.data, revision: 0, createdAt: now, updatedAt: now };
    await this.m.credentials.create(doc);
    return toCredential(doc);
  }

  async updateData(id: string, data: Record<string, unknown>): Promise<void> {
    await this.m.credentials.updateOne({ _id: id }, { $set: { data, updatedAt: new Date() }, $inc: { revision: 1 } });
  }

  /** Conditional on the revision (a credential written before revisions existed counts as 0). */
  async compareAndSetData(id: string, expectedRevision: number, data: Record<string, unknown>): Promise<boolean> {
    const revision = expectedRevision === 0 ? { $in: [0, null] } : expectedRevision;
    const r = await this.m.credentials.updateOne({ _id: id, revision }, { $set: { data, revision: expectedRevision + 1, updatedAt: new Date() } });
    return r.modifiedCount === 1;
  }

  async deleteByUser(userId: string): Promise<number> {
    return (await this.m.credentials.deleteMany({ userId })).deletedCount;
  }

  async remove(id: string): Promise<void> {
    await this.m.credentials.deleteOne({ _id: id });
  }

  /**
   * One transaction where the deployment has them. Without: the new credential is written before the
   * old ones go, so the user always has one; an interrupted replacement leaves both, and re-running it
   * removes the old.
   */
  async replaceAll(userId: string, credential: NewCredential): Promise<Credential> {
    return this.atomic.run(async (session) => {
      const now = new Date();
      const doc: CredentialDoc = { _id: randomUUID(), userId, type: credential.type, data: credential.data, revision: 0, createdAt: now, updatedAt: now };
      await this.m.credentials.create([doc], { session });
      await this.m.credentials.deleteMany({ userId, type: credential.type, _id: { $ne: doc._id } }, { session });
      return toCredential(doc);
    });
  }

  /**
   * One transaction where the deployment has them (an error midway aborts it: nothing written, the
   * old password and sessions as they were, a link still live). Without: the code is consumed first
   * (only one request goes on), then the sessions and tokens end, then the new password is written
   * before the old one goes, then the rest; a failure midway leaves a link spent and may leave the
   * person signed out with their old password, never a new password beside the old sessions.
   */
  async setPassword(change: PasswordChange): Promise<PasswordChanged | null> {
    const { userId, link } = change;
    return this.atomic.run(async (session) => {
      if (link) {
        const consumed = await this.m.codes.updateOne({ _id: link.codeId, live: true }, { $set: { live: false } }, { session });
        if (consumed.modifiedCount !== 1) return null;
      }
      const ending = { userId, ...(change.keepSession !== null ? { _id: { $ne: change.keepSession } } : {}) };
      const ended = (await this.m.sessions.find(ending, { _id: 1 }, { session }).lean<Array<{ _id: string }>>()).map((s) => s._id);
      await this.m.sessions.deleteMany(ending, { session });
      await this.m.oidc.deleteMany({ 'payload.accountId': userId, model: { $in: ['AuthorizationCode', 'RefreshToken'] } }, { session });
      const now = new Date();
      const doc: CredentialDoc = { _id: randomUUID(), userId, type: 'password', data: { hash: change.hash }, revision: 0, createdAt: now, updatedAt: now };
      await this.m.credentials.create([doc], { session });
      await this.m.credentials.deleteMany({ userId, type: 'password', _id: { $ne: doc._id } }, { session });
      if (link?.verifyEmail != null) await this.m.users.updateOne({ _id: userId, email: normaliseEmail(link.verifyEmail) }, { $set: { emailVerified: true, updatedAt: now } }, { session });
      await this.m.users.updateOne({ _id: userId }, { $set: { failedLogins: 0, lockedUntil: null } }, { session });
      if (change.forgetCounters.length) await this.m.counters.deleteMany({ _id: { $in: change.forgetCounters } }, { session });
      const audit = { id: randomUUID(), ...change.audit };
      await this.m.audit.create([{ _id: audit.id, ...change.audit }], { session });
      return { endedSessions: ended, audit };
    });
  }
}

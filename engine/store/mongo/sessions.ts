import type { Session, SessionsRepo } from '../port.js';
import type { Models, SessionDoc } from './models.js';

const toSession = (d: SessionDoc): Session => ({
  id: d._id,
  userId: d.userId,
  amr: d.amr ?? [],
  proofs: (d.proofs ?? []).map((p) => ({ method: p.method, at: p.at })),
  createdAt: d.createdAt,
  lastSeenAt: d.lastSeenAt,
  expiresAt: d.expiresAt,
  userAgent: d.userAgent ?? null,
  ip: d.ip ?? null,
});

export class MongoSessions implements SessionsRepo {
  constructor(private readonly m: Models) {}

  async create(s: Session): Promise<void> {
    const { id, ...rest } = s;
    await this.m.sessions.create({ _id: id, ...rest });
  }

  async get(id: string): Promise<Session | null> {
    const d = await this.m.sessions.findById(id).lean<SessionDoc>();
    return d ? toSession(d) : null;
  }

  async setProofs(id: string, amr: string[], proofs: Session['proofs']): Promise<void> {
    await this.m.sessions.updateOne({ _id: id }, { $set: { amr, proofs: proofs.map((p) => ({ method: p.method, at: p.at })) } });
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.m.sessions.updateOne({ _id: id }, { $set: { lastSeenAt: now } });
  }

  async listByUser(userId: string): Promise<Session[]> {
    const docs = await this.m.sessions.find({ userId }).sort({ createdAt: -1 }).limit(500).lean<SessionDoc[]>();
    return docs.map(toSession);
  }

  async delete(id: string): Promise<void> {
    await this.m.sessions.deleteOne({ _id: id });
  }

  async deleteByUser(userId: string): Promise<number> {
    return (await this.m.sessions.deleteMany({ userId })).deletedCount;
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.m.sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}

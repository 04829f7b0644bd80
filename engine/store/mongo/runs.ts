import type { AuditEvent, AuditRepo, Run, RunsRepo, Session, SessionsRepo } from '../port.js';
import { randomUUID } from 'node:crypto';
import type { AuditDoc, Models, RunDoc, SessionDoc } from './models.js';

const toRun = (d: RunDoc): Run => ({
  id: d._id,
  flowId: d.flowId,
  flowVersion: d.flowVersion,
  graph: d.graph ?? null,
  snapshot: d.snapshot,
  revision: d.revision,
  browserHash: d.browserHash,
  origin: d.origin,
  status: d.status,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  expiresAt: d.expiresAt,
});

export class MongoRuns implements RunsRepo {
  constructor(private readonly m: Models) {}

  async create(run: Run): Promise<void> {
    const { id, ...rest } = run;
    await this.m.runs.create({ _id: id, ...rest });
  }

  async get(id: string): Promise<Run | null> {
    const d = await this.m.runs.findById(id).lean<RunDoc>();
    return d ? toRun(d) : null;
  }

  /** Conditional on the revision: of two racing steps only one matches, the other gets false. */
  async update(id: string, expectedRevision: number, next: Pick<Run, 'snapshot' | 'status' | 'updatedAt' | 'expiresAt'>): Promise<boolean> {
    const result = await this.m.runs.updateOne(
      { _id: id, revision: expectedRevision },
      { $set: { snapshot: next.snapshot, status: next.status, updatedAt: next.updatedAt, expiresAt: next.expiresAt }, $inc: { revision: 1 } },
    );
    return result.modifiedCount === 1;
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.m.runs.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}

const toSession = (d: SessionDoc): Session => ({
  id: d._id,
  userId: d.userId,
  amr: d.amr ?? [],
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

const toEvent = (d: AuditDoc): AuditEvent => ({
  id: d._id,
  at: d.at,
  type: d.type,
  userId: d.userId ?? null,
  actor: d.actor ?? null,
  ip: d.ip ?? null,
  details: d.details ?? {},
});

export class MongoAudit implements AuditRepo {
  constructor(private readonly m: Models) {}

  async record(event: Omit<AuditEvent, 'id'>): Promise<AuditEvent> {
    const full: AuditEvent = { id: randomUUID(), ...event };
    const { id, ...rest } = full;
    await this.m.audit.create({ _id: id, ...rest });
    return full;
  }

  async list(filter: { userId?: string; type?: string; before?: Date; limit: number }): Promise<AuditEvent[]> {
    const query: Record<string, unknown> = {};
    if (filter.userId) query.userId = filter.userId;
    if (filter.type) query.type = filter.type;
    if (filter.before) query.at = { $lt: filter.before };
    const docs = await this.m.audit
      .find(query)
      .sort({ at: -1, _id: -1 })
      .limit(Math.min(Math.max(filter.limit, 1), 1000))
      .lean<AuditDoc[]>();
    return docs.map(toEvent);
  }
}

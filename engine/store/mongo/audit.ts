import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditFilter, AuditRepo, DomainEvent } from '../port.js';
import { appendOutboxEvents } from './outbox.js';
import type { AuditDoc, Models } from './models.js';

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

  async record(event: Omit<AuditEvent, 'id'>, events: DomainEvent[] = []): Promise<AuditEvent> {
    const full: AuditEvent = { id: randomUUID(), ...event };
    const { id, ...rest } = full;
    await this.m.audit.create({ _id: id, ...rest });
    await appendOutboxEvents(this.m, events);
    return full;
  }

  async deleteByUser(userId: string): Promise<number> {
    return (await this.m.audit.deleteMany({ userId })).deletedCount;
  }

  async list(filter: AuditFilter): Promise<AuditEvent[]> {
    const query: Record<string, unknown> = {};
    if (filter.userId) query.userId = filter.userId;
    if (filter.type) query.type = filter.type;
    if (filter.appId) query['details.appId'] = filter.appId;
    const at: Record<string, Date> = {};
    if (filter.from) at.$gte = filter.from;
    if (filter.before && filter.beforeId) query.$or = [{ at: { $lt: filter.before } }, { at: filter.before, _id: { $lt: filter.beforeId } }];
    else if (filter.before) at.$lt = filter.before;
    if (Object.keys(at).length) query.at = at;
    const docs = await this.m.audit
      .find(query)
      .sort({ at: -1, _id: -1 })
      .limit(Math.min(Math.max(filter.limit, 1), 1000))
      .lean<AuditDoc[]>();
    return docs.map(toEvent);
  }
}

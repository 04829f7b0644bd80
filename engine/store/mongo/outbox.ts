import type { ClientSession } from 'mongoose';
import type { AttemptResult, DeliveryState, DomainEvent, OutboxRepo, WebhookDelivery, WebhookEndpoint } from '../port.js';
import { isDuplicateKey, type Models, type OutboxEventDoc, type WebhookDeliveryDoc, type WebhookEndpointDoc } from './models.js';

const toEvent = (d: OutboxEventDoc): DomainEvent => ({ id: d._id, type: d.type, at: d.at, userId: d.userId ?? null, data: d.data ?? {} });
const toEndpoint = ({ _id, previousSealedSecret, previousSecretUntil, ...rest }: WebhookEndpointDoc): WebhookEndpoint => ({
  id: _id,
  ...rest,
  attributes: rest.attributes ?? [],
  previousSecret: previousSealedSecret && previousSecretUntil ? { sealed: previousSealedSecret, until: previousSecretUntil } : null,
});
const toDelivery = ({ _id, ...rest }: WebhookDeliveryDoc): WebhookDelivery => ({
  id: _id,
  ...rest,
  leasedUntil: rest.leasedUntil ?? null,
  lastStatus: rest.lastStatus ?? null,
  lastError: rest.lastError ?? null,
  deliveredAt: rest.deliveredAt ?? null,
});

/**
 * Appends domain events with the change they describe: inside its transaction (`session`) on a
 * replica set. A standalone MongoDB has no transactions: there this is a second write right after the
 * change, and a crash between the two loses the events (never the change).
 */
let written = 0;
/** Orders events by when they were written: milliseconds, then this process's count within one. */
const nextSeq = () => Date.now() * 1000 + (written++ % 1000);

export async function appendOutboxEvents(m: Models, events: DomainEvent[], session?: ClientSession): Promise<void> {
  if (!events.length) return;
  try {
    await m.outboxEvents.insertMany(
      events.map(({ id, ...e }) => ({ _id: id, ...e, seq: nextSeq(), dispatched: false })),
      { ordered: false, session },
    );
  } catch (err) {
    // Written already (a retried write): the event ids are unique.
    if (!isDuplicateKey(err)) throw err;
  }
}

/** Deliveries are leased one by one with a conditional update: racing workers never share one. */
export class MongoOutbox implements OutboxRepo {
  constructor(private readonly m: Models) {}

  append(events: DomainEvent[]): Promise<void> {
    return appendOutboxEvents(this.m, events);
  }

  async undispatched(limit: number): Promise<DomainEvent[]> {
    const docs = await this.m.outboxEvents.find({ dispatched: false }).sort({ seq: 1 }).limit(limit).lean<OutboxEventDoc[]>();
    return docs.map(toEvent);
  }

  /** The deliveries first (their ids make a second run insert nothing), then the event is marked. */
  async dispatch(eventId: string, endpointIds: string[], now: Date): Promise<void> {
    const event = await this.m.outboxEvents.findById(eventId).lean<OutboxEventDoc>();
    if (!event) return;
    if (endpointIds.length) {
      try {
        await this.m.webhookDeliveries.insertMany(
          endpointIds.map((endpointId) => ({
            _id: `${eventId}:${endpointId}`,
            endpointId,
            eventId,
            eventType: event.type,
            state: 'pending' as const,
            attempts: 0,
            nextAttemptAt: now,
            leasedUntil: null,
            lastStatus: null,
            lastError: null,
            createdAt: now,
            deliveredAt: null,
          })),
          { ordered: false },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    await this.m.outboxEvents.updateOne({ _id: eventId }, { $set: { dispatched: true } });
  }

  async lease(now: Date, leaseUntil: Date, limit: number): Promise<Array<{ delivery: WebhookDelivery; event: DomainEvent }>> {
    const due = { state: 'pending' as const, nextAttemptAt: { $lte: now }, $or: [{ leasedUntil: null }, { leasedUntil: { $lte: now } }] };
    const candidates = await this.m.webhookDeliveries.find(due).sort({ nextAttemptAt: 1 }).limit(limit).lean<WebhookDeliveryDoc[]>();
    const leased: Array<{ delivery: WebhookDelivery; event: DomainEvent }> = [];
    for (const c of candidates) {
      const taken = await this.m.webhookDeliveries
        .findOneAndUpdate({ _id: c._id, ...due }, { $set: { leasedUntil: leaseUntil } }, { returnDocument: 'after' })
        .lean<WebhookDeliveryDoc>();
      if (!taken) continue;
      const event = await this.m.outboxEvents.findById(taken.eventId).lean<OutboxEventDoc>();
      if (event) leased.push({ delivery: toDelivery(taken), event: toEvent(event) });
    }
    return leased;
  }

  async settle(deliveryId: string, result: AttemptResult): Promise<void> {
    const set = result.delivered
      ? { state: 'delivered', leasedUntil: null, lastStatus: result.status, lastError: null, deliveredAt: result.at }
      : { state: result.retryAt ? 'pending' : 'dead', leasedUntil: null, lastStatus: result.status, lastError: result.error, nextAttemptAt: result.retryAt ?? result.at };
    await this.m.webhookDeliveries.updateOne({ _id: deliveryId }, { $set: set, $inc: { attempts: 1 } });
  }

  async release(deliveryId: string): Promise<void> {
    await this.m.webhookDeliveries.updateOne({ _id: deliveryId, state: 'pending' }, { $set: { leasedUntil: null } });
  }

  async replay(deliveryId: string, now: Date): Promise<boolean> {
    const r = await this.m.webhookDeliveries.updateOne({ _id: deliveryId, state: 'dead' }, { $set: { state: 'pending', nextAttemptAt: now, leasedUntil: null } });
    return r.modifiedCount === 1;
  }

  async deliveries(filter: { endpointId?: string; state?: DeliveryState; limit: number }): Promise<WebhookDelivery[]> {
    const query: Record<string, unknown> = {};
    if (filter.endpointId !== undefined) query.endpointId = filter.endpointId;
    if (filter.state !== undefined) query.state = filter.state;
    const docs = await this.m.webhookDeliveries.find(query).sort({ createdAt: -1, _id: 1 }).limit(filter.limit).lean<WebhookDeliveryDoc[]>();
    return docs.map(toDelivery);
  }

  async insertEndpoint({ id, previousSecret, ...rest }: WebhookEndpoint): Promise<void> {
    await this.m.webhookEndpoints.create({ _id: id, ...rest, previousSealedSecret: previousSecret?.sealed ?? null, previousSecretUntil: previousSecret?.until ?? null });
  }

  async replaceEndpoint({ id, createdAt: _createdAt, sealedSecret: _current, previousSecret: _previous, ...rest }: WebhookEndpoint): Promise<boolean> {
    return (await this.m.webhookEndpoints.updateOne({ _id: id }, { $set: rest })).matchedCount === 1;
  }

  /** One document's compare-and-set on the current secret: atomic on a standalone server too. */
  async rotateSecret(id: string, rotation: { from: string; to: string; previousUntil: Date; at: Date }): Promise<boolean> {
    const r = await this.m.webhookEndpoints.updateOne(
      { _id: id, sealedSecret: rotation.from },
      { $set: { sealedSecret: rotation.to, previousSealedSecret: rotation.from, previousSecretUntil: rotation.previousUntil, updatedAt: rotation.at } },
    );
    return r.matchedCount === 1;
  }

  async dropPreviousSecrets(now: Date): Promise<number> {
    return (await this.m.webhookEndpoints.updateMany({ previousSecretUntil: { $lte: now } }, { $set: { previousSealedSecret: null, previousSecretUntil: null } })).modifiedCount;
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const d = await this.m.webhookEndpoints.findById(id).lean<WebhookEndpointDoc>();
    return d ? toEndpoint(d) : null;
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    return (await this.m.webhookEndpoints.find({}).sort({ createdAt: 1, _id: 1 }).lean<WebhookEndpointDoc[]>()).map(toEndpoint);
  }

  /** The endpoint first: its deliveries are then unreachable, and removed next. */
  async deleteEndpoint(id: string): Promise<boolean> {
    const deleted = (await this.m.webhookEndpoints.deleteOne({ _id: id })).deletedCount === 1;
    await this.m.webhookDeliveries.deleteMany({ endpointId: id });
    return deleted;
  }

  async deleteSettledBefore(before: Date): Promise<number> {
    const deliveries = (await this.m.webhookDeliveries.deleteMany({ state: 'delivered', createdAt: { $lt: before } })).deletedCount;
    const old = await this.m.outboxEvents.find({ dispatched: true, at: { $lt: before } }, { _id: 1 }).lean<Array<{ _id: string }>>();
    const kept = new Set((await this.m.webhookDeliveries.find({ eventId: { $in: old.map((e) => e._id) } }, { eventId: 1 }).lean<Array<{ eventId: string }>>()).map((d) => d.eventId));
    const gone = old.map((e) => e._id).filter((id) => !kept.has(id));
    const events = gone.length ? (await this.m.outboxEvents.deleteMany({ _id: { $in: gone } })).deletedCount : 0;
    return deliveries + events;
  }
}

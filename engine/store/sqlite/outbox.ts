import type Database from 'better-sqlite3';
import type {
  AttemptResult,
  DeliveryState,
  DomainEvent,
  DomainEventType,
  OutboxRepo,
  ReleasedAttribute,
  WebhookDelivery,
  WebhookEndpoint,
} from '../port.js';
import { fromMs, fromMsOrNull, json, parseJson } from './rows.js';

interface EventRow {
  id: string;
  type: string;
  at: number;
  user_id: string | null;
  data: string;
}

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  event_types: string;
  attributes: string;
  sealed_secret: string;
  previous_sealed_secret: string | null;
  previous_secret_until: number | null;
  enabled: number;
  created_at: number;
  updated_at: number;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  leased_until: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

const toEvent = (r: EventRow): DomainEvent => ({ id: r.id, type: r.type as DomainEventType, at: fromMs(r.at), userId: r.user_id, data: parseJson<Record<string, unknown>>(r.data) });

const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: parseJson<DomainEventType[]>(r.event_types),
  attributes: parseJson<ReleasedAttribute[]>(r.attributes),
  sealedSecret: r.sealed_secret,
  previousSecret: r.previous_sealed_secret !== null && r.previous_secret_until !== null ? { sealed: r.previous_sealed_secret, until: fromMs(r.previous_secret_until) } : null,
  enabled: r.enabled === 1,
  createdAt: fromMs(r.created_at),
  updatedAt: fromMs(r.updated_at),
});

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type as DomainEventType,
  state: r.state as DeliveryState,
  attempts: r.attempts,
  nextAttemptAt: fromMs(r.next_attempt_at),
  leasedUntil: fromMsOrNull(r.leased_until),
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: fromMs(r.created_at),
  deliveredAt: fromMsOrNull(r.delivered_at),
});

const endpointParams = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  event_types: json(e.eventTypes),
  attributes: json(e.attributes),
  sealed_secret: e.sealedSecret,
  previous_sealed_secret: e.previousSecret?.sealed ?? null,
  previous_secret_until: e.previousSecret?.until.getTime() ?? null,
  enabled: e.enabled ? 1 : 0,
  created_at: e.createdAt.getTime(),
  updated_at: e.updatedAt.getTime(),
});

/**
 * Appends domain events inside the caller's transaction: the users, consents and audit repositories
 * call it in the same immediate transaction as the change the events describe.
 */
export function appendOutboxEvents(db: Database.Database, events: DomainEvent[]): void {
  if (!events.length) return;
  const insert = db.prepare('INSERT INTO outbox_events (id, type, at, user_id, data) VALUES (?, ?, ?, ?, ?)');
  for (const e of events) insert.run(e.id, e.type, e.at.getTime(), e.userId, json(e.data));
}

export class SqliteOutbox implements OutboxRepo {
  constructor(private readonly db: Database.Database) {}

  async append(events: DomainEvent[]): Promise<void> {
    this.db.transaction(() => appendOutboxEvents(this.db, events)).immediate();
  }

  async undispatched(limit: number): Promise<DomainEvent[]> {
    return (this.db.prepare('SELECT * FROM outbox_events WHERE dispatched = 0 ORDER BY seq LIMIT ?').all(limit) as EventRow[]).map(toEvent);
  }

  async dispatch(eventId: string, endpointIds: string[], now: Date): Promise<void> {
    this.db
      .transaction(() => {
        const event = this.db.prepare('SELECT type FROM outbox_events WHERE id = ?').get(eventId) as { type: string } | undefined;
        if (!event) return;
        const insert = this.db.prepare(
          `INSERT OR IGNORE INTO webhook_deliveries (id, endpoint_id, event_id, event_type, state, attempts, next_attempt_at, created_at)
           VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`,
        );
        for (const endpointId of endpointIds) insert.run(`${eventId}:${endpointId}`, endpointId, eventId, event.type, now.getTime(), now.getTime());
        this.db.prepare('UPDATE outbox_events SET dispatched = 1 WHERE id = ?').run(eventId);
      })
      .immediate();
  }

  async lease(now: Date, leaseUntil: Date, limit: number): Promise<Array<{ delivery: WebhookDelivery; event: DomainEvent }>> {
    return this.db
      .transaction(() => {
        const due = this.db
          .prepare(
            `SELECT d.*, e.type AS e_type, e.at AS e_at, e.user_id AS e_user_id, e.data AS e_data FROM webhook_deliveries d
             JOIN outbox_events e ON e.id = d.event_id
             WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND (d.leased_until IS NULL OR d.leased_until <= @now)
             ORDER BY d.next_attempt_at LIMIT @limit`,
          )
          .all({ now: now.getTime(), limit }) as Array<DeliveryRow & { e_type: string; e_at: number; e_user_id: string | null; e_data: string }>;
        const take = this.db.prepare('UPDATE webhook_deliveries SET leased_until = ? WHERE id = ?');
        return due.map((r) => {
          take.run(leaseUntil.getTime(), r.id);
          return {
            delivery: toDelivery({ ...r, leased_until: leaseUntil.getTime() }),
            event: toEvent({ id: r.event_id, type: r.e_type, at: r.e_at, user_id: r.e_user_id, data: r.e_data }),
          };
        });
      })
      .immediate();
  }

  async settle(deliveryId: string, result: AttemptResult): Promise<void> {
    if (result.delivered) {
      this.db
        .prepare(
          `UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, leased_until = NULL, last_status = ?, last_error = NULL, delivered_at = ?
           WHERE id = ?`,
        )
        .run(result.status, result.at.getTime(), deliveryId);
      return;
    }
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, leased_until = NULL, last_status = ?, last_error = ?, next_attempt_at = ?
         WHERE id = ?`,
      )
      .run(result.retryAt ? 'pending' : 'dead', result.status, result.error, (result.retryAt ?? result.at).getTime(), deliveryId);
  }

  async release(deliveryId: string): Promise<void> {
    this.db.prepare(`UPDATE webhook_deliveries SET leased_until = NULL WHERE id = ? AND state = 'pending'`).run(deliveryId);
  }

  async replay(deliveryId: string, now: Date): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?, leased_until = NULL WHERE id = ? AND state = 'dead'`)
        .run(now.getTime(), deliveryId).changes === 1
    );
  }

  async deliveries(filter: { endpointId?: string; state?: DeliveryState; limit: number }): Promise<WebhookDelivery[]> {
    const where = ['1 = 1'];
    if (filter.endpointId !== undefined) where.push('endpoint_id = @endpointId');
    if (filter.state !== undefined) where.push('state = @state');
    return (
      this.db.prepare(`SELECT * FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT @limit`).all(filter) as DeliveryRow[]
    ).map(toDelivery);
  }

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO webhook_endpoints (id, url, description, event_types, attributes, sealed_secret, previous_sealed_secret, previous_secret_until, enabled, created_at, updated_at)
         VALUES (@id, @url, @description, @event_types, @attributes, @sealed_secret, @previous_sealed_secret, @previous_secret_until, @enabled, @created_at, @updated_at)`,
      )
      .run(endpointParams(endpoint));
  }

  async replaceEndpoint(endpoint: WebhookEndpoint): Promise<boolean> {
    const { sealed_secret: _current, previous_sealed_secret: _previous, previous_secret_until: _until, ...fields } = endpointParams(endpoint);
    return (
      this.db
        .prepare(
          `UPDATE webhook_endpoints SET url = @url, description = @description, event_types = @event_types, attributes = @attributes,
             enabled = @enabled, updated_at = @updated_at WHERE id = @id`,
        )
        .run(fields).changes === 1
    );
  }

  async rotateSecret(id: string, rotation: { from: string; to: string; previousUntil: Date; at: Date }): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE webhook_endpoints SET sealed_secret = @to, previous_sealed_secret = sealed_secret, previous_secret_until = @until, updated_at = @at
           WHERE id = @id AND sealed_secret = @from`,
        )
        .run({ id, from: rotation.from, to: rotation.to, until: rotation.previousUntil.getTime(), at: rotation.at.getTime() }).changes === 1
    );
  }

  async dropPreviousSecrets(now: Date): Promise<number> {
    return this.db
      .prepare('UPDATE webhook_endpoints SET previous_sealed_secret = NULL, previous_secret_until = NULL WHERE previous_secret_until <= ?')
      .run(now.getTime()).changes;
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const r = this.db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?').get(id) as EndpointRow | undefined;
    return r ? toEndpoint(r) : null;
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    return (this.db.prepare('SELECT * FROM webhook_endpoints ORDER BY created_at, id').all() as EndpointRow[]).map(toEndpoint);
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM webhook_deliveries WHERE endpoint_id = ?').run(id);
        return this.db.prepare('DELETE FROM webhook_endpoints WHERE id = ?').run(id).changes === 1;
      })
      .immediate();
  }

  async deleteSettledBefore(before: Date): Promise<number> {
    return this.db
      .transaction(() => {
        const deliveries = this.db.prepare(`DELETE FROM webhook_deliveries WHERE state = 'delivered' AND created_at < ?`).run(before.getTime()).changes;
        const events = this.db
          .prepare(
            `DELETE FROM outbox_events WHERE dispatched = 1 AND at < ?
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = outbox_events.id)`,
          )
          .run(before.getTime()).changes;
        return deliveries + events;
      })
      .immediate();
  }
}

/**
 * The outbox: domain events (a user created, signed in, consent changed...) written by the same
 * store operation as the change that causes them, then fanned out to webhook endpoints as deliveries
 * that are retried until they succeed or are dead-lettered. Nothing is sent from a request: a
 * delivery worker reads the outbox, so an event survives a restart and a receiver that is down.
 */
export const DOMAIN_EVENT_TYPES = ['user.created', 'user.updated', 'user.deleted', 'user.signed_in', 'consent.changed', 'profile.updated'] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export interface DomainEvent {
  /** Unique; also the `webhook-id` every delivery of it carries, so receivers can drop duplicates. */
  id: string;
  type: DomainEventType;
  at: Date;
  /** The person the event is about. */
  userId: string | null;
  /** What the event says, as it was when it happened (e.g. the profile after the change). */
  data: Record<string, unknown>;
}

/** Builds the events of a write from what the write produced (e.g. the created user and its new id). */
export type Emits<T> = (result: T) => DomainEvent[];

/** A profile attribute sent to an endpoint, only while the person's consent to `purpose` is granted (null: always). */
export interface ReleasedAttribute {
  name: string;
  purpose: string | null;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  /** Event types delivered to this endpoint. */
  eventTypes: DomainEventType[];
  /** Attributes of the person the payloads may carry (`email` included); anything else is never sent. */
  attributes: ReleasedAttribute[];
  /** The signing secret (`whsec_...`), sealed at rest by the engine. */
  sealedSecret: string;
  /**
   * The secret the last rotation replaced (sealed too), still signing beside the current one until
   * `until` so a receiver can switch over without refusing a single event (Standard Webhooks); null
   * when there is none (never rotated, or the overlap is over and it was dropped).
   */
  previousSecret: { sealed: string; until: Date } | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryState = 'pending' | 'delivered' | 'dead';

export interface WebhookDelivery {
  /** `<event id>:<endpoint id>`: one delivery per event and endpoint, however often fan-out runs. */
  id: string;
  endpointId: string;
  eventId: string;
  eventType: DomainEventType;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  /** A worker holds the delivery until then (so two instances never send it at once). */
  leasedUntil: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** What one attempt came to: delivered, or failed and either tried again at `retryAt` or dead (null). */
export type AttemptResult =
  | { delivered: true; status: number; at: Date }
  | { delivered: false; status: number | null; error: string; at: Date; retryAt: Date | null };

export interface OutboxRepo {
  /** Appends events that belong to no other write of the store. */
  append(events: DomainEvent[]): Promise<void>;
  /** Events not yet fanned out, oldest first. */
  undispatched(limit: number): Promise<DomainEvent[]>;
  /**
   * Creates one pending delivery of the event per endpoint and marks the event dispatched, in one write.
   * Running it twice for an event creates nothing more.
   */
  dispatch(eventId: string, endpointIds: string[], now: Date): Promise<void>;
  /**
   * Leases up to `limit` deliveries due at `now` (pending, next attempt reached, no live lease) until
   * `leaseUntil`, each by a compare-and-set: racing workers never lease the same delivery.
   */
  lease(now: Date, leaseUntil: Date, limit: number): Promise<Array<{ delivery: WebhookDelivery; event: DomainEvent }>>;
  /** Records an attempt of a leased delivery and releases it. */
  settle(deliveryId: string, result: AttemptResult): Promise<void>;
  /** Gives a leased delivery back unattempted (an instance stopping mid-send): due again at once. */
  release(deliveryId: string): Promise<void>;
  /** A dead delivery goes back to pending, due at `now`; false when it is not dead. */
  replay(deliveryId: string, now: Date): Promise<boolean>;
  deliveries(filter: { endpointId?: string; state?: DeliveryState; limit: number }): Promise<WebhookDelivery[]>;

  insertEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  /** Changes everything of an endpoint but its secrets (only `rotateSecret` changes those). */
  replaceEndpoint(endpoint: WebhookEndpoint): Promise<boolean>;
  /**
   * Rotates the signing secret by one compare-and-set: when the endpoint's current secret is still
   * `from`, `to` becomes current and `from` the previous secret until `previousUntil` (replacing any
   * earlier previous one). False when the endpoint is gone or was rotated meanwhile.
   */
  rotateSecret(id: string, rotation: { from: string; to: string; previousUntil: Date; at: Date }): Promise<boolean>;
  /** Forgets the previous secrets whose overlap ended at or before `now`; answers how many. */
  dropPreviousSecrets(now: Date): Promise<number>;
  getEndpoint(id: string): Promise<WebhookEndpoint | null>;
  listEndpoints(): Promise<WebhookEndpoint[]>;
  /** Removes the endpoint and its deliveries. */
  deleteEndpoint(id: string): Promise<boolean>;
  /** Removes delivered deliveries and fully dispatched events older than `before`. */
  deleteSettledBefore(before: Date): Promise<number>;
}

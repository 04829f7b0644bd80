import { call } from '../../api';
import type { DomainEventType } from '../../../../engine/store/port/outbox';

/** The events an endpoint can receive: the engine's domain event types (texts.ts words each one). */
export type EventType = DomainEventType;
export type DeliveryState = 'pending' | 'delivered' | 'dead';
export const DELIVERY_STATES: DeliveryState[] = ['pending', 'delivered', 'dead'];

/** A person's attribute an endpoint may receive, only while their consent to `purpose` holds (null: always). */
export interface ReleasedAttribute {
  name: string;
  purpose: string | null;
}

/** A webhook endpoint as the admin API shows it (never its secret). */
export interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: EventType[];
  attributes: ReleasedAttribute[];
  enabled: boolean;
  /** Until when the secret the last rotation replaced still signs beside the current one; null when none does. */
  previousSecretValidUntil: string | null;
  /** How long a rotation keeps the current secret signing beside the new one (0: it stops at once). */
  secretOverlapHours: number;
  createdAt: string;
  updatedAt: string;
  /** In the list only: the newest delivery, or null before the first event. */
  lastDelivery?: { state: DeliveryState; eventType: EventType; at: string; lastError: string | null } | null;
}

export interface EndpointInput {
  url: string;
  description: string;
  eventTypes: EventType[];
  attributes: ReleasedAttribute[];
  enabled: boolean;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: EventType;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const enc = encodeURIComponent;

/** How many of an endpoint's deliveries the console shows, the newest first. */
export const DELIVERIES_SHOWN = 50;

export const webhooksApi = {
  list: () => call<Endpoint[]>('GET', '/webhooks'),
  get: (id: string) => call<Endpoint>('GET', `/webhooks/${enc(id)}`),
  create: (input: EndpointInput) => call<Endpoint & { secret: string }>('POST', '/webhooks', input),
  update: (id: string, input: EndpointInput) => call<Endpoint>('PUT', `/webhooks/${enc(id)}`, input),
  rotateSecret: (id: string) => call<Endpoint & { secret: string }>('POST', `/webhooks/${enc(id)}/secret`),
  remove: (id: string) => call<null>('DELETE', `/webhooks/${enc(id)}`),
  deliveries: (id: string, state: DeliveryState | '') => call<Delivery[]>('GET', `/webhooks/${enc(id)}/deliveries?limit=${DELIVERIES_SHOWN}${state ? `&state=${state}` : ''}`),
  replay: (id: string, deliveryId: string) => call<{ id: string; state: 'pending' }>('POST', `/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/replay`),
};

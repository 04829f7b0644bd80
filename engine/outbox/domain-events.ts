import { randomUUID } from 'node:crypto';
import type { ConsentDecision, DomainEvent, DomainEventType, User } from '../store/port.js';

/**
 * The domain events the product emits, built where the change is written (passed to the store
 * operation that writes it, so both are stored together). A person's profile is captured as it was
 * when the event happened; what of it a webhook endpoint receives is decided at delivery
 * (consent-aware, see webhook-payload.ts).
 */
export interface ProfileSnapshot {
  id: string;
  email: string;
  emailVerified: boolean;
  attributes: Record<string, unknown>;
  createdAt: string;
}

export const profileOf = (user: User): ProfileSnapshot => ({
  id: user.id,
  email: user.email,
  emailVerified: user.emailVerified,
  attributes: user.attributes,
  createdAt: user.createdAt.toISOString(),
});

const event = (type: DomainEventType, at: Date, userId: string | null, data: Record<string, unknown>): DomainEvent => ({ id: `evt_${randomUUID()}`, type, at, userId, data });

export const domainEvents = {
  /** A new account; `method` is how it was created (password, email-code, a social provider...). */
  userCreated: (method: string) => (user: User): DomainEvent[] => [event('user.created', user.createdAt, user.id, { method, user: profileOf(user) })],
  /** The account itself changed (its email). */
  userUpdated: (change: string, at: Date) => (user: User): DomainEvent[] => [event('user.updated', at, user.id, { change, user: profileOf(user) })],
  /** The profile's attributes changed; `changed` names the attributes written. */
  profileUpdated: (changed: string[], at: Date) => (user: User): DomainEvent[] => [event('profile.updated', at, user.id, { changed, user: profileOf(user) })],
  /** Nothing personal is kept about a deleted account: only its id. */
  userDeleted: (userId: string, at: Date): DomainEvent[] => [event('user.deleted', at, userId, {})],
  userSignedIn: (userId: string, at: Date, details: { flowId: string; amr: string[] }): DomainEvent[] => [event('user.signed_in', at, userId, details)],
  consentChanged: (d: ConsentDecision): DomainEvent[] => [
    event('consent.changed', d.at, d.userId, { purposeId: d.purposeId, version: d.version, granted: d.granted, channel: d.channel }),
  ],
};

import type { DomainEvent, ReleasedAttribute } from '../store/port.js';
import type { ProfileSnapshot } from './domain-events.js';

/** The JSON body of a webhook, in the Standard Webhooks shape: `type`, `timestamp`, `data`. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * Consent-aware release of a person's profile to one endpoint: the person's id always; `email`,
 * `email_verified` and each attribute only when the endpoint lists it and, where it names a consent
 * purpose, the person's current decision for that purpose is a grant. Nothing unlisted leaves.
 */
export function releasedProfile(profile: ProfileSnapshot, released: ReleasedAttribute[], granted: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: profile.id };
  const attributes: Record<string, unknown> = {};
  for (const { name, purpose } of released) {
    if (purpose !== null && !granted.has(purpose)) continue;
    if (name === 'email') {
      out.email = profile.email;
      out.email_verified = profile.emailVerified;
    } else if (name in profile.attributes) attributes[name] = profile.attributes[name];
  }
  if (Object.keys(attributes).length) out.attributes = attributes;
  return out;
}

const isProfile = (v: unknown): v is ProfileSnapshot => typeof v === 'object' && v !== null && typeof (v as ProfileSnapshot).id === 'string' && typeof (v as ProfileSnapshot).attributes === 'object';

/**
 * The body sent for an event: its facts, with the profile captured at the event (or, for events that
 * captured none, the person's current profile) reduced to what the endpoint may receive.
 */
export function webhookPayload(event: DomainEvent, released: ReleasedAttribute[], current: { profile: ProfileSnapshot | null; granted: ReadonlySet<string> }): WebhookPayload {
  const { user, ...facts } = event.data;
  const profile = isProfile(user) ? user : current.profile;
  const data: Record<string, unknown> = { ...facts, user: profile ? releasedProfile(profile, released, current.granted) : event.userId ? { id: event.userId } : null };
  return { type: event.type, timestamp: event.at.toISOString(), data };
}

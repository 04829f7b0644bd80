import type { DomainEvent } from './outbox.js';

/** An account or admin event: data in the store (not a log line), readable by administrators. */
export interface AuditEvent {
  id: string;
  at: Date;
  /** e.g. `signin`, `signin.failed`, `signup`, `factor.added`, `consent.changed`, `account.exported`. */
  type: string;
  /** The user the event is about, if any. */
  userId: string | null;
  /** Who did it: the user themself, an administrator's user id, or `system`. */
  actor: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  userId?: string;
  type?: string;
  /** Events about an app: `details.appId` (sign-ins through it, changes to it). */
  appId?: string;
  /** At or after this time. */
  from?: Date;
  /** Before this time; with `beforeId`, also the events of that very time whose id sorts before it. */
  before?: Date;
  beforeId?: string;
  /** At most 1000. */
  limit: number;
}

export interface AuditRepo {
  /** Records the event; outbox events that the audited fact causes (a sign-in) are written with it. */
  record(event: Omit<AuditEvent, 'id'>, events?: DomainEvent[]): Promise<AuditEvent>;
  /** Newest first. */
  /** Removes the events about a user (their account is deleted). */
  deleteByUser(userId: string): Promise<number>;
  /** Newest first (by time, then id); `before` + `beforeId` continue after the last event of a page. */
  list(filter: AuditFilter): Promise<AuditEvent[]>;
}

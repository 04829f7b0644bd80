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

export interface AuditRepo {
  record(event: Omit<AuditEvent, 'id'>): Promise<AuditEvent>;
  /** Newest first. */
  /** Removes the events about a user (their account is deleted). */
  deleteByUser(userId: string): Promise<number>;
  list(filter: { userId?: string; type?: string; before?: Date; limit: number }): Promise<AuditEvent[]>;
}

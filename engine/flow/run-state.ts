/** A message to show on the next page, as an i18n key so it follows the language switch. */
export interface Notice {
  kind: 'error' | 'info';
  key: string;
  vars?: Record<string, string | number>;
}

/**
 * What a run knows as it moves through the graph: the XState machine's context.
 * It is persisted with the snapshot after every step, so keep it small and JSON-safe.
 */
export interface RunState {
  /** The user this run is about, once identified. */
  userId?: string;
  /** The identifier typed in (before we know whether the account exists). */
  email?: string;
  /** The address whose mailbox this run proved (a code or link sent to it came back). */
  verifiedEmail?: string;
  /** Authentication methods completed in this run (RFC 8176 values: pwd, otp, mfa, ...). */
  amr: string[];
  /**
   * When each method of `amr` was proved (seconds since the epoch); kept by the runtime, never by a
   * step. Seeded from the session for step-up and account journeys.
   */
  proofs?: Array<{ method: string; at: number }>;
  /** The organisation the person signs in for (chosen by the organisation step; B2B). */
  organisationId?: string;
  /** What the requester asked for: app (client id), acr values, prompt... */
  request: Record<string, unknown>;
  /** Per-node scratch data, keyed by node id (e.g. a pending one-time code). */
  data: Record<string, Record<string, unknown>>;
  notice: Notice | null;
}

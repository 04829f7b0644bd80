/** A one-time code (6 digits or a long magic-link token), stored only as an HMAC. */
export interface OneTimeCode {
  id: string;
  /** What the code is for, e.g. `${runId}:${nodeId}`: a newer code for the same subject supersedes it. */
  subject: string;
  /** Where it was sent (normalised email or phone): sends are rate limited per address. */
  address: string;
  /** HMAC-SHA256 of the code under a server key. */
  hash: string;
  attempts: number;
  maxAttempts: number;
  createdAt: Date;
  expiresAt: Date;
}

export type IssueResult = 'issued' | 'exists' | 'rate-limited';
/** `ok` consumes the code; `wrong` counts an attempt; `exhausted` after the last allowed attempt. */
export type CodeCheck = 'ok' | 'wrong' | 'exhausted' | 'expired' | 'not-found';

/**
 * One-time codes. The policy (send limits, attempts, expiry, single use) lives in the engine; the
 * store offers the atomic steps it is built from.
 */
export interface CodesRepo {
  /** Whether a code was ever issued for the subject (used or expired ones included). */
  exists(subject: string): Promise<boolean>;
  /**
   * Conditional insert. With `replace` false the code is stored only when the subject never had
   * one (`exists` otherwise, nothing written, even when another request issues at the same moment);
   * with `replace` true the subject's live code is retired and this one becomes the live one.
   */
  insert(code: OneTimeCode, replace: boolean): Promise<'inserted' | 'exists'>;
  /** The subject's live code (not consumed, not retired), expired or not. */
  findLive(subject: string): Promise<OneTimeCode | null>;
  /**
   * Atomic increment of the code's attempt counter while it is live; answers the count after this
   * attempt, or null when the code is no longer live.
   */
  countAttempt(id: string): Promise<number | null>;
  /** Compare-and-set live -> consumed: true for exactly one caller, however many race. */
  consume(id: string): Promise<boolean>;
  /** Makes the code unusable (expired, or out of attempts). */
  retire(id: string): Promise<void>;
  /** Removes codes that expired before `before`. */
  deleteExpired(before: Date): Promise<number>;
  /** Removes every code sent to the address (the account behind it is deleted). */
  deleteByAddress(address: string): Promise<number>;
}

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

export interface CodesRepo {
  /**
   * Stores a new code for its subject, in one atomic step:
   * - `rate-limited` when `address` already received `maxSends` codes since `since`;
   * - `exists` when `replace` is false and a code was already issued for the subject, even if it was
   *   used or expired since (nothing written: a page reload never sends another one);
   * - otherwise the subject's live code is retired and this one becomes the live one.
   */
  issue(code: OneTimeCode, opts: { now: Date; since: Date; maxSends: number; replace: boolean }): Promise<IssueResult>;
  /**
   * Checks a candidate hash against the subject's live code (constant-time) and, atomically, either
   * consumes it (single use, even under racing requests) or counts the wrong attempt.
   */
  verify(subject: string, candidateHash: string, now: Date): Promise<CodeCheck>;
  /** Removes codes that expired before `before` (kept a while after expiry for send rate limits). */
  deleteExpired(before: Date): Promise<number>;
}

/**
 * Named counters for rules that count across instances (send limits, throttles): an atomic
 * increment in the store, never a count in process memory, so N instances behave as one.
 */
export interface CountersRepo {
  /**
   * Adds one to the counter `key` and answers its new value, as one atomic step: racing callers
   * each get a different value. A counter that does not exist, or whose `expiresAt` has passed,
   * starts again at 1 with the given expiry. `by` (default 1) may be negative to take back a
   * reservation; a counter never goes below 0.
   */
  increment(key: string, expiresAt: Date, now: Date, by?: number): Promise<number>;
  /** The counter's value at `now`: 0 when it does not exist or has expired. Changes nothing. */
  current(key: string, now: Date): Promise<number>;
  /**
   * Live counters whose key starts with `prefix` and whose value is at least `atLeast`, the latest
   * expiry first (at most `limit`): what the console shows of the throttles.
   */
  listActive(prefix: string, atLeast: number, now: Date, limit: number): Promise<Array<{ key: string; count: number; expiresAt: Date }>>;
  /** Ends the counter `key` now (its next increment starts again). */
  reset(key: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

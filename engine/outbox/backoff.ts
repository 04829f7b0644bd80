/** Longest wait between two attempts of a delivery. */
const MAX_DELAY_MS = 3_600_000;

/**
 * When to try a failed delivery again: exponential backoff from `baseMs` (doubling per attempt, capped
 * at an hour) with up to 20 % random jitter so endpoints recovering from an outage are not hit by every
 * delivery at once; null once `maxAttempts` were made (the delivery is dead-lettered).
 */
export function nextAttemptAt(now: Date, attemptsMade: number, opts: { baseMs: number; maxAttempts: number }, random: () => number = Math.random): Date | null {
  if (attemptsMade >= opts.maxAttempts) return null;
  const delay = Math.min(MAX_DELAY_MS, opts.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return new Date(now.getTime() + Math.round(delay * (1 + 0.2 * random())));
}

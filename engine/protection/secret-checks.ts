import { normaliseEmail } from '../store/port.js';
import type { SignInThrottles, ThrottledAttempt, ThrottleScope } from './sign-in-throttles.js';

/**
 * A check of a one-time secret (an email or SMS code, an authenticator code, a recovery code) under
 * the same sign-in throttles as passwords: the account is the user's email (normalised), the address
 * the client's. Guessing codes therefore blocks the same pair, slows the same account and counts
 * against the same address as guessing passwords.
 */
export interface ThrottledSecret<T> {
  /** Checks the secret and tells what it found: `verdict` is how the throttles count it. */
  check(): Promise<{ verdict: boolean | 'unchecked'; value: T }>;
}

export type ThrottledSecretResult<T> = { result: 'checked'; value: T } | { result: 'blocked'; scope: ThrottleScope; minutes: number; seconds: number };

export async function checkSecretUnderThrottles<T>(
  throttles: SignInThrottles,
  email: string,
  address: string | null,
  now: Date,
  secret: ThrottledSecret<T>,
): Promise<ThrottledSecretResult<T>> {
  let found: { value: T } | null = null;
  const attempt: ThrottledAttempt = await throttles.attempt({ account: normaliseEmail(email), address }, now, {
    verify: async () => {
      const checked = await secret.check();
      found = { value: checked.value };
      return checked.verdict;
    },
    // A code's check is cheap: a refusal needs no time spent to look like one.
    spendTime: async () => undefined,
  });
  if (attempt.result === 'blocked') return attempt;
  if (!found) throw new Error('the throttles answered without checking');
  return { result: 'checked', value: (found as { value: T }).value };
}

/** The i18n key and values telling a person why an attempt was refused. */
export function refusalNotice(blocked: { scope: ThrottleScope; minutes: number; seconds: number }): { key: string; vars: Record<string, number> } {
  return { key: `protection.${blocked.scope}`, vars: { minutes: blocked.minutes, seconds: blocked.seconds } };
}

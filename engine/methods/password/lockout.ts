import { normaliseEmail } from '../../store/port.js';
import { forgivenCounters, type AttemptSubject, type PairLimit, type SecretChecks, type SignInThrottles, type ThrottledAttempt } from '../../protection/sign-in-throttles.js';

/**
 * The password step's part of the sign-in throttles (engine/protection): after `maxAttempts` wrong
 * passwords from one address, that address may not try the account for `lockMinutes`; the owner,
 * from another address, is not stopped. Failures from many addresses slow the account down instead
 * of locking it, and failures on many accounts from one address throttle that address.
 *
 * Every attempt is reserved in the store (atomic increments) before the hash is verified, and the
 * decision is made on the reserved numbers. Sign-in and the current password asked by the account
 * pages and the account API follow this same rule.
 */
export interface LockoutPolicy {
  maxAttempts: number;
  lockMinutes: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxAttempts: 5, lockMinutes: 15 };

/** Settings of a step that applies the rule (the designer's form). */
export const lockoutSchemaProperties = {
  maxAttempts: { type: 'integer', minimum: 1, maximum: 50, default: 5, title: 'Wrong passwords from one address before that address is blocked for the account' },
  lockMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 15, title: 'Minutes that address stays blocked for the account' },
} as const;

export type PasswordAttempt = ThrottledAttempt;
export type PasswordChecks = SecretChecks;

/** The counters' subject of a password attempt: the email normalised (case, spacing) and the client address. */
export function passwordSubject(email: string, address: string | null): AttemptSubject {
  return { account: normaliseEmail(email), address };
}

/** Checks a password of the account with this email, from this address, under the throttles (see above). */
export function attemptPassword(throttles: SignInThrottles, email: string, address: string | null, policy: LockoutPolicy, now: Date, checks: PasswordChecks): Promise<PasswordAttempt> {
  const limit: PairLimit = { pairFailures: policy.maxAttempts, pairBlockMinutes: policy.lockMinutes };
  return throttles.attempt(passwordSubject(email, address), now, checks, limit);
}

/** A newly set password (after another proof): the account's failures and this address's block end. */
export function clearWrongPasswords(throttles: SignInThrottles, email: string, address: string | null): Promise<void> {
  return throttles.forgive(passwordSubject(email, address));
}

/** The counters `clearWrongPasswords` ends, for a store operation that sets the password and forgets them together. */
export function wrongPasswordCounters(email: string, address: string | null): string[] {
  return forgivenCounters(passwordSubject(email, address));
}

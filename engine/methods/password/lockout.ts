import type { User, UsersRepo } from '../../store/port.js';

/**
 * The lockout rule: after `maxAttempts` wrong passwords in a row the account is locked for
 * `lockMinutes`; a right password starts the count again, a newly set one also ends the lock.
 *
 * Every attempt is reserved in the store (one atomic increment) before the hash is verified, and
 * the decision is made on the reserved number: of any number of attempts arriving at once on any
 * number of instances, at most `maxAttempts` are verified against the real hash; the ones past the
 * limit lock the account without being checked. Sign-in and the current password asked by the
 * account pages follow this same rule.
 */
export interface LockoutPolicy {
  maxAttempts: number;
  lockMinutes: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxAttempts: 5, lockMinutes: 15 };

/** Settings of a step that applies the rule (the designer's form). */
export const lockoutSchemaProperties = {
  maxAttempts: { type: 'integer', minimum: 1, maximum: 50, default: 5, title: 'Wrong passwords before the account is locked' },
  lockMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 15, title: 'Minutes the account stays locked' },
} as const;

/** Whole minutes the account stays locked from `now`; 0 when it is not locked. */
export function minutesLocked(user: Pick<User, 'lockedUntil'> | null, now: Date): number {
  const until = user?.lockedUntil;
  return until && until.getTime() > now.getTime() ? Math.ceil((until.getTime() - now.getTime()) / 60_000) : 0;
}

/**
 * `wrong` carries the minutes the account is locked since this attempt (0 while tries are left);
 * `locked` means the password was not checked at all.
 */
export type PasswordAttempt = { result: 'ok' } | { result: 'wrong'; lockedMinutes: number } | { result: 'locked'; minutes: number };

export interface PasswordChecks {
  /** Verifies the password against the account's hash. */
  verify(): Promise<boolean>;
  /** Spends the same time without an answer (a dummy hash), so a locked account answers as fast as any other. */
  spendTime(): Promise<unknown>;
}

/** Checks a password of the account under the lockout rule (see above). */
export async function attemptPassword(users: UsersRepo, userId: string, policy: LockoutPolicy, now: Date, checks: PasswordChecks): Promise<PasswordAttempt> {
  const lockUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
  const reserved = await users.reserveLoginAttempt(userId, now);
  if (!reserved) {
    await checks.spendTime();
    return { result: 'wrong', lockedMinutes: 0 };
  }
  const minutes = minutesLocked(reserved, now);
  if (minutes > 0) {
    await checks.spendTime();
    return { result: 'locked', minutes };
  }
  if (reserved.attempts > policy.maxAttempts) {
    // Past the limit (racing attempts took the allowed ones): lock without checking.
    await users.lockLogin(userId, lockUntil);
    await checks.spendTime();
    return { result: 'locked', minutes: policy.lockMinutes };
  }
  if (await checks.verify()) {
    await users.recordLoginSuccess(userId, now);
    return { result: 'ok' };
  }
  if (reserved.attempts < policy.maxAttempts) return { result: 'wrong', lockedMinutes: 0 };
  await users.lockLogin(userId, lockUntil);
  return { result: 'wrong', lockedMinutes: policy.lockMinutes };
}

/** A newly set password (after another proof): the count starts again and any lock ends. */
export function clearWrongPasswords(users: UsersRepo, userId: string): Promise<void> {
  return users.unlockLogin(userId);
}

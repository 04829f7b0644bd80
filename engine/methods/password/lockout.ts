import type { User, UsersRepo } from '../../store/port.js';

/**
 * The lockout rule: after `maxAttempts` wrong passwords in a row the account is locked for
 * `lockMinutes`; a right password (or a new one) starts the count again. The count lives in the
 * store, atomically, so every instance sees the same lock.
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

/** Counts one wrong password; returns the minutes the account is now locked (0 when it is not). */
export async function countWrongPassword(users: UsersRepo, userId: string, policy: LockoutPolicy, now: Date): Promise<number> {
  const after = await users.recordLoginFailure(userId, now, policy.maxAttempts, policy.lockMinutes * 60_000);
  return minutesLocked(after, now);
}

/** A right password or a newly set one: the count starts again and any lock ends. */
export function clearWrongPasswords(users: UsersRepo, userId: string): Promise<void> {
  return users.recordLoginSuccess(userId);
}

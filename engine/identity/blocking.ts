import type { User } from '../store/port.js';

/**
 * A blocked account may not sign in and its sessions end: support blocks it (fraud, a dispute, the
 * owner's request) and unblocks it later. The mark is kept among the account's administrative roles,
 * which customers can never edit.
 */
export const BLOCKED_ROLE = 'blocked';

export const isBlocked = (user: Pick<User, 'roles'>) => user.roles.includes(BLOCKED_ROLE);

/** The account's roles with the mark set or cleared (the others kept). */
export const withBlocked = (roles: readonly string[], blocked: boolean) => [...roles.filter((r) => r !== BLOCKED_ROLE), ...(blocked ? [BLOCKED_ROLE] : [])];

import type { User } from '../../store/port.js';
import type { NodeContext } from '../../nodes/types.js';
import { dummyPasswordHash } from './hashing.js';
import { clearWrongPasswords, countWrongPassword, minutesLocked, type LockoutPolicy } from './lockout.js';

export type PasswordSignIn =
  | { result: 'ok'; user: User }
  | { result: 'wrong'; user: User }
  | { result: 'locked'; user: User; minutes: number }
  | { result: 'unknown-user' };

/**
 * Checks the password of the account with this email (argon2id). The hash is verified in every case
 * (unknown user, locked account) so the answer takes the same time whatever the account's state.
 */
export async function signInWithPassword(ctx: NodeContext<unknown>, email: string | undefined, password: string, lockout: LockoutPolicy): Promise<PasswordSignIn> {
  const { store, passwords, clock } = ctx.services;
  const user = email ? await store.users.findByEmail(email) : null;
  const credential = user ? (await store.credentials.listByUser(user.id, 'password'))[0] : undefined;
  const storedHash = typeof credential?.data.hash === 'string' ? credential.data.hash : await dummyPasswordHash(passwords);

  if (user && minutesLocked(user, clock.now()) > 0) {
    await passwords.verify(storedHash, password);
    return { result: 'locked', user, minutes: minutesLocked(user, clock.now()) };
  }
  const ok = await passwords.verify(storedHash, password);
  if (!user) return { result: 'unknown-user' };
  if (!credential || !ok) {
    await ctx.audit.record('signin.failed', { userId: user.id, actor: null, details: { reason: 'wrong-password', userAgent: ctx.client.userAgent } });
    const minutes = await countWrongPassword(store.users, user.id, lockout, clock.now());
    return minutes > 0 ? { result: 'locked', user, minutes } : { result: 'wrong', user };
  }
  await clearWrongPasswords(store.users, user.id);
  return { result: 'ok', user };
}

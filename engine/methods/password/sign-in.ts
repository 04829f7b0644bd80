import type { User } from '../../store/port.js';
import type { NodeContext } from '../../nodes/types.js';
import type { ThrottleScope } from '../../protection/sign-in-throttles.js';
import { dummyPasswordHash, needsRehash } from './hashing.js';
import { attemptPassword, type LockoutPolicy } from './lockout.js';

export type PasswordSignIn =
  | { result: 'ok'; user: User }
  | { result: 'wrong'; user: User }
  | { result: 'locked'; user: User; scope: ThrottleScope; minutes: number; seconds: number }
  | { result: 'unknown-user' };

/**
 * Checks the password of the account with this email (argon2id) under the sign-in throttles. A hash
 * is verified in every case (unknown user, throttled attempt: a dummy one) so the answer takes the
 * same time whatever the account's state.
 */
export async function signInWithPassword(ctx: NodeContext<unknown>, email: string | undefined, password: string, lockout: LockoutPolicy): Promise<PasswordSignIn> {
  const { store, passwords, clock, throttles } = ctx.services;
  const spendTime = async () => passwords.verify(await dummyPasswordHash(passwords), password);
  const user = email ? await store.users.findByEmail(email) : null;
  if (!user) {
    await spendTime();
    return { result: 'unknown-user' };
  }
  const credential = (await store.credentials.listByUser(user.id, 'password'))[0];
  const hash = credential?.data.hash;
  const attempt = await attemptPassword(throttles, user.email, ctx.client.ip, lockout, clock.now(), {
    verify: async () => (typeof hash === 'string' ? passwords.verify(hash, password) : (await spendTime(), false)),
    spendTime,
  });
  if (attempt.result === 'ok') {
    // A hash imported from another system becomes argon2id now that the password is known: one
    // compare-and-set on the credential, so a password changed meanwhile is never overwritten.
    if (credential && typeof hash === 'string' && needsRehash(hash)) await store.credentials.compareAndSetData(credential.id, credential.revision, { ...credential.data, hash: await passwords.hash(password) });
    return { result: 'ok', user };
  }
  if (attempt.result === 'blocked') {
    await ctx.audit.record('signin.throttled', { userId: user.id, actor: null, details: { scope: attempt.scope, userAgent: ctx.client.userAgent } });
    return { result: 'locked', user, scope: attempt.scope, minutes: attempt.minutes, seconds: attempt.seconds };
  }
  // A password is always compared, so `unchecked` does not happen here.
  const blockedMinutes = attempt.result === 'wrong' ? attempt.blockedMinutes : 0;
  // The failure that blocks this address for the account says so: the dashboard counts it as a lockout.
  const locked = blockedMinutes > 0 ? { lockedMinutes: blockedMinutes } : {};
  await ctx.audit.record('signin.failed', { userId: user.id, actor: null, details: { reason: 'wrong-password', userAgent: ctx.client.userAgent, ...locked } });
  return blockedMinutes > 0
    ? { result: 'locked', user, scope: 'pair', minutes: blockedMinutes, seconds: blockedMinutes * 60 }
    : { result: 'wrong', user };
}

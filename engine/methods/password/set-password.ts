import type { User } from '../../store/port.js';
import type { NodeContext } from '../../nodes/types.js';
import { checkPasswordPolicy, type PasswordPolicy } from './policy.js';
import { wrongPasswordCounters } from './lockout.js';

/**
 * Replaces the account's password (reset or change): checks the policy and the repetition, then, in
 * one store operation, replaces the password, signs out every session and revokes the apps' tokens
 * (they may belong to whoever knew the old password), ends the account's slow-down and this
 * address's block and records the audit event: a failure midway writes none of it.
 * Returns the inline errors, or null when the password was set.
 */
export async function setNewPassword(
  ctx: NodeContext<unknown>,
  user: User,
  password: string,
  confirm: string,
  policy: PasswordPolicy,
): Promise<Record<string, string> | null> {
  const problems = checkPasswordPolicy(password, policy, user.email);
  if (!problems.length && (await ctx.services.breached.isBreached(password))) problems.push({ key: 'password.policy.breached' });
  if (problems.length) return { password: problems.map((p) => ctx.t(p.key, p.vars)).join(' ') };
  if (password !== confirm) return { confirm: ctx.t('setPassword.mismatch') };
  const { store, passwords } = ctx.services;
  await store.credentials.setPassword({
    userId: user.id,
    hash: await passwords.hash(password),
    link: null,
    keepSession: null,
    forgetCounters: wrongPasswordCounters(user.email, ctx.client.ip),
    audit: ctx.audit.event('password.changed', { userId: user.id }),
  });
  return null;
}

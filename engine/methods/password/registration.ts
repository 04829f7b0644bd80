import type { User } from '../../store/port.js';
import { DuplicateError, normaliseEmail } from '../../store/port.js';
import type { NodeContext } from '../../nodes/types.js';
import { isEmail } from '../../identity/attributes.js';
import { checkPasswordPolicy, type PasswordPolicy } from './policy.js';

export type Registration =
  | { result: 'created'; user: User; email: string }
  | { result: 'invalid'; fields: Record<string, string> };

/** Creates an account with email and password after checking both; a taken email is an inline error. */
export async function registerWithPassword(ctx: NodeContext<unknown>, rawEmail: string, password: string, policy: PasswordPolicy): Promise<Registration> {
  const email = normaliseEmail(rawEmail);
  const fields: Record<string, string> = {};
  if (!isEmail(email)) fields.email = ctx.t('field.email');
  const problems = checkPasswordPolicy(password, policy, email);
  if (problems.length) fields.password = problems.map((p) => ctx.t(p.key, p.vars)).join(' ');
  if (Object.keys(fields).length) return { result: 'invalid', fields };
  const hash = await ctx.services.passwords.hash(password);
  try {
    const user = await ctx.services.store.users.create({ email }, { type: 'password', data: { hash } });
    await ctx.audit.record('signup', { userId: user.id, details: { method: 'password' } });
    return { result: 'created', user, email };
  } catch (err) {
    if (err instanceof DuplicateError) return { result: 'invalid', fields: { email: ctx.t('register.duplicate') } };
    throw err;
  }
}

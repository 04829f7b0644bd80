import type { User } from '../../store/port.js';
import { DuplicateError, normaliseEmail } from '../../store/port.js';
import type { NodeContext } from '../../nodes/types.js';
import { isEmail } from '../../identity/attributes.js';
import { checkPasswordPolicy, type PasswordPolicy } from './policy.js';
import { signInWithPassword } from './sign-in.js';
import { DEFAULT_LOCKOUT_POLICY } from './lockout.js';
import { domainEvents } from '../../outbox/domain-events.js';
import { knownLanguage } from '../../languages.js';

export type Registration =
  | { result: 'created'; user: User; email: string }
  | { result: 'invalid'; fields: Record<string, string> };

/** Creates an account with email and password after checking both; a taken email is an inline error. */
export async function registerWithPassword(ctx: NodeContext<unknown>, rawEmail: string, password: string, policy: PasswordPolicy): Promise<Registration> {
  const email = normaliseEmail(rawEmail);
  const fields: Record<string, string> = {};
  if (!isEmail(email)) fields.email = ctx.t('field.email');
  const problems = checkPasswordPolicy(password, policy, email);
  if (!problems.length && (await ctx.services.breached.isBreached(password))) problems.push({ key: 'password.policy.breached' });
  if (problems.length) fields.password = problems.map((p) => ctx.t(p.key, p.vars)).join(' ');
  if (Object.keys(fields).length) return { result: 'invalid', fields };
  const hash = await ctx.services.passwords.hash(password);
  try {
    const user = await ctx.services.store.users.create({ email, language: knownLanguage(ctx.lang) }, { type: 'password', data: { hash } }, undefined, domainEvents.userCreated('password'));
    await ctx.audit.record('signup', { userId: user.id, details: { method: 'password' } });
    return { result: 'created', user, email };
  } catch (err) {
    if (!(err instanceof DuplicateError)) throw err;
    const resumed = await createdByThisSubmission(ctx, email, password);
    if (resumed) return { result: 'created', user: resumed, email };
    return { result: 'invalid', fields: { email: ctx.t('register.duplicate') } };
  }
}

/** How long after its creation an account counts as the one a resubmitted sign-up created. */
const RESUBMIT_WINDOW_MS = 30 * 60_000;

/**
 * The same sign-up submitted again after the account was created but before the run moved on (the
 * server stopped between the two writes, or the answer was lost): an account created for this email
 * during this run, moments ago, with this very password is this person's, and the sign-up continues instead of
 * saying "already exists" forever. Knowing the password is what a sign-in would ask anyway.
 */
async function createdByThisSubmission(ctx: NodeContext<unknown>, email: string, password: string): Promise<User | null> {
  const [user, run] = await Promise.all([ctx.services.store.users.findByEmail(email), ctx.services.store.runs.get(ctx.runId)]);
  // Only an account created while this very run was under way, moments ago.
  if (!user || !run || user.createdAt.getTime() < run.createdAt.getTime()) return null;
  if (ctx.services.clock.now().getTime() - user.createdAt.getTime() > RESUBMIT_WINDOW_MS) return null;
  // Checked like a sign-in: wrong passwords count towards the lockout, a locked account stays locked.
  const check = await signInWithPassword(ctx, email, password, DEFAULT_LOCKOUT_POLICY);
  return check.result === 'ok' ? check.user : null;
}

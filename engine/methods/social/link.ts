import type { NodeContext, StepResult } from '../../nodes/types.js';
import { DuplicateError } from '../../store/port.js';

/** Where a pending account link waits for the proof of ownership (not a valid node id: no clash). */
export const PENDING_LINK = '$link';

/** Links the provider account waiting from a social step to the user who just proved ownership. */
export async function linkPendingIdentity(ctx: NodeContext<unknown>): Promise<StepResult> {
  const pending = ctx.state.data[PENDING_LINK] as { provider: string; subject: string; email: string } | undefined;
  if (!pending?.provider || !ctx.user) return { outcome: 'linked' };
  if (ctx.user.email !== pending.email) throw new Error('The signed-in account is not the one the social account was meant for');
  try {
    await ctx.services.store.identities.link({ provider: pending.provider, subject: pending.subject, userId: ctx.user.id, email: pending.email, linkedAt: ctx.services.clock.now() });
    await ctx.audit.record('identity.linked', { details: { provider: pending.provider } });
  } catch (err) {
    if (!(err instanceof DuplicateError)) throw err;
  }
  return { outcome: 'linked', patch: { data: { [PENDING_LINK]: { provider: null, subject: null, email: null } }, amr: ['fed'] } };
}

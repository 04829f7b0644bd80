import type { NodeContext } from '../../nodes/types.js';
import type { User } from '../../store/port.js';

/**
 * The owner of a mailbox just proved it (a code or link sent there came back, e.g. verification or
 * password reset). Provider accounts linked to the account on an unverified claim of that email may
 * belong to whoever typed the address at their provider: they are removed, and the owner is told.
 */
export async function forgetUnprovedIdentities(ctx: NodeContext<unknown>, user: User, address: string): Promise<void> {
  if (user.email !== address) return;
  const { store, social, mailer, logger } = ctx.services;
  const removed = await store.identities.removeUnverified(user.id);
  if (removed.length === 0) return;
  await ctx.audit.record('identity.removed', { userId: user.id, details: { providers: removed.map((i) => i.provider), reason: 'email-not-verified-by-provider' } });
  const labels = await Promise.all(removed.map(async (i) => (await social.get(i.provider))?.label ?? i.provider));
  const providers = [...new Set(labels)];
  mailer
    .sendIdentitiesRemoved({ to: address, lang: ctx.lang, providers })
    .catch((e: unknown) => logger.error('telling the owner about removed sign-ins failed', { error: String(e) }));
}

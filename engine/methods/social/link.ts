import { StepRejected, type NodeContext, type StepResult } from '../../nodes/types.js';
import { DuplicateError, type User } from '../../store/port.js';
import { knownLanguage } from '../../languages.js';

/** Where a pending account link waits for the proof of ownership (not a valid node id: no clash). */
export const PENDING_LINK = '$link';

/** A provider account waiting for the person to prove the account or the mailbox it names. */
export interface PendingLink {
  provider: string;
  subject: string;
  email: string;
  /** Profile claims for the account created once the mailbox is proved. */
  attributes?: Record<string, string>;
}

const CLEARED = { [PENDING_LINK]: { provider: null, subject: null, email: null, attributes: null } };

/**
 * Links the provider account waiting from a social step: to the user who just proved they own the
 * account (their password, or the mailbox of its email), or, when no account has that email, to a new
 * account created now that this run proved the mailbox itself. Such a link counts as proved.
 */
export async function linkPendingIdentity(ctx: NodeContext<unknown>): Promise<StepResult> {
  const pending = ctx.state.data[PENDING_LINK] as Partial<PendingLink> | undefined;
  if (!pending?.provider || !pending.subject || !pending.email) {
    if (ctx.user) return { outcome: 'linked' };
    throw new StepRejected({ en: 'No social account is waiting to be linked in this journey.', id: 'Tidak ada akun sosial yang menunggu untuk ditautkan dalam perjalanan ini.' });
  }
  const { store, clock } = ctx.services;
  let user: User | null = ctx.user;
  let created = false;
  if (!user) {
    // Only a mailbox proved in this run stands for the provider's unverified word.
    if (ctx.state.verifiedEmail !== pending.email) throw new StepRejected({ en: 'The email address of this social account was not verified in this journey.', id: 'Alamat email akun sosial ini belum diverifikasi dalam perjalanan ini.' });
    try {
      user = await store.users.create({ email: pending.email, emailVerified: true, attributes: pending.attributes ?? {}, language: knownLanguage(ctx.lang) });
      created = true;
      await ctx.audit.record('signup', { userId: user.id, details: { provider: pending.provider } });
    } catch (err) {
      if (!(err instanceof DuplicateError)) throw err;
      // Created meanwhile by the same mailbox owner (another tab): theirs to link.
      user = await store.users.findByEmail(pending.email);
      if (!user) throw err;
    }
  }
  if (user.email !== pending.email) throw new Error('The signed-in account is not the one the social account was meant for');
  try {
    await store.identities.link({ provider: pending.provider, subject: pending.subject, userId: user.id, email: pending.email, emailVerified: true, linkedAt: clock.now() });
    await ctx.audit.record('identity.linked', { userId: user.id, details: { provider: pending.provider, created } });
  } catch (err) {
    if (!(err instanceof DuplicateError)) throw err;
    // Linked meanwhile (another tab): the provider counts as proved only if it is linked to this user.
    const linked = await store.identities.find(pending.provider, pending.subject);
    if (linked?.userId !== user.id) return { outcome: 'linked', patch: { data: CLEARED, userId: user.id, email: user.email } };
  }
  return { outcome: 'linked', patch: { data: CLEARED, userId: user.id, email: user.email, amr: ['fed'] } };
}

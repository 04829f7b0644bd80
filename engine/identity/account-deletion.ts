import { normaliseEmail, type Store } from '../store/port.js';
import { domainEvents } from '../outbox/domain-events.js';

/**
 * The account-deletion rule: what belongs to a person and goes with their account. Their data goes
 * first and the user record last, so an interrupted deletion leaves an account that can be deleted
 * again (re-running finishes it), never data about a person who no longer has an account.
 * Returns false when there was no such user.
 */
export async function deleteAccount(store: Store, userId: string): Promise<boolean> {
  const user = await store.users.findById(userId);
  if (!user) return false;
  await Promise.all([
    store.codes.deleteByAddress(normaliseEmail(user.email)),
    store.sessions.deleteByUser(userId),
    store.consents.deleteByUser(userId),
    store.audit.deleteByUser(userId),
    store.identities.deleteByUser(userId),
    store.credentials.deleteByUser(userId),
    store.memberships.deleteByUser(userId),
  ]);
  return store.users.delete(userId, domainEvents.userDeleted(userId, new Date()));
}

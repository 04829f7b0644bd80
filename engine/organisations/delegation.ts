import type { Store, User } from '../store/port.js';
import { ORGANISATION_ADMIN_ROLE } from './rules.js';

/** The organisations a person administers (delegated administration): memberships with the administrator role. */
export const delegatedOrganisations = (store: Store) => async (user: User): Promise<string[]> =>
  (await store.memberships.listByUser(user.id)).filter((m) => m.roles.includes(ORGANISATION_ADMIN_ROLE)).map((m) => m.orgId);

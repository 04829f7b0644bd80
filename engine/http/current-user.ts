import type { Request } from 'express';
import type { SessionService } from '../identity/sessions.js';
import type { Session, Store, User } from '../store/port.js';
import type { Cookies } from './cookies.js';
import { isBlocked } from '../identity/blocking.js';

export interface SignedIn {
  session: Session;
  user: User;
}

/** Who is signed in on this request (the session cookie), or null. Shared by pages, account and admin. */
export function currentUserLookup(deps: { store: Store; sessions: SessionService; cookies: Cookies }) {
  return async (req: Request): Promise<SignedIn | null> => {
    const session = await deps.sessions.resolve(deps.cookies.read(req, 'sid'));
    const user = session ? await deps.store.users.findById(session.userId) : null;
    // A blocked account is signed out everywhere at once, whatever sessions remain.
    return session && user && !isBlocked(user) ? { session, user } : null;
  };
}

export type CurrentUser = ReturnType<typeof currentUserLookup>;

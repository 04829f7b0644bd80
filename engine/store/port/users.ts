import type { NewCredential } from './credentials.js';
import type { FirstIdentity } from './identities.js';
import type { DomainEvent, Emits } from './outbox.js';

export type Attributes = Record<string, unknown>;

export interface User {
  id: string;
  /** Normalised (trimmed, lower-cased) email; unique. */
  email: string;
  emailVerified: boolean;
  attributes: Attributes;
  /** Administrative roles (e.g. `admin`); never editable through profile forms. */
  roles: string[];
  failedLogins: number;
  lockedUntil: Date | null;
  /**
   * The language the person last used on the hosted pages (null: not known yet): mails sent outside
   * a hosted request (support's links, the attack notice) are written in it. Not an OIDC claim.
   * A language code the engine checked (one Gerbang speaks); the store keeps it as given.
   */
  language: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The sign-in attempt counter of an account and its lock. */
export interface LoginAttempts {
  /** Attempts counted since the last success or the end of the last lock, this one included. */
  attempts: number;
  lockedUntil: Date | null;
}

export interface NewUser {
  email: string;
  emailVerified?: boolean;
  attributes?: Attributes;
  roles?: string[];
  /** The language of the page the person signed up on. */
  language?: string | null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface UserSearch {
  text?: string;
  /** The email of the last user of the previous page. */
  after?: string;
  limit: number;
}

export interface UsersRepo {
  /**
   * Creates the user with (optionally) their first credential and/or first linked identity, in one
   * atomic write: a user never exists without the way they signed up. `emits` builds the outbox
   * events of the creation, written with it (see outbox.ts).
   */
  create(user: NewUser, credential?: NewCredential, identity?: FirstIdentity, emits?: Emits<User>): Promise<User>;
  findById(id: string): Promise<User | null>;
  /** The users with these ids, in one read (ids without a user are left out; order not kept); at most 1000 ids. */
  findByIds(ids: readonly string[]): Promise<User[]>;
  findByEmail(email: string): Promise<User | null>;
  /** Merges the given attributes into the user's profile; `emits` builds the outbox events written with it. */
  updateAttributes(id: string, attributes: Attributes, emits?: Emits<User>): Promise<User | null>;
  /**
   * Reserves one sign-in attempt before the password is checked, as one atomic increment: the
   * attempt counter goes up by one (starting again at 1 once an earlier lock has ended) unless the
   * account is locked at `now`, in which case nothing changes. Answers the counter and the lock as
   * they are after the write; null when there is no such user. Racing attempts each get their own
   * number, so the engine's lockout rule can refuse every attempt past its limit.
   */
  reserveLoginAttempt(id: string, now: Date): Promise<LoginAttempts | null>;
  /** Locks sign-in until `until` (a later lock already in place is kept). */
  lockLogin(id: string, until: Date): Promise<void>;
  /**
   * Clears the attempt counter after a successful sign-in; a lock that is still running at `now`
   * (set meanwhile by racing attempts) stays.
   */
  recordLoginSuccess(id: string, now: Date): Promise<void>;
  /** Clears the counter and ends any lock (the person proved themself another way and set a new password). */
  unlockLogin(id: string): Promise<void>;
  setRoles(id: string, roles: string[]): Promise<void>;
  /** Remembers the language the person used (only called when it differs from the one stored). */
  setLanguage(id: string, language: string): Promise<void>;
  /**
   * Users whose id is `text`, or whose email, first name or last name contains it (case-insensitive),
   * ordered by email; all users without `text`. A page starts after the email `after` (exclusive).
   */
  search(filter: UserSearch): Promise<User[]>;
  /** The users holding a role (e.g. the administrators), by email; at most `limit`. */
  listWithRole(role: string, limit: number): Promise<User[]>;
  /**
   * Deletes the user record. What else belongs to the user (credentials, sessions, consents, audit
   * events...) is the engine's account-deletion rule, which removes it through each repository.
   * The outbox events are written only when a user was deleted, with the deletion.
   */
  delete(id: string, events?: DomainEvent[]): Promise<boolean>;
  /** Marks the email verified, only while it is still the user's email (it may have changed meanwhile). */
  markEmailVerified(id: string, email: string): Promise<boolean>;
  /** Sets a new (already verified) email; DuplicateError when another account has it. `emits`: outbox events written with it. */
  changeEmail(id: string, email: string, emits?: Emits<User>): Promise<User | null>;
  /** Users holding a role, e.g. to know whether a bootstrap administrator exists. */
  countWithRole(role: string): Promise<number>;
}

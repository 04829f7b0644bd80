import type { NewCredential } from './credentials.js';

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
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  email: string;
  emailVerified?: boolean;
  attributes?: Attributes;
  roles?: string[];
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface UsersRepo {
  /**
   * Creates the user with (optionally) their first credential and/or first linked identity, in one
   * atomic write: a user never exists without the way they signed up.
   */
  create(user: NewUser, credential?: NewCredential, identity?: { provider: string; subject: string; email: string | null }): Promise<User>;
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  /** Merges the given attributes into the user's profile. */
  updateAttributes(id: string, attributes: Attributes): Promise<User | null>;
  /**
   * Counts one failed sign-in atomically; when the count reaches `maxAttempts` the account is
   * locked until `now + lockMs` and the counter starts again.
   */
  recordLoginFailure(id: string, now: Date, maxAttempts: number, lockMs: number): Promise<User | null>;
  /** Clears the failure counter after a successful sign-in. */
  recordLoginSuccess(id: string): Promise<void>;
  setRoles(id: string, roles: string[]): Promise<void>;
  /**
   * Deletes the user and everything about them (credentials, sessions, consent decisions, audit
   * events naming them) as one operation. Returns false when there was no such user.
   */
  deleteCompletely(id: string): Promise<boolean>;
  /** Marks the email verified, only while it is still the user's email (it may have changed meanwhile). */
  markEmailVerified(id: string, email: string): Promise<boolean>;
  /** Sets a new (already verified) email; DuplicateError when another account has it. */
  changeEmail(id: string, email: string): Promise<User | null>;
  /** Users holding a role, e.g. to know whether a bootstrap administrator exists. */
  countWithRole(role: string): Promise<number>;
}

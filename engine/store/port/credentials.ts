import type { AuditEvent } from './audit.js';

export type CredentialType = 'password' | 'totp' | 'webauthn' | 'recovery-codes' | (string & {});

export interface Credential {
  id: string;
  userId: string;
  type: CredentialType;
  /** Type-specific data, e.g. `{ hash }` for passwords. Secrets are encrypted by the caller. */
  data: Record<string, unknown>;
  /** Incremented by every write of `data`: compare-and-set writes are conditional on it. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A password chosen through a one-time link (support's reset link, a new account's welcome link):
 * everything the link's use changes, written as one operation.
 */
export interface PasswordSetByLink {
  userId: string;
  /** The link's one-time code (live, its token already compared): consumed by compare-and-set. */
  codeId: string;
  /** The new password's hash (replaces every password credential of the user). */
  hash: string;
  /** Marked verified (the link proved the mailbox), only while it is still the user's email; null: leave as is. */
  verifyEmail: string | null;
  /** The audit event of the change. */
  audit: Omit<AuditEvent, 'id'>;
}

export interface NewCredential {
  type: CredentialType;
  data: Record<string, unknown>;
}

export interface CredentialsRepo {
  listByUser(userId: string, type?: CredentialType): Promise<Credential[]>;
  add(userId: string, credential: NewCredential): Promise<Credential>;
  updateData(id: string, data: Record<string, unknown>): Promise<void>;
  /**
   * Compare-and-set: writes `data` only while the stored revision still equals `expectedRevision`
   * (the stored revision becomes `expectedRevision + 1`). False when another write got there first,
   * so a one-time secret (recovery code, TOTP time step) is consumed by exactly one request.
   */
  compareAndSetData(id: string, expectedRevision: number, data: Record<string, unknown>): Promise<boolean>;
  remove(id: string): Promise<void>;
  deleteByUser(userId: string): Promise<number>;
  /** Replaces every credential of this type of the user by one new credential, atomically. */
  replaceAll(userId: string, credential: NewCredential): Promise<Credential>;
  /**
   * Uses a link to choose a password: consumes the link's code (live -> consumed, for exactly one
   * caller), replaces the password, marks the email verified, ends every session of the user, clears
   * their sign-in attempts and lock, and records the audit event — all or nothing where the database
   * has transactions (SQLite; MongoDB on a replica set): a failure midway writes nothing and leaves the
   * link usable. False (nothing written) when the code is no longer live (used by another request).
   * A standalone MongoDB has no transactions: the code is consumed first, then the rest in that order.
   */
  setPasswordByLink(change: PasswordSetByLink): Promise<boolean>;
}

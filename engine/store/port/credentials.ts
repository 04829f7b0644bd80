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
 * A new password (the reset journey, a change from a journey or the account page, a one-time link
 * from support or a welcome mail): everything the change writes, as one operation.
 */
export interface PasswordChange {
  userId: string;
  /** The new password's hash (replaces every password credential of the user). */
  hash: string;
  /**
   * The one-time link the password is chosen through, or null when the person proved themselves
   * otherwise (a code mailed in a journey, the current password).
   */
  link: {
    /** The link's one-time code (live, its token already compared): consumed by compare-and-set. */
    codeId: string;
    /** Marked verified (the link proved the mailbox), only while it is still the user's email; null: leave as is. */
    verifyEmail: string | null;
  } | null;
  /** The session making the change, which stays signed in (the account page); null: every session ends. */
  keepSession: string | null;
  /** Counters of wrong passwords the new password ends (the sign-in throttles' keys of the account). */
  forgetCounters: string[];
  /** The audit event of the change. */
  audit: Omit<AuditEvent, 'id'>;
}

/** What a password change wrote that others act on: the sessions it ended (their apps are told), its audit event (streamed). */
export interface PasswordChanged {
  endedSessions: string[];
  audit: AuditEvent;
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
   * Sets a new password and everything that goes with it: consumes the link's code when there is one
   * (live -> consumed, for exactly one caller) and marks the email verified, ends every session of the
   * user but `keepSession` and revokes the tokens apps hold for them (whoever knew the old password is
   * out), replaces the password, clears their sign-in attempts, lock and `forgetCounters`, and records
   * the audit event — all or nothing where the database has transactions (SQLite; MongoDB on a replica
   * set): a failure midway writes nothing, the old password still works and a link stays usable.
   * Answers the sessions ended and the audit event; null (nothing written) when the link's code is no
   * longer live (used by another request).
   * A standalone MongoDB has no transactions: the code is consumed first, the sessions and tokens end
   * next, then the password is replaced and the rest follows in that order, so a failure midway never
   * leaves a new password beside the old sessions.
   */
  setPassword(change: PasswordChange): Promise<PasswordChanged | null>;
}

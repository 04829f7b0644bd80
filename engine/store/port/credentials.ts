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
}

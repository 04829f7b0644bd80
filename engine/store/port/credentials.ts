export type CredentialType = 'password' | 'totp' | 'webauthn' | 'recovery-codes' | (string & {});

export interface Credential {
  id: string;
  userId: string;
  type: CredentialType;
  /** Type-specific data, e.g. `{ hash }` for passwords. Secrets are encrypted by the caller. */
  data: Record<string, unknown>;
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
  remove(id: string): Promise<void>;
  /** Replaces every credential of this type of the user by one new credential, atomically. */
  replaceAll(userId: string, credential: NewCredential): Promise<Credential>;
}

/** An account at another identity provider (Google, any OpenID provider...) linked to a user. */
export interface LinkedIdentity {
  provider: string;
  subject: string;
  userId: string;
  email: string | null;
  /**
   * Whether that email was proved when the account was linked: marked verified by the provider, or
   * its mailbox proved here. False only for an unverified claim of a connection declared trusted (and
   * for links made before this was recorded to accounts whose email was never verified).
   */
  emailVerified: boolean;
  linkedAt: Date;
}

/** A provider account linked when a user is created with it. */
export type FirstIdentity = Pick<LinkedIdentity, 'provider' | 'subject' | 'email' | 'emailVerified'>;

export interface IdentitiesRepo {
  find(provider: string, subject: string): Promise<LinkedIdentity | null>;
  listByUser(userId: string): Promise<LinkedIdentity[]>;
  /** Throws DuplicateError when that provider account is already linked (to anyone). */
  link(identity: LinkedIdentity): Promise<void>;
  unlink(userId: string, provider: string, subject: string): Promise<boolean>;
  /** Removes the user's identities linked on an unverified email; answers the ones it removed. */
  removeUnverified(userId: string): Promise<LinkedIdentity[]>;
  deleteByUser(userId: string): Promise<number>;
}

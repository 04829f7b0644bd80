/** An account at another identity provider (Google, any OpenID provider...) linked to a user. */
export interface LinkedIdentity {
  provider: string;
  subject: string;
  userId: string;
  email: string | null;
  linkedAt: Date;
}

export interface IdentitiesRepo {
  find(provider: string, subject: string): Promise<LinkedIdentity | null>;
  listByUser(userId: string): Promise<LinkedIdentity[]>;
  /** Throws DuplicateError when that provider account is already linked (to anyone). */
  link(identity: LinkedIdentity): Promise<void>;
  unlink(userId: string, provider: string, subject: string): Promise<boolean>;
  deleteByUser(userId: string): Promise<number>;
}

export interface Session {
  /** SHA-256 of the cookie value; the raw value never reaches the store. */
  id: string;
  userId: string;
  /** Authentication methods used (`pwd`, `otp`, ...). */
  amr: string[];
  /** When each method was proved (seconds since the epoch): the session's level and auth_time come from these. */
  proofs: Array<{ method: string; at: number }>;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

export interface SessionsRepo {
  create(session: Session): Promise<void>;
  get(id: string): Promise<Session | null>;
  touch(id: string, now: Date): Promise<void>;
  /** Records what the session has proved now (a step-up or re-authentication of the same person). */
  setProofs(id: string, amr: string[], proofs: Session['proofs']): Promise<void>;
  listByUser(userId: string): Promise<Session[]>;
  delete(id: string): Promise<void>;
  deleteByUser(userId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

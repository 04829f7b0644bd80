export interface Session {
  /** SHA-256 of the cookie value; the raw value never reaches the store. */
  id: string;
  userId: string;
  /** Authentication methods used (`pwd`, `otp`, ...). */
  amr: string[];
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
  listByUser(userId: string): Promise<Session[]>;
  delete(id: string): Promise<void>;
  deleteByUser(userId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

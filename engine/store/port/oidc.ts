/**
 * What oidc-provider persists (sessions, grants, codes, tokens, interactions...), by model name.
 * `payload` is the provider's own JSON; grantId / uid / userCode are indexed for its look-ups.
 */
export interface OidcRepo {
  upsert(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<void>;
  /**
   * Writes that belong together (e.g. the signing keys of every kind): several records of one model,
   * kept until removed, replaced as one compare-and-set. Each record is written only while it still
   * holds `expected` (its payload as read); false, with nothing written, when any of them does not
   * (another instance wrote first). When a write fails, none is made.
   */
  replaceAll(model: string, records: Array<{ id: string; expected: Record<string, unknown>; payload: Record<string, unknown> }>): Promise<boolean>;
  /** Conditional insert: false, with nothing written, when the artifact exists (a live one). */
  create(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<boolean>;
  find(model: string, id: string): Promise<Record<string, unknown> | null>;
  findByUid(model: string, uid: string): Promise<Record<string, unknown> | null>;
  findByUserCode(model: string, userCode: string): Promise<Record<string, unknown> | null>;
  /**
   * Compare-and-set: marks a one-time artifact (authorization code, refresh token, device code) as
   * used only while it is unused. True for exactly one caller, however many race.
   */
  consume(model: string, id: string, at: Date): Promise<boolean>;
  destroy(model: string, id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
  /**
   * Ends everything the provider holds for an account (its sessions, grants, codes, access and refresh
   * tokens of every app), except the provider sessions listed in `keepSessionIds`. Returns how many.
   */
  revokeByAccount(accountId: string, keepSessionIds?: string[]): Promise<number>;
  /**
   * Revokes the account's refresh tokens (and unused codes) of every app, keeping its sessions, grants
   * and short-lived access tokens.
   */
  revokeTokensByAccount(accountId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

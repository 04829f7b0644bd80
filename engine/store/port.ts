/**
 * The storage port: the few repositories the product needs, each with the operations it uses.
 * Adapters (sqlite/, mongo/) implement it; everything else depends only on these types.
 * Writes that belong together are one operation here (e.g. a user with their first credential),
 * so each adapter can make them atomic in its own way.
 */

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

export interface CredentialsRepo {
  listByUser(userId: string, type?: CredentialType): Promise<Credential[]>;
  add(userId: string, credential: NewCredential): Promise<Credential>;
  updateData(id: string, data: Record<string, unknown>): Promise<void>;
  remove(id: string): Promise<void>;
  /** Replaces every credential of this type of the user by one new credential, atomically. */
  replaceAll(userId: string, credential: NewCredential): Promise<Credential>;
}

export interface FlowDraft {
  id: string;
  name: string;
  /** The flow graph JSON (validated by the caller against the flow schema). */
  graph: unknown;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface FlowVersion {
  flowId: string;
  version: number;
  graph: unknown;
  publishedAt: Date;
  publishedBy: string | null;
}

export interface FlowSummary {
  id: string;
  name: string;
  updatedAt: Date;
  /** The version runs start on, or null when the flow was never published. */
  activeVersion: number | null;
  latestVersion: number | null;
}

export interface FlowsRepo {
  list(): Promise<FlowSummary[]>;
  getDraft(id: string): Promise<FlowDraft | null>;
  saveDraft(draft: Omit<FlowDraft, 'updatedAt'>, now: Date): Promise<FlowDraft>;
  /** Stores an immutable new version (number = latest + 1) and makes it the active one. */
  publish(id: string, graph: unknown, by: string | null, now: Date): Promise<FlowVersion>;
  getVersion(id: string, version: number): Promise<FlowVersion | null>;
  /** The active published version. */
  getActive(id: string): Promise<FlowVersion | null>;
  listVersions(id: string): Promise<Array<Omit<FlowVersion, 'graph'>>>;
  /** Rolls back (or forward) to an existing version. Returns false when it does not exist. */
  setActiveVersion(id: string, version: number): Promise<boolean>;
}

export type RunStatus = 'active' | 'completed' | 'failed';

export interface Run {
  id: string;
  flowId: string;
  /** Published version the run executes; 0 for a draft run ("Try it"), whose graph is embedded. */
  flowVersion: number;
  graph: unknown | null;
  /** The persisted XState snapshot. */
  snapshot: unknown;
  /** Incremented on every step; updates are conditional on it (no lost step when requests race). */
  revision: number;
  /** SHA-256 of the browser binding cookie: a run only answers the browser that started it. */
  browserHash: string;
  /** Where the run came from and what to do on completion, e.g. `{ kind: 'direct' }`. */
  origin: Record<string, unknown>;
  status: RunStatus;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

export interface RunsRepo {
  create(run: Run): Promise<void>;
  get(id: string): Promise<Run | null>;
  /**
   * Writes the next step if the stored revision still equals `expectedRevision`; the stored
   * revision becomes `expectedRevision + 1`. Returns false when another request got there first.
   */
  update(
    id: string,
    expectedRevision: number,
    next: Pick<Run, 'snapshot' | 'status' | 'updatedAt' | 'expiresAt'>,
  ): Promise<boolean>;
  deleteExpired(now: Date): Promise<number>;
}

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

/** An account or admin event: data in the store (not a log line), readable by administrators. */
export interface AuditEvent {
  id: string;
  at: Date;
  /** e.g. `signin`, `signin.failed`, `signup`, `factor.added`, `consent.changed`, `account.exported`. */
  type: string;
  /** The user the event is about, if any. */
  userId: string | null;
  /** Who did it: the user themself, an administrator's user id, or `system`. */
  actor: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditRepo {
  record(event: Omit<AuditEvent, 'id'>): Promise<AuditEvent>;
  /** Newest first. */
  list(filter: { userId?: string; type?: string; before?: Date; limit: number }): Promise<AuditEvent[]>;
}

/** Something the organisation asks consent for, with a versioned text (a new text = a new version). */
export interface ConsentPurpose {
  id: string;
  name: Record<string, string>;
  text: Record<string, string>;
  version: number;
  updatedAt: Date;
}

/** One grant or refusal, kept forever as proof: who agreed to which text version, when, where. */
export interface ConsentDecision {
  userId: string;
  purposeId: string;
  version: number;
  granted: boolean;
  at: Date;
  /** Where it was given, e.g. `flow:signup-consent` or `account`. */
  channel: string;
}

export interface ConsentsRepo {
  /** Creates the purpose, or updates it; a changed text bumps the version. */
  savePurpose(p: { id: string; name: Record<string, string>; text: Record<string, string> }, now: Date): Promise<ConsentPurpose>;
  getPurpose(id: string): Promise<ConsentPurpose | null>;
  listPurposes(): Promise<ConsentPurpose[]>;
  deletePurpose(id: string): Promise<boolean>;
  /** Appends a decision to the user's history. */
  record(decision: ConsentDecision): Promise<void>;
  /** The latest decision per purpose. */
  current(userId: string): Promise<ConsentDecision[]>;
  /** Every decision, oldest first. */
  history(userId: string): Promise<ConsentDecision[]>;
}

/** Branding an app may set for its hosted pages (overrides the configured theme). */
export interface AppBranding {
  name?: string;
  logoUrl?: string;
  primaryColor?: string;
  backgroundColor?: string;
  textColor?: string;
}

/** An application that signs its users in through Gerbang (an OpenID Connect client). */
export interface App {
  /** The OAuth client id. */
  id: string;
  name: string;
  /** Public clients (SPAs, mobile) use PKCE and no secret; confidential ones also authenticate. */
  type: 'public' | 'confidential';
  /** Exact redirect URIs (no wildcards). */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The flow its users go through. */
  flowId: string;
  branding: AppBranding;
  /** Confidential clients: the secret, encrypted at rest (never returned by the API after creation). */
  secretCiphertext: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AppsRepo {
  create(app: App): Promise<App>;
  get(id: string): Promise<App | null>;
  list(): Promise<App[]>;
  update(id: string, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null>;
  delete(id: string): Promise<boolean>;
}

/**
 * What oidc-provider persists (sessions, grants, codes, tokens, interactions...), by model name.
 * `payload` is the provider's own JSON; grantId / uid / userCode are indexed for its look-ups.
 */
export interface OidcRepo {
  upsert(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<void>;
  find(model: string, id: string): Promise<Record<string, unknown> | null>;
  findByUid(model: string, uid: string): Promise<Record<string, unknown> | null>;
  findByUserCode(model: string, userCode: string): Promise<Record<string, unknown> | null>;
  /** Marks a one-time artifact (authorization code, refresh token) as used, atomically. */
  consume(model: string, id: string, at: Date): Promise<void>;
  destroy(model: string, id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  users: UsersRepo;
  credentials: CredentialsRepo;
  flows: FlowsRepo;
  runs: RunsRepo;
  sessions: SessionsRepo;
  audit: AuditRepo;
  apps: AppsRepo;
  oidc: OidcRepo;
  consents: ConsentsRepo;
  identities: IdentitiesRepo;
  codes: CodesRepo;
  close(): Promise<void>;
}

/** A uniqueness rule of the store was violated (e.g. an email that is already registered). */
export class DuplicateError extends Error {
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super(`${entity} with this ${field} already exists`);
    this.name = 'DuplicateError';
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A one-time code (6 digits or a long magic-link token), stored only as an HMAC. */
export interface OneTimeCode {
  id: string;
  /** What the code is for, e.g. `${runId}:${nodeId}`: a newer code for the same subject supersedes it. */
  subject: string;
  /** Where it was sent (normalised email or phone): sends are rate limited per address. */
  address: string;
  /** HMAC-SHA256 of the code under a server key. */
  hash: string;
  attempts: number;
  maxAttempts: number;
  createdAt: Date;
  expiresAt: Date;
}

export type IssueResult = 'issued' | 'exists' | 'rate-limited';
/** `ok` consumes the code; `wrong` counts an attempt; `exhausted` after the last allowed attempt. */
export type CodeCheck = 'ok' | 'wrong' | 'exhausted' | 'expired' | 'not-found';

export interface CodesRepo {
  /**
   * Stores a new code for its subject, in one atomic step:
   * - `rate-limited` when `address` already received `maxSends` codes since `since`;
   * - `exists` when `replace` is false and a code was already issued for the subject, even if it was
   *   used or expired since (nothing written: a page reload never sends another one);
   * - otherwise the subject's live code is retired and this one becomes the live one.
   */
  issue(code: OneTimeCode, opts: { now: Date; since: Date; maxSends: number; replace: boolean }): Promise<IssueResult>;
  /**
   * Checks a candidate hash against the subject's live code (constant-time) and, atomically, either
   * consumes it (single use, even under racing requests) or counts the wrong attempt.
   */
  verify(subject: string, candidateHash: string, now: Date): Promise<CodeCheck>;
  /** Removes codes that expired before `before` (kept a while after expiry for send rate limits). */
  deleteExpired(before: Date): Promise<number>;
}


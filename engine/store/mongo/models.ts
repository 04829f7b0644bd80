import { Schema, type Connection, type Model } from 'mongoose';
import type {
  DailyCount,
  App,
  AuditEvent,
  ConsentDecision,
  ConsentPurpose,
  BranchCounts,
  DomainEvent,
  WebhookDelivery,
  WebhookEndpoint,
  Credential,
  FlowDraft,
  FlowSummary,
  FlowVersion,
  LinkedIdentity,
  OneTimeCode,
  Run,
  RunEvent,
  RollupCount,
  Session,
  StoredFlowGraph,
  User,
} from '../port.js';

/**
 * Mongoose models of the MongoDB adapter. Ids are strings (UUIDs or natural keys) so they look the
 * same as in the embedded store. `minimize: false` keeps empty objects (profiles, run data) as stored.
 */
const options = { versionKey: false, minimize: false } as const;
const json = Schema.Types.Mixed;

/** A port record as a document: its `id` becomes `_id`. Document types are derived, never re-declared. */
type Doc<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

export type UserDoc = Doc<User>;
export type CredentialDoc = Doc<Credential>;
/** The flow's draft and its version pointers; `latestVersion` is 0 until the first publish. */
export type FlowDoc = Omit<Doc<FlowDraft>, 'graph'> & { draft: StoredFlowGraph; activeVersion: FlowSummary['activeVersion']; latestVersion: number };
export type FlowVersionDoc = FlowVersion & { _id: string };
/** A run as stored; a "Try it" run also keeps its sealed recording. */
export type RunDoc = Doc<Run> & { recording?: string[] };
export type SessionDoc = Doc<Session>;
export type AuditDoc = Doc<AuditEvent>;
export type AppDoc = Doc<App>;
/** One provider artifact; its `_id` is `model:id`. */
export interface OidcDoc {
  _id: string;
  model: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  expiresAt: Date | null;
}
export type PurposeDoc = Doc<ConsentPurpose>;
/** `seq` orders a user's decisions (an atomic per-user sequence). */
export type DecisionDoc = ConsentDecision & { _id: string; seq: number };
export type IdentityDoc = LinkedIdentity & { _id: string };
/** `live` marks the subject's current code (at most one, by a unique partial index). */
export type CodeDoc = Doc<OneTimeCode> & { live: boolean };
/** A named counter (send limits, per-user sequences); `expiresAt` null never expires. */
export interface CounterDoc {
  _id: string;
  count: number;
  expiresAt: Date | null;
}

const userSchema = new Schema<UserDoc>(
  {
    _id: String,
    email: { type: String, required: true, unique: true },
    emailVerified: { type: Boolean, default: false },
    attributes: { type: json, default: {} },
    roles: { type: [String], default: [], index: true },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    language: { type: String, default: null },
    createdAt: Date,
    updatedAt: Date,
  },
  options,
);

const credentialSchema = new Schema<CredentialDoc>(
  { _id: String, userId: { type: String, required: true }, type: String, data: json, revision: { type: Number, default: 0 }, createdAt: Date, updatedAt: Date },
  options,
);
credentialSchema.index({ userId: 1, type: 1 });

const flowSchema = new Schema<FlowDoc>(
  {
    _id: String,
    name: String,
    draft: json,
    updatedAt: Date,
    updatedBy: { type: String, default: null },
    revision: { type: Number, default: 1 },
    activeVersion: { type: Number, default: null },
    latestVersion: { type: Number, default: 0 },
  },
  options,
);

const flowVersionSchema = new Schema<FlowVersionDoc>(
  { _id: String, flowId: String, version: Number, graph: json, publishedAt: Date, publishedBy: { type: String, default: null } },
  options,
);
flowVersionSchema.index({ flowId: 1, version: 1 }, { unique: true });

const runSchema = new Schema<RunDoc>(
  {
    _id: String,
    flowId: String,
    flowVersion: Number,
    graph: json,
    snapshot: json,
    revision: Number,
    browserHash: String,
    origin: json,
    status: String,
    createdAt: Date,
    updatedAt: Date,
    expiresAt: Date,
    // "Try it" runs only: the answers given at each step, each entry sealed.
    recording: { type: [String], default: undefined },
  },
  options,
);
// MongoDB removes expired runs by itself; deleteExpired() does it on demand.
runSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: String,
    userId: { type: String, index: true },
    amr: [String],
    proofs: [{ _id: false, method: String, at: Number }],
    createdAt: Date,
    lastSeenAt: Date,
    expiresAt: Date,
    userAgent: { type: String, default: null },
    ip: { type: String, default: null },
  },
  options,
);
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const auditSchema = new Schema<AuditDoc>(
  {
    _id: String,
    at: Date,
    type: String,
    userId: { type: String, default: null },
    actor: { type: String, default: null },
    ip: { type: String, default: null },
    details: { type: json, default: {} },
  },
  options,
);
auditSchema.index({ userId: 1, at: -1 });
auditSchema.index({ at: -1 });

const appSchema = new Schema<AppDoc>(
  {
    _id: String,
    name: String,
    type: String,
    redirectUris: [String],
    postLogoutRedirectUris: [String],
    flowId: { type: String, default: null },
    branding: { type: json, default: {} },
    secretCiphertext: { type: String, default: null },
    backchannelLogoutUri: { type: String, default: null },
    resources: { type: json, default: [] },
    minAcr: { type: String, default: null },
    accountApi: { type: Boolean, default: false },
    acceptsRememberedBrowser: { type: Boolean, default: true },
    idTokenSignedResponseAlg: { type: String, default: 'RS256' },
    createdAt: Date,
    updatedAt: Date,
  },
  options,
);

const oidcSchema = new Schema<OidcDoc>(
  {
    _id: String,
    model: String,
    payload: json,
    grantId: { type: String, default: null, index: true },
    uid: { type: String, default: null },
    userCode: { type: String, default: null },
    expiresAt: { type: Date, default: null },
  },
  options,
);
oidcSchema.index({ model: 1, uid: 1 });
oidcSchema.index({ model: 1, userCode: 1 });
oidcSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const purposeSchema = new Schema<PurposeDoc>({ _id: String, name: json, text: json, version: Number, required: { type: Boolean, default: false }, updatedAt: Date }, options);
const decisionSchema = new Schema<DecisionDoc>(
  { _id: String, userId: String, purposeId: String, version: Number, granted: Boolean, at: Date, channel: String, seq: Number },
  options,
);
decisionSchema.index({ userId: 1, purposeId: 1, seq: -1 });
decisionSchema.index({ purposeId: 1, at: -1 });

const identitySchema = new Schema<IdentityDoc>(
  { _id: String, provider: String, subject: String, userId: { type: String, index: true }, email: { type: String, default: null }, emailVerified: Boolean, linkedAt: Date },
  options,
);
identitySchema.index({ provider: 1, subject: 1 }, { unique: true });

const codeSchema = new Schema<CodeDoc>(
  { _id: String, subject: String, address: String, hash: String, attempts: Number, maxAttempts: Number, live: Boolean, createdAt: Date, expiresAt: Date },
  options,
);
// At most one live code per subject, even when two requests issue at once.
codeSchema.index({ subject: 1 }, { unique: true, partialFilterExpression: { live: true } });
codeSchema.index({ subject: 1, createdAt: 1 });
codeSchema.index({ address: 1, createdAt: 1 });
// Kept a day after expiry (send rate limits look back), then MongoDB removes them.
codeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 24 * 3600 });

/** One document of the console-made configuration (see port/settings.ts); `_id` is its key. */
export interface SettingRecord {
  _id: string;
  value: Record<string, unknown>;
  revision: number;
  updatedAt: Date;
  updatedBy: string | null;
}
const settingSchema = new Schema<SettingRecord>({ _id: String, value: { type: Schema.Types.Mixed }, revision: Number, updatedAt: Date, updatedBy: { type: String, default: null } }, options);

/** A one-time data change that ran (see migrations.ts). */
export interface MigrationDoc {
  _id: string;
  at: Date;
}
const migrationSchema = new Schema<MigrationDoc>({ _id: String, at: Date }, options);

const counterSchema = new Schema<CounterDoc>({ _id: String, count: Number, expiresAt: { type: Date, default: null } }, options);
counterSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/** One run event (see port/events.ts); `_id` orders a run's events. */
export type RunEventDoc = RunEvent & { _id: string };
/** One rollup counter; `_id` is its key (day, journey version, app, language, device, step, kind, outcome). */
export type RollupDoc = Omit<RollupCount, 'count' | 'totalMs'> & { _id: string; flowId: string; day: string; app: string | null; lang: string; device: string; count: number; totalMs: number };

const runEventSchema = new Schema<RunEventDoc>(
  { _id: String, runId: String, at: Date, flowId: String, version: Number, app: { type: String, default: null }, lang: String, device: String, step: String, kind: String, outcome: { type: String, default: null }, ms: { type: Number, default: null } },
  options,
);
runEventSchema.index({ runId: 1, _id: 1 });
runEventSchema.index({ at: 1 });

const rollupSchema = new Schema<RollupDoc>(
  { _id: String, flowId: String, version: Number, day: String, app: { type: String, default: null }, lang: String, device: String, step: String, kind: String, outcome: { type: String, default: null }, count: Number, totalMs: Number },
  options,
);
rollupSchema.index({ flowId: 1, version: 1, day: 1 });

/** An outbox event (see port/outbox.ts); fanned out in the order of `seq` (when it was written). */
export type OutboxEventDoc = Doc<DomainEvent> & { seq: number; dispatched: boolean };
/** The previous secret is kept flat (`previousSealedSecret`, `previousSecretUntil`): a rotation is one compare-and-set of fields. */
export type WebhookEndpointDoc = Doc<Omit<WebhookEndpoint, 'previousSecret'>> & { previousSealedSecret?: string | null; previousSecretUntil?: Date | null };
export type WebhookDeliveryDoc = Doc<WebhookDelivery>;

const outboxEventSchema = new Schema<OutboxEventDoc>(
  { _id: String, type: String, at: Date, userId: { type: String, default: null }, data: json, seq: Number, dispatched: Boolean },
  options,
);
outboxEventSchema.index({ dispatched: 1, seq: 1 });
const webhookEndpointSchema = new Schema<WebhookEndpointDoc>(
  { _id: String, url: String, description: String, eventTypes: [String], attributes: json, sealedSecret: String, previousSealedSecret: { type: String, default: null }, previousSecretUntil: { type: Date, default: null }, enabled: Boolean, createdAt: Date, updatedAt: Date },
  options,
);
const webhookDeliverySchema = new Schema<WebhookDeliveryDoc>(
  {
    _id: String,
    endpointId: String,
    eventId: String,
    eventType: String,
    state: String,
    attempts: Number,
    nextAttemptAt: Date,
    leasedUntil: { type: Date, default: null },
    lastStatus: { type: Number, default: null },
    lastError: { type: String, default: null },
    createdAt: Date,
    deliveredAt: { type: Date, default: null },
  },
  options,
);
webhookDeliverySchema.index({ state: 1, nextAttemptAt: 1 });
webhookDeliverySchema.index({ endpointId: 1, createdAt: -1 });
webhookDeliverySchema.index({ eventId: 1 });

/** A person's branch of an experiment; `_id` is experiment + subject (the unique key of the conditional insert). */
export interface AbAssignmentDoc {
  _id: string;
  experiment: string;
  subject: string;
  branch: string;
  at: Date;
}
/** Counters of one branch; `_id` is experiment + branch. */
export type AbCountsDoc = BranchCounts & { _id: string; experiment: string };
const abAssignmentSchema = new Schema<AbAssignmentDoc>({ _id: String, experiment: String, subject: String, branch: String, at: Date }, options);
const abCountsSchema = new Schema<AbCountsDoc>(
  { _id: String, experiment: String, branch: String, assigned: Number, entered: Number, success: Number, failure: Number, successMs: Number },
  options,
);
abCountsSchema.index({ experiment: 1 });

/** One dashboard counter; `_id` is its key (day, metric, key). */
export type DailyCountDoc = DailyCount & { _id: string };
const dailyCountSchema = new Schema<DailyCountDoc>({ _id: String, day: String, metric: String, key: String, count: Number }, options);
dailyCountSchema.index({ day: 1 });

export interface Models {
  users: Model<UserDoc>;
  credentials: Model<CredentialDoc>;
  flows: Model<FlowDoc>;
  flowVersions: Model<FlowVersionDoc>;
  runs: Model<RunDoc>;
  sessions: Model<SessionDoc>;
  audit: Model<AuditDoc>;
  apps: Model<AppDoc>;
  oidc: Model<OidcDoc>;
  purposes: Model<PurposeDoc>;
  decisions: Model<DecisionDoc>;
  identities: Model<IdentityDoc>;
  codes: Model<CodeDoc>;
  counters: Model<CounterDoc>;
  runEvents: Model<RunEventDoc>;
  rollups: Model<RollupDoc>;
  migrations: Model<MigrationDoc>;
  settings: Model<SettingRecord>;
  outboxEvents: Model<OutboxEventDoc>;
  webhookEndpoints: Model<WebhookEndpointDoc>;
  webhookDeliveries: Model<WebhookDeliveryDoc>;
  abAssignments: Model<AbAssignmentDoc>;
  abCounts: Model<AbCountsDoc>;
  dailyCounts: Model<DailyCountDoc>;
}

export function defineModels(conn: Connection): Models {
  return {
    users: conn.model<UserDoc>('User', userSchema, 'users'),
    credentials: conn.model<CredentialDoc>('Credential', credentialSchema, 'credentials'),
    flows: conn.model<FlowDoc>('Flow', flowSchema, 'flows'),
    flowVersions: conn.model<FlowVersionDoc>('FlowVersion', flowVersionSchema, 'flow_versions'),
    runs: conn.model<RunDoc>('Run', runSchema, 'runs'),
    sessions: conn.model<SessionDoc>('Session', sessionSchema, 'sessions'),
    audit: conn.model<AuditDoc>('AuditEvent', auditSchema, 'audit_events'),
    apps: conn.model<AppDoc>('App', appSchema, 'apps'),
    oidc: conn.model<OidcDoc>('OidcArtifact', oidcSchema, 'oidc_artifacts'),
    purposes: conn.model<PurposeDoc>('ConsentPurpose', purposeSchema, 'consent_purposes'),
    decisions: conn.model<DecisionDoc>('ConsentDecision', decisionSchema, 'consent_decisions'),
    identities: conn.model<IdentityDoc>('Identity', identitySchema, 'identities'),
    codes: conn.model<CodeDoc>('OneTimeCode', codeSchema, 'one_time_codes'),
    counters: conn.model<CounterDoc>('Counter', counterSchema, 'counters'),
    runEvents: conn.model<RunEventDoc>('RunEvent', runEventSchema, 'run_events'),
    rollups: conn.model<RollupDoc>('RunEventRollup', rollupSchema, 'run_event_rollups'),
    migrations: conn.model<MigrationDoc>('Migration', migrationSchema, 'migrations'),
    settings: conn.model<SettingRecord>('Setting', settingSchema, 'settings'),
    outboxEvents: conn.model<OutboxEventDoc>('OutboxEvent', outboxEventSchema, 'outbox_events'),
    webhookEndpoints: conn.model<WebhookEndpointDoc>('WebhookEndpoint', webhookEndpointSchema, 'webhook_endpoints'),
    webhookDeliveries: conn.model<WebhookDeliveryDoc>('WebhookDelivery', webhookDeliverySchema, 'webhook_deliveries'),
    abAssignments: conn.model<AbAssignmentDoc>('AbAssignment', abAssignmentSchema, 'ab_assignments'),
    abCounts: conn.model<AbCountsDoc>('AbCounts', abCountsSchema, 'ab_counts'),
    dailyCounts: conn.model<DailyCountDoc>('DailyCount', dailyCountSchema, 'daily_counts'),
  };
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

import type { UsersRepo } from './users.js';
import type { CredentialsRepo } from './credentials.js';
import type { IdentitiesRepo } from './identities.js';
import type { FlowsRepo } from './flows.js';
import type { RunsRepo } from './runs.js';
import type { SessionsRepo } from './sessions.js';
import type { AuditRepo } from './audit.js';
import type { ConsentsRepo } from './consents.js';
import type { AppsRepo } from './apps.js';
import type { OidcRepo } from './oidc.js';
import type { CodesRepo } from './codes.js';
import type { CountersRepo } from './counters.js';
import type { EventsRepo } from './events.js';
import type { InvitationsRepo, MembershipsRepo, OrganisationsRepo } from './organisations.js';
import type { SettingsRepo } from './settings.js';
import type { OutboxRepo } from './outbox.js';
import type { ExperimentsRepo } from './experiments.js';
import type { DailyCountsRepo } from './daily-counts.js';

/** One low-level operation an adapter sent to its database (for the counted regression guard and diagnostics). */
export interface StoreOperation {
  kind: 'read' | 'write' | 'commit';
  /** The statement's text (SQL) or the command's name. */
  text: string;
}

/** Every repository of one store; `close` ends its connection. */
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
  counters: CountersRepo;
  events: EventsRepo;
  organisations: OrganisationsRepo;
  memberships: MembershipsRepo;
  invitations: InvitationsRepo;
  /** The organisation's configuration made in the console (connections, mail, SMS, theme, templates). */
  settings: SettingsRepo;
  /** Calls `observer` for every statement and commit (where the adapter can tell); returns the way to stop. */
  observeOperations?(observer: (operation: StoreOperation) => void): () => void;
  /**
   * Makes every write so far durable now, throwing when that fails. An adapter that commits writes in
   * groups offers it; the HTTP layer calls it as each answer ends, so no answer leaves before its writes.
   */
  commitPending?(): void;
  /**
   * Resolves once every write made so far is durable (rejects when its commit fails), or null when none
   * is waiting: the HTTP layer holds an answer's bytes until then, so answers ending together share a commit.
   */
  settled?(): Promise<void> | null;
  outbox: OutboxRepo;
  experiments: ExperimentsRepo;
  /** The dashboard's counters per day. */
  dailyCounts: DailyCountsRepo;
  close(): Promise<void>;
}

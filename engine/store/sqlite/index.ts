import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../port.js';
import { migrations } from './migrations.js';
import { SqliteUsers } from './users.js';
import { SqliteCredentials } from './credentials.js';
import { SqliteFlows } from './flows.js';
import { SqliteRuns } from './runs.js';
import { SqliteSessions } from './sessions.js';
import { SqliteAudit } from './audit.js';
import { SqliteApps } from './apps.js';
import { SqliteOidc } from './oidc.js';
import { SqliteConsents } from './consents.js';
import { SqliteIdentities } from './identities.js';
import { SqliteCodes } from './codes.js';
import { SqliteCounters } from './counters.js';
import { SqliteEvents } from './events.js';
import { SqliteOrganisations } from './organisations.js';
import { SqliteMemberships } from './memberships.js';
import { SqliteInvitations } from './invitations.js';
import { SqliteSettings } from './settings.js';
import { SqliteOutbox } from './outbox.js';
import { SqliteExperiments } from './experiments.js';
import { SqliteDailyCounts } from './daily-counts.js';
import { lockDatabaseFile } from './process-lock.js';
import { setUpStatements } from './statements.js';

/**
 * The embedded default store: one SQLite file (WAL) under the data directory.
 * Atomicity: better-sqlite3 is synchronous, so every port operation runs to completion without
 * interleaving; operations that write several rows are one immediate transaction (a savepoint inside
 * the group commit of the event-loop turn, see group-commit.ts). One process per database: a second one
 * is refused at open (DataDirectoryInUse).
 */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') {
    // Only Gerbang's user may read the database: the directory 0700, the file (and so its WAL) 0600.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
  }
  const lock = file === ':memory:' ? null : lockDatabaseFile(file);
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (err) {
    lock?.release();
    throw err;
  }
  const statements = setUpStatements(db);
  return {
    kind: 'sqlite',
    users: new SqliteUsers(db),
    credentials: new SqliteCredentials(db),
    flows: new SqliteFlows(db),
    runs: new SqliteRuns(db),
    sessions: new SqliteSessions(db),
    audit: new SqliteAudit(db),
    apps: new SqliteApps(db),
    oidc: new SqliteOidc(db),
    consents: new SqliteConsents(db),
    identities: new SqliteIdentities(db),
    codes: new SqliteCodes(db),
    counters: new SqliteCounters(db),
    events: new SqliteEvents(db),
    organisations: new SqliteOrganisations(db),
    memberships: new SqliteMemberships(db),
    invitations: new SqliteInvitations(db),
    settings: new SqliteSettings(db),
    observeOperations: (observer) => statements.observe(observer),
    commitPending: () => statements.commitNow(),
    settled: () => statements.settled(),
    outbox: new SqliteOutbox(db),
    experiments: new SqliteExperiments(db),
    dailyCounts: new SqliteDailyCounts(db),
    async close() {
      statements.commitNow();
      db.close();
      lock?.release();
    },
  };
}

function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let i = applied; i < migrations.length; i++) {
    db.transaction(() => {
      db.exec(migrations[i]);
      db.pragma(`user_version = ${i + 1}`);
    }).immediate();
  }
}

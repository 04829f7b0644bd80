/**
 * Schema migrations of the embedded store, applied in order; `PRAGMA user_version` records how
 * many ran. Never edit a released migration: append a new one.
 * Times are stored as integer milliseconds since the epoch, JSON documents as TEXT.
 */
export const migrations: string[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     email_verified INTEGER NOT NULL DEFAULT 0,
     attributes TEXT NOT NULL DEFAULT '{}',
     failed_logins INTEGER NOT NULL DEFAULT 0,
     locked_until INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE credentials (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX credentials_user ON credentials(user_id, type);
   CREATE TABLE flows (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     draft TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     updated_by TEXT,
     active_version INTEGER
   );
   CREATE TABLE flow_versions (
     flow_id TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
     version INTEGER NOT NULL,
     graph TEXT NOT NULL,
     published_at INTEGER NOT NULL,
     published_by TEXT,
     PRIMARY KEY (flow_id, version)
   );
   CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     flow_id TEXT NOT NULL,
     flow_version INTEGER NOT NULL,
     graph TEXT,
     snapshot TEXT NOT NULL,
     revision INTEGER NOT NULL,
     browser_hash TEXT NOT NULL,
     origin TEXT NOT NULL,
     status TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX runs_expiry ON runs(expires_at);
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     amr TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     user_agent TEXT,
     ip TEXT
   );
   CREATE INDEX sessions_user ON sessions(user_id);
   CREATE INDEX sessions_expiry ON sessions(expires_at);
   ALTER TABLE users ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';
   CREATE TABLE audit_events (
     id TEXT PRIMARY KEY,
     at INTEGER NOT NULL,
     type TEXT NOT NULL,
     user_id TEXT,
     actor TEXT,
     ip TEXT,
     details TEXT NOT NULL
   );
   CREATE INDEX audit_user ON audit_events(user_id, at);
   CREATE INDEX audit_at ON audit_events(at);`,
  `CREATE TABLE apps (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     type TEXT NOT NULL,
     redirect_uris TEXT NOT NULL,
     post_logout_redirect_uris TEXT NOT NULL,
     flow_id TEXT NOT NULL,
     branding TEXT NOT NULL,
     secret_ciphertext TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE oidc_artifacts (
     model TEXT NOT NULL,
     id TEXT NOT NULL,
     payload TEXT NOT NULL,
     grant_id TEXT,
     uid TEXT,
     user_code TEXT,
     expires_at INTEGER,
     PRIMARY KEY (model, id)
   );
   CREATE INDEX oidc_grant ON oidc_artifacts(grant_id);
   CREATE INDEX oidc_uid ON oidc_artifacts(model, uid);
   CREATE INDEX oidc_user_code ON oidc_artifacts(model, user_code);
   CREATE INDEX oidc_expiry ON oidc_artifacts(expires_at);`,
  `CREATE TABLE consent_purposes (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     text TEXT NOT NULL,
     version INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE consent_decisions (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     purpose_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     granted INTEGER NOT NULL,
     at INTEGER NOT NULL,
     channel TEXT NOT NULL
   );
   CREATE INDEX consent_decisions_user ON consent_decisions(user_id, purpose_id, seq);`,
  `CREATE TABLE identities (
     provider TEXT NOT NULL,
     subject TEXT NOT NULL,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     email TEXT,
     linked_at INTEGER NOT NULL,
     PRIMARY KEY (provider, subject)
   );
   CREATE INDEX identities_user ON identities(user_id);`,
  `CREATE TABLE one_time_codes (
     id TEXT PRIMARY KEY,
     subject TEXT NOT NULL,
     address TEXT NOT NULL,
     hash TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     max_attempts INTEGER NOT NULL,
     live INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX codes_subject ON one_time_codes(subject, live);
   CREATE INDEX codes_address ON one_time_codes(address, created_at);
   CREATE INDEX codes_expiry ON one_time_codes(expires_at);`,
  // Every kind of app: the flow becomes optional (machine apps have no users), back-channel logout
  // URI and allowed APIs (resource indicators).
  `CREATE TABLE apps_next (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     type TEXT NOT NULL,
     redirect_uris TEXT NOT NULL,
     post_logout_redirect_uris TEXT NOT NULL,
     flow_id TEXT,
     branding TEXT NOT NULL,
     secret_ciphertext TEXT,
     backchannel_logout_uri TEXT,
     resources TEXT NOT NULL DEFAULT '[]',
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   INSERT INTO apps_next (id, name, type, redirect_uris, post_logout_redirect_uris, flow_id, branding, secret_ciphertext, created_at, updated_at)
     SELECT id, name, type, redirect_uris, post_logout_redirect_uris, flow_id, branding, secret_ciphertext, created_at, updated_at FROM apps;
   DROP TABLE apps;
   ALTER TABLE apps_next RENAME TO apps;`,
  `ALTER TABLE credentials ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE counters (
     key TEXT PRIMARY KEY,
     count INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX counters_expiry ON counters(expires_at);`,
  // Sessions remember when each factor was proved (assurance levels, max_age, re-authentication).
  `ALTER TABLE sessions ADD COLUMN proofs TEXT NOT NULL DEFAULT '[]';`,
  // Apps: a minimum assurance level, and whether they may use the account API.
  `ALTER TABLE apps ADD COLUMN min_acr TEXT;
   ALTER TABLE apps ADD COLUMN account_api INTEGER NOT NULL DEFAULT 0;`,
  // Provider artifacts are now stored under a hash of their id (engine/oidc/adapter.ts): rows written
  // before were keyed by the bearer token itself and are removed (signing keys stay; they are sealed on start).
  `DELETE FROM oidc_artifacts WHERE model <> 'Gerbang:SigningKeys';`,
  // Run events (the funnel): raw events kept for the retention period, and their rollup counters.
  // `app` and `outcome` are '' when absent so they can be part of the rollup's key. Safe to run again.
  `CREATE TABLE IF NOT EXISTS run_events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     run_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     flow_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     app TEXT NOT NULL,
     lang TEXT NOT NULL,
     device TEXT NOT NULL,
     step TEXT NOT NULL,
     kind TEXT NOT NULL,
     outcome TEXT NOT NULL,
     ms INTEGER
   );
   CREATE INDEX IF NOT EXISTS run_events_run ON run_events(run_id, seq);
   CREATE INDEX IF NOT EXISTS run_events_at ON run_events(at);
   CREATE TABLE IF NOT EXISTS run_event_rollups (
     day TEXT NOT NULL,
     flow_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     app TEXT NOT NULL,
     lang TEXT NOT NULL,
     device TEXT NOT NULL,
     step TEXT NOT NULL,
     kind TEXT NOT NULL,
     outcome TEXT NOT NULL,
     count INTEGER NOT NULL,
     total_ms INTEGER NOT NULL,
     PRIMARY KEY (flow_id, version, day, app, lang, device, step, kind, outcome)
   ) WITHOUT ROWID;`,
  // Organisations (B2B): the organisation with its roles and policies, the email domains it owns
  // (each owned once), memberships, invitations (token stored as a hash), the organisation each grant
  // signed in to, and the permissions apps declare.
  `CREATE TABLE IF NOT EXISTS organisations (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     branding TEXT NOT NULL,
     roles TEXT NOT NULL,
     policy TEXT NOT NULL,
     provider TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE IF NOT EXISTS organisation_domains (
     domain TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE
   );
   CREATE INDEX IF NOT EXISTS organisation_domains_org ON organisation_domains(org_id);
   CREATE TABLE IF NOT EXISTS memberships (
     org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     roles TEXT NOT NULL,
     source TEXT NOT NULL,
     joined_at INTEGER NOT NULL,
     PRIMARY KEY (org_id, user_id)
   );
   CREATE INDEX IF NOT EXISTS memberships_user ON memberships(user_id);
   CREATE TABLE IF NOT EXISTS invitations (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
     email TEXT NOT NULL,
     roles TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     invited_by TEXT,
     status TEXT NOT NULL,
     accepted_by TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX IF NOT EXISTS invitations_org ON invitations(org_id, created_at);
   CREATE TABLE IF NOT EXISTS organisation_sign_ins (
     grant_id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX IF NOT EXISTS organisation_sign_ins_member ON organisation_sign_ins(org_id, user_id);
   CREATE TABLE IF NOT EXISTS app_permissions (
     app_id TEXT PRIMARY KEY,
     permissions TEXT NOT NULL
   );`,
  // The organisation's configuration made in the console (port/settings.ts). Safe to run again.
  `CREATE TABLE IF NOT EXISTS settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     revision INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     updated_by TEXT
   );`,
  // Linked identities remember whether their email was proved when linked (federated email trust).
  // Links made before to accounts whose email was never verified count as unproved. A table rebuild
  // rather than ADD COLUMN, so that running it again is harmless.
  `CREATE TABLE IF NOT EXISTS identities_next (
     provider TEXT NOT NULL,
     subject TEXT NOT NULL,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     email TEXT,
     email_verified INTEGER NOT NULL DEFAULT 1,
     linked_at INTEGER NOT NULL,
     PRIMARY KEY (provider, subject)
   );
   INSERT OR IGNORE INTO identities_next (provider, subject, user_id, email, email_verified, linked_at)
     SELECT i.provider, i.subject, i.user_id, i.email, COALESCE((SELECT u.email_verified FROM users u WHERE u.id = i.user_id), 0), i.linked_at FROM identities i;
   DROP TABLE identities;
   ALTER TABLE identities_next RENAME TO identities;
   CREATE INDEX IF NOT EXISTS identities_user ON identities(user_id);`,
  // Consent purposes may be required by themselves (a table beside them, so the step is safe to run
  // again); the acceptance history of a purpose is read by purpose.
  `CREATE TABLE IF NOT EXISTS consent_purpose_settings (
     purpose_id TEXT PRIMARY KEY REFERENCES consent_purposes(id) ON DELETE CASCADE,
     required INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX IF NOT EXISTS consent_decisions_purpose ON consent_decisions(purpose_id, at);`,
  // The step before briefly added a `required` column instead (not safe to run again); stores that ran
  // that version get the table here. Safe to run again.
  `CREATE TABLE IF NOT EXISTS consent_purpose_settings (
     purpose_id TEXT PRIMARY KEY REFERENCES consent_purposes(id) ON DELETE CASCADE,
     required INTEGER NOT NULL DEFAULT 0
   );`,
  // The outbox (webhooks): domain events written with the change that causes them, webhook endpoints
  // and one delivery per event and endpoint. Safe to run again.
  `CREATE TABLE IF NOT EXISTS outbox_events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL,
     at INTEGER NOT NULL,
     user_id TEXT,
     data TEXT NOT NULL,
     dispatched INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX IF NOT EXISTS outbox_events_undispatched ON outbox_events(dispatched, seq);
   CREATE TABLE IF NOT EXISTS webhook_endpoints (
     id TEXT PRIMARY KEY,
     url TEXT NOT NULL,
     description TEXT NOT NULL,
     event_types TEXT NOT NULL,
     attributes TEXT NOT NULL,
     sealed_secret TEXT NOT NULL,
     enabled INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE IF NOT EXISTS webhook_deliveries (
     id TEXT PRIMARY KEY,
     endpoint_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     event_type TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     leased_until INTEGER,
     last_status INTEGER,
     last_error TEXT,
     created_at INTEGER NOT NULL,
     delivered_at INTEGER
   );
   CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
   CREATE INDEX IF NOT EXISTS webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, created_at);
   CREATE INDEX IF NOT EXISTS webhook_deliveries_event ON webhook_deliveries(event_id);`,
  // A/B experiments: each person's branch, and counters per branch. Safe to run again.
  `CREATE TABLE IF NOT EXISTS ab_assignments (
     experiment TEXT NOT NULL,
     subject TEXT NOT NULL,
     branch TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (experiment, subject)
   ) WITHOUT ROWID;
   CREATE TABLE IF NOT EXISTS ab_counts (
     experiment TEXT NOT NULL,
     branch TEXT NOT NULL,
     assigned INTEGER NOT NULL DEFAULT 0,
     entered INTEGER NOT NULL DEFAULT 0,
     success INTEGER NOT NULL DEFAULT 0,
     failure INTEGER NOT NULL DEFAULT 0,
     success_ms INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (experiment, branch)
   ) WITHOUT ROWID;`,
  // Apps state whether a browser remembered after a second factor satisfies their minimum level.
  `ALTER TABLE apps ADD COLUMN accepts_remembered_browser INTEGER NOT NULL DEFAULT 1;`,
  // The dashboard's counters per day, metric and key. Safe to run again.
  `CREATE TABLE IF NOT EXISTS daily_counts (
     day TEXT NOT NULL,
     metric TEXT NOT NULL,
     key TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (day, metric, key)
   ) WITHOUT ROWID;`,
  // "Try it" runs keep the answers given at each step (each entry sealed), to be saved as a test case.
  `ALTER TABLE runs ADD COLUMN recording TEXT;`,
  // Provider records index only the look-ups they have: tokens and codes (most of the rows, written on
  // every grant) have no session uid nor user code, sessions and interactions no grant. Fewer B-trees
  // written per record; the queries (uid = ?, user_code = ?, grant_id = ?) use the partial indexes.
  `DROP INDEX IF EXISTS oidc_grant;
   DROP INDEX IF EXISTS oidc_uid;
   DROP INDEX IF EXISTS oidc_user_code;
   CREATE INDEX oidc_grant ON oidc_artifacts(grant_id) WHERE grant_id IS NOT NULL;
   CREATE INDEX oidc_uid ON oidc_artifacts(model, uid) WHERE uid IS NOT NULL;
   CREATE INDEX oidc_user_code ON oidc_artifacts(model, user_code) WHERE user_code IS NOT NULL;`,
  // Apps choose how their ID tokens are signed; existing apps keep RS256.
  `ALTER TABLE apps ADD COLUMN id_token_alg TEXT NOT NULL DEFAULT 'RS256';`,
  // A journey's draft is written by compare-and-set on its revision; drafts saved before count as revision 1.
  `ALTER TABLE flows ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;`,
  // A webhook endpoint keeps the secret its last rotation replaced (sealed), signing beside the new one
  // until the overlap ends, so receivers switch over without refusing an event.
  `ALTER TABLE webhook_endpoints ADD COLUMN previous_sealed_secret TEXT;
   ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_until INTEGER;`,
  // The language the person last used on the hosted pages: mails sent outside a page speak it (null: English).
  `ALTER TABLE users ADD COLUMN language TEXT;`,
];

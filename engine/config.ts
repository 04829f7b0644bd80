import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Theme } from './hosted/theme.js';
import { bootstrapConnections, createSocialConnector, type ConnectionConfig, type SocialConnector } from '../connectors/social/index.js';
import { parseVariables } from './config/declare.js';
import { RULES, VARIABLES, type Settings } from './config/variables.js';

export { ConfigError } from './config/declare.js';
export type { Settings } from './config/variables.js';

/** Everything Gerbang reads from its environment, typed. Declared (with defaults) in config/variables.ts. */
export interface Config {
  /** Every declared variable's typed value, by name: a new variable is usable without touching this type. */
  settings: Settings;
  port: number;
  /** Interface to listen on; all interfaces unless HOST is set. */
  host: string | undefined;
  publicUrl: string;
  dataDir: string;
  mongodbUri: string | undefined;
  theme: Theme;
  /** The flow GET /login starts for visitors who come without an app. */
  defaultFlowId: string;
  runTtlMs: number;
  sessionTtlMs: number;
  /** Sensitive account actions need a sign-in at the account's level within this many seconds. */
  reauthWindowSeconds: number;
  rateLimitPerMinute: number;
  /** Set when behind a reverse proxy so client IPs (rate limits) come from X-Forwarded-For. */
  trustProxy: boolean;
  /** Server secret for CSRF tokens; from GERBANG_SECRET or generated into the data directory. */
  secret: string | undefined;
  logSilent: boolean;
  /** Bearer token for automation against the admin API; unset = only administrator sessions. */
  adminApiToken: string | undefined;
  /** Bootstrap administrator created on first start. */
  adminEmail: string;
  adminPassword: string | undefined;
  /** Key that encrypts secrets at rest (client secrets, TOTP seeds); generated into DATA_DIR when unset. */
  encryptionKey: string | undefined;
  /** Social sign-in connections of the environment (SOCIAL_CONNECTIONS, GOOGLE_CLIENT_ID/SECRET): the bootstrap beside the console's. */
  socialConnections: ConnectionConfig[];
  socialConnectors: Map<string, SocialConnector>;
  /** Outgoing mail: SMTP_URL, or SMTP_HOST/PORT/USER/PASSWORD; unset = mails go to DATA_DIR/outbox. */
  smtp: { url?: string; host?: string; port?: number; user?: string; password?: string; from: string };
  /** SMS provider HTTP API (JSON POST); unset = messages go to DATA_DIR/outbox. */
  sms: { apiUrl?: string; apiToken?: string };
}

/**
 * Reads the environment once (in server.ts): every variable declared in config/variables.ts is
 * parsed and checked; a bad value throws a ConfigError naming the variable and what is allowed.
 */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const s = parseVariables(VARIABLES, env, RULES);
  const publicUrl = s.PUBLIC_URL ?? `http://localhost:${s.PORT}`;
  const socialBootstrap = bootstrapConnections(
    s.SOCIAL_CONNECTIONS,
    s.GOOGLE_CLIENT_ID && s.GOOGLE_CLIENT_SECRET ? { clientId: s.GOOGLE_CLIENT_ID, clientSecret: s.GOOGLE_CLIENT_SECRET } : undefined,
  );
  return {
    settings: s,
    port: s.PORT,
    host: s.HOST,
    publicUrl,
    dataDir: resolve(s.DATA_DIR),
    mongodbUri: s.MONGODB_URI,
    theme: {
      name: s.THEME_NAME,
      logoUrl: s.THEME_LOGO_URL ?? null,
      primaryColor: s.THEME_PRIMARY_COLOR,
      backgroundColor: s.THEME_BACKGROUND_COLOR,
      textColor: s.THEME_TEXT_COLOR,
    },
    defaultFlowId: s.DEFAULT_FLOW,
    runTtlMs: s.RUN_TTL_MINUTES * 60_000,
    sessionTtlMs: s.SESSION_TTL_HOURS * 3_600_000,
    reauthWindowSeconds: s.REAUTH_WINDOW_MINUTES * 60,
    rateLimitPerMinute: s.RATE_LIMIT_PER_MINUTE,
    trustProxy: s.TRUST_PROXY,
    secret: s.GERBANG_SECRET,
    logSilent: s.LOG_SILENT,
    adminApiToken: s.ADMIN_API_TOKEN,
    adminEmail: s.ADMIN_EMAIL,
    adminPassword: s.ADMIN_PASSWORD,
    encryptionKey: s.ENCRYPTION_KEY,
    socialConnections: socialBootstrap,
    socialConnectors: new Map(socialBootstrap.map((c) => [c.name, createSocialConnector(c)])),
    smtp: { url: s.SMTP_URL, host: s.SMTP_HOST, port: s.SMTP_PORT, user: s.SMTP_USER, password: s.SMTP_PASSWORD, from: s.SMTP_FROM },
    sms: { apiUrl: s.SMS_API_URL, apiToken: s.SMS_API_TOKEN },
  };
}

/**
 * A secret from the environment, or else one generated on first start and kept (mode 0600) in the
 * data directory, so restarts and other instances sharing that directory agree on it.
 */
export function loadOrCreateSecret(dataDir: string, name: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('base64url');
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

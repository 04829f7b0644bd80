import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { themeFromEnv, type Theme } from './hosted/theme.js';
import { socialConnectorsFromEnv, type SocialConnector } from '../connectors/social/index.js';

/** Everything Gerbang reads from its environment, with safe defaults. Read once, in server.ts. */
export interface Config {
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
  rateLimitPerMinute: number;
  /** Set when behind a reverse proxy so client IPs (rate limits) come from X-Forwarded-For. */
  trustProxy: boolean;
  /** Server secret for CSRF tokens; from GERBANG_SECRET or generated into the data directory. */
  secret: string | undefined;
  logSilent: boolean;
  /** Bearer token for automation against the admin API; unset = only administrator sessions. */
  adminApiToken: string | undefined;
  /** Bootstrap administrator created on first start. */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Key that encrypts secrets at rest (client secrets, TOTP seeds); generated into DATA_DIR when unset. */
  encryptionKey: string | undefined;
  /** Social sign-in connections (SOCIAL_CONNECTIONS, GOOGLE_CLIENT_ID/SECRET). */
  socialConnectors: Map<string, SocialConnector>;
  /** Outgoing mail: SMTP_URL, or SMTP_HOST/PORT/USER/PASSWORD; unset = mails go to DATA_DIR/outbox. */
  smtp: { url?: string; host?: string; port?: number; user?: string; password?: string; from: string };
  /** SMS provider HTTP API (JSON POST); unset = messages go to DATA_DIR/outbox. */
  sms: { apiUrl?: string; apiToken?: string };
}

function int(value: string | undefined, fallback: number, min: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 3000, 0, 65535);
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(publicUrl)) throw new Error(`PUBLIC_URL must be an origin like https://id.example.com, got "${publicUrl}"`);
  return {
    port,
    host: env.HOST?.trim() || undefined,
    publicUrl,
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    mongodbUri: env.MONGODB_URI?.trim() || undefined,
    theme: themeFromEnv(env),
    defaultFlowId: env.DEFAULT_FLOW?.trim() || 'login-signup',
    runTtlMs: int(env.RUN_TTL_MINUTES, 30, 1, 24 * 60) * 60_000,
    sessionTtlMs: int(env.SESSION_TTL_HOURS, 24 * 7, 1, 24 * 90) * 3_600_000,
    rateLimitPerMinute: int(env.RATE_LIMIT_PER_MINUTE, 60, 1, 1_000_000),
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    secret: env.GERBANG_SECRET?.trim() || undefined,
    logSilent: env.LOG_SILENT === 'true',
    adminApiToken: env.ADMIN_API_TOKEN?.trim() || undefined,
    adminEmail: env.ADMIN_EMAIL?.trim() || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    encryptionKey: env.ENCRYPTION_KEY?.trim() || undefined,
    socialConnectors: socialConnectorsFromEnv(env),
    smtp: {
      url: env.SMTP_URL?.trim() || undefined,
      host: env.SMTP_HOST?.trim() || undefined,
      port: env.SMTP_PORT ? int(env.SMTP_PORT, 587, 1, 65535) : undefined,
      user: env.SMTP_USER?.trim() || undefined,
      password: env.SMTP_PASSWORD || undefined,
      from: env.SMTP_FROM?.trim() || 'Gerbang <no-reply@localhost>',
    },
    sms: { apiUrl: env.SMS_API_URL?.trim() || undefined, apiToken: env.SMS_API_TOKEN?.trim() || undefined },
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

import { boolean, checked, choice, integer, json, text, url, ValueError, type Rule, type ValuesOf, type Variable } from './declare.js';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES } from '../languages.js';
import { isEmail } from '../identity/attributes.js';
import { DEFAULT_THEME } from '../hosted/theme.js';
import { parseSocialConnections, type ConnectionConfig } from '../../connectors/social/index.js';

/** The bootstrap administrator of a bare start; it passes the sign-in page's own email check. */
export const DEFAULT_ADMIN_EMAIL = 'admin@gerbang.localhost';

const color = (meaning: string, fallback: string) =>
  text({ meaning, default: fallback, pattern: /^#[0-9a-fA-F]{3,8}$/, patternText: 'hex colour like `#0f766e`' });

/**
 * Every environment variable Gerbang reads, in the order of the README's table. Adding a variable is
 * one entry here: readConfig validates it, `config.settings.NAME` carries its typed value, and
 * `npm run docs:config` puts it in the README.
 */
export const VARIABLES = {
  PORT: integer({ meaning: 'port to listen on', min: 0, max: 65535, default: 3000 }),
  HOST: text({ meaning: 'interface to listen on', default: undefined, defaultText: 'all interfaces', maxLength: 255 }),
  PUBLIC_URL: url({
    meaning: 'the origin users reach (the OpenID issuer); `https://` turns on `Secure`/`__Host-` cookies (the provider\'s too) and `Strict-Transport-Security`',
    schemes: ['http', 'https'],
    origin: true,
    default: undefined,
    defaultText: '`http://localhost:PORT`',
  }),
  DATA_DIR: text({ meaning: 'embedded store, generated secrets, mail outbox', default: './data', maxLength: 4096 }),
  MONGODB_URI: url({ meaning: 'use MongoDB instead of the embedded store', schemes: ['mongodb', 'mongodb+srv'], default: undefined, secret: true }),
  GERBANG_SECRET: text({
    meaning: 'the secret every key derives from (CSRF, cookies, one-time codes and magic links); required with `MONGODB_URI`, the same on every instance',
    default: undefined,
    defaultText: 'generated into `DATA_DIR` (embedded store only)',
    minLength: 16,
    secret: true,
  }),
  ENCRYPTION_KEY: text({
    meaning: 'key that seals secrets at rest (client secrets, TOTP seeds, signing keys), the same on every instance; with `MONGODB_URI` unset = derived from `GERBANG_SECRET`',
    default: undefined,
    defaultText: 'generated into `DATA_DIR`',
    minLength: 16,
    secret: true,
  }),
  DEFAULT_FLOW: text({ meaning: 'the journey `GET /login` starts', default: 'login-signup', pattern: /^[a-z0-9][a-z0-9-]{0,63}$/, patternText: 'a flow id' }),
  SEED_LANGUAGE: choice({
    meaning: 'the language of the shipped example journeys\' names, descriptions and step labels and of the demo app\'s name, written once when they are first seeded (what people read on the hosted pages is in every language anyway)',
    values: LANGUAGE_CODES,
    default: DEFAULT_LANGUAGE,
  }),
  RUN_TTL_MINUTES: integer({ meaning: 'an unfinished journey expires after this long without a step', min: 1, max: 1440, default: 30, unit: 'minutes' }),
  SESSION_TTL_HOURS: integer({ meaning: 'lifetime of a signed-in session', min: 1, max: 2160, default: 168, unit: 'hours' }),
  REAUTH_WINDOW_MINUTES: integer({
    meaning: 'sensitive account changes (email, password, factors, deletion) need a sign-in at the account\'s level this recent',
    min: 1,
    max: 1440,
    default: 5,
    unit: 'minutes',
  }),
  RATE_LIMIT_PER_MINUTE: integer({
    meaning: 'flood guard: form posts and journey starts per client IP and minute, counted in the store (one limit across instances); high, as many customers may share one address (failed sign-ins have their own throttles)',
    min: 1,
    max: 1_000_000,
    default: 6000,
  }),
  SIGNIN_ACCOUNT_FAILURES: integer({
    meaning: 'failed sign-ins on one account (from any addresses) within `SIGNIN_THROTTLE_MINUTES` after which each attempt must wait a growing delay, and the owner is emailed once',
    min: 1,
    max: 100_000,
    default: 20,
  }),
  SIGNIN_ADDRESS_FAILURES: integer({
    meaning: 'failed sign-ins from one client IP (on any accounts) within `SIGNIN_THROTTLE_MINUTES` after which that IP may not sign in until the window ends; successful sign-ins do not count',
    min: 1,
    max: 100_000,
    default: 30,
  }),
  BREACHED_PASSWORDS_API_URL: url({
    meaning: 'a k-anonymity range API of breached passwords (like `https://api.pwnedpasswords.com`), asked besides the shipped list when a password is chosen; only the first 5 hex characters of its SHA-1 are sent',
    schemes: ['http', 'https'],
    default: undefined,
    defaultText: '— (the shipped list only)',
  }),
  BOT_CHALLENGE_AFTER_FAILURES: integer({
    meaning: 'failed sign-ins from one client IP within `SIGNIN_THROTTLE_MINUTES` after which every password attempt from it must first pass the bot challenge (a proof of work solved by the browser, or a code by email without JavaScript)',
    min: 1,
    max: 100_000,
    default: 10,
  }),
  BOT_CHALLENGE_DIFFICULTY: integer({
    meaning: 'largest number the browser may have to try for the proof of work (its average cost is half of it: about a second at the default)',
    min: 1_000,
    max: 10_000_000,
    default: 50_000,
  }),
  SIGNIN_THROTTLE_MINUTES: integer({ meaning: 'window of the account and address sign-in throttles', min: 1, max: 1440, default: 15, unit: 'minutes' }),
  TRUST_PROXY: boolean({ meaning: 'take client IPs from `X-Forwarded-For` (behind a reverse proxy)', default: false }),
  LOG_SILENT: boolean({ meaning: 'write no log lines', default: false }),
  ADMIN_EMAIL: checked({
    meaning: 'email of the bootstrap administrator, created on the first start',
    default: DEFAULT_ADMIN_EMAIL,
    allowed: 'an email address the sign-in page accepts',
    check: isEmail,
    normalise: (v) => v.toLowerCase(),
  }),
  ADMIN_PASSWORD: text({
    meaning: "the bootstrap administrator's password; generated, printed once and saved in `DATA_DIR/admin-credentials.txt` when unset",
    default: undefined,
    defaultText: 'generated',
    minLength: 10,
    maxLength: 128,
    secret: true,
    keepSpaces: true,
  }),
  ADMIN_API_TOKEN: text({ meaning: 'bearer token for automation against `/api`', default: undefined, minLength: 16, secret: true }),
  GOOGLE_CLIENT_ID: text({ meaning: 'Google sign-in connection (with `GOOGLE_CLIENT_SECRET`)', default: undefined }),
  GOOGLE_CLIENT_SECRET: text({ meaning: 'secret of the Google connection', default: undefined, secret: true }),
  SOCIAL_CONNECTIONS: json<ConnectionConfig[]>({
    meaning: 'social sign-in connections (see above)',
    allowed: 'JSON array of connections',
    default: [],
    secret: true,
    validate: (value) => {
      try {
        return parseSocialConnections(value);
      } catch (err) {
        throw new ValueError(`is invalid (${(err as Error).message})`);
      }
    },
  }),
  THEME_NAME: text({ meaning: 'name shown on the hosted pages and in messages', default: DEFAULT_THEME.name, maxLength: 60 }),
  THEME_LOGO_URL: url({ meaning: 'logo on the hosted pages', schemes: ['http', 'https'], orPath: true, default: undefined }),
  THEME_PRIMARY_COLOR: color('colour of buttons and links', DEFAULT_THEME.primaryColor),
  THEME_BACKGROUND_COLOR: color('page background', DEFAULT_THEME.backgroundColor),
  THEME_TEXT_COLOR: color('text colour', DEFAULT_THEME.textColor),
  SMTP_URL: url({ meaning: 'outgoing mail server as one URL (instead of `SMTP_HOST`…); unset = each mail is written to `DATA_DIR/outbox/*.eml` and logged', schemes: ['smtp', 'smtps'], default: undefined, secret: true }),
  SMTP_HOST: text({ meaning: 'outgoing mail server', default: undefined, maxLength: 255 }),
  SMTP_PORT: integer({ meaning: 'port of the mail server (465 = TLS from the start)', min: 1, max: 65535, default: undefined, defaultText: '`587`' }),
  SMTP_USER: text({ meaning: 'mail server user', default: undefined }),
  SMTP_PASSWORD: text({ meaning: 'mail server password', default: undefined, secret: true, keepSpaces: true }),
  SMTP_FROM: text({ meaning: 'sender of the mails', default: 'Gerbang <no-reply@localhost>', maxLength: 320 }),
  SMS_API_URL: url({ meaning: 'SMS provider: a JSON `POST {"to","text"}`; unset = `DATA_DIR/outbox/*.json`', schemes: ['http', 'https'], default: undefined }),
  SMS_API_TOKEN: text({ meaning: 'sent as `Authorization: Bearer` to the SMS provider', default: undefined, secret: true }),
  REFRESH_REUSE_SECONDS: integer({
    meaning: 'a rotated refresh token presented again within this window gets the same successor (two tabs refreshing at once); later reuse revokes the grant; 0 = never',
    min: 0,
    max: 300,
    default: 30,
    unit: 'seconds',
  }),
  METRICS_TOKEN: text({ meaning: 'bearer token `GET /metrics` requires; unset = open (serve it on an internal network only)', default: undefined, minLength: 16, secret: true }),
  PASSWORD_HASH_CONCURRENCY: integer({ meaning: 'password hashes computed at once; the rest wait in a queue', min: 1, max: 256, default: undefined, defaultText: 'number of cores' }),
  SHED_HASH_QUEUE: integer({ meaning: 'refuse new journeys (503) while more password hashes than this wait', min: 1, max: 100_000, default: 8 }),
  SHED_REQUESTS_IN_FLIGHT: integer({ meaning: 'refuse new journeys (503) while more requests than this are being answered', min: 1, max: 1_000_000, default: 32 }),
  SHED_EVENT_LOOP_DELAY_MS: integer({ meaning: 'refuse new journeys (503) while the event loop is late by more than this (mean over each of the last two seconds)', min: 10, max: 60_000, default: 200, unit: 'ms' }),
  DRAIN_TIMEOUT_SECONDS: integer({ meaning: 'on SIGTERM, how long requests in progress may take to finish before their connections are cut', min: 1, max: 600, default: 20, unit: 'seconds' }),
  RUN_EVENTS: boolean({ meaning: 'record the path of every run of a published journey (steps entered, outcomes taken, time on step) for the funnel in the designer', default: true }),
  RUN_EVENTS_RETENTION_DAYS: integer({ meaning: 'raw run events are deleted after this long; the daily rollups the funnel reads are kept', min: 1, max: 3650, default: 90, unit: 'days' }),
  DASHBOARD_COUNTS: boolean({ meaning: 'count sign-ups, sign-ins, failures, lockouts, throttles, factors and consents per day for the console\'s dashboard (written in batches off the request)', default: true }),
  WEBHOOK_TIMEOUT_SECONDS: integer({ meaning: 'how long a webhook receiver may take to answer before the attempt counts as failed', min: 1, max: 120, default: 10, unit: 'seconds' }),
  WEBHOOK_RETRY_BASE_SECONDS: integer({ meaning: 'wait before the first retry of a failed webhook delivery; each next retry waits twice as long (capped at an hour, with jitter)', min: 1, max: 3600, default: 10, unit: 'seconds' }),
  WEBHOOK_MAX_ATTEMPTS: integer({ meaning: 'attempts of a webhook delivery before it is dead-lettered (replayable from the console or the admin API)', min: 1, max: 100, default: 15 }),
  WEBHOOK_SECRET_OVERLAP_HOURS: integer({
    meaning: 'after a webhook endpoint\'s signing secret is rotated, the old secret keeps signing beside the new one for this long (one `v1,` signature each), so the receiver can switch over without refusing an event; 0 = the old secret stops at once',
    min: 0,
    max: 720,
    default: 24,
    unit: 'hours',
  }),
  WEBHOOK_RETENTION_DAYS: integer({ meaning: 'delivered webhook deliveries and their events are deleted after this long; dead letters stay until replayed or their endpoint is removed', min: 1, max: 3650, default: 30, unit: 'days' }),
  SIEM_SYSLOG_URL: text({
    meaning: 'stream the audit log to a SIEM as RFC 5424 syslog (facility authpriv): `tcp://host:port` or `tls://host:port` (octet-counted, RFC 6587/5425) or `udp://host:port`',
    default: undefined,
    defaultText: 'not streamed',
    pattern: /^(tcp|tls|udp):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$/,
    patternText: '`tcp://`, `tls://` or `udp://` host:port',
  }),
  SIEM_SYSLOG_CA_FILE: text({ meaning: 'PEM file of the CA the `tls://` syslog receiver\'s certificate must chain to (default: the system\'s CAs)', default: undefined, maxLength: 4096 }),
  SIEM_HTTP_URL: url({
    meaning: 'stream the audit log to a SIEM as JSON lines over HTTP: batches `POST`ed as `application/x-ndjson`, one audit event per line (Splunk HEC raw, Elastic, Datadog, Vector, Fluent Bit HTTP inputs)',
    schemes: ['http', 'https'],
    default: undefined,
    defaultText: 'not streamed',
    secret: true,
  }),
  SIEM_HTTP_AUTHORIZATION: text({ meaning: 'sent as the `Authorization` header of each request to `SIEM_HTTP_URL`, e.g. `Bearer <token>` or `Splunk <token>`', default: undefined, maxLength: 4096, secret: true }),
  SIEM_BUFFER_SIZE: integer({ meaning: 'audit events kept while the SIEM is unreachable; beyond it the oldest are dropped (the audit log in the store keeps them all)', min: 100, max: 1_000_000, default: 10_000 }),
  SHED_RETRY_AFTER_SECONDS: integer({ meaning: '`Retry-After` of a refused journey', min: 1, max: 3600, default: 2, unit: 'seconds' }),
} satisfies Record<string, Variable<unknown>>;

/** The typed value of every declared variable. */
export type Settings = ValuesOf<typeof VARIABLES>;

const together = (a: keyof Settings, b: keyof Settings): Rule<Settings> => ({
  text: `\`${a}\` and \`${b}\` are set together`,
  holds: (s) => (s[a] === undefined) === (s[b] === undefined),
});
const needs = (names: Array<keyof Settings>, needed: keyof Settings): Rule<Settings> => ({
  text: `${names.map((n) => `\`${n}\``).join(', ')} ${names.length === 1 ? 'needs' : 'need'} \`${needed}\``,
  holds: (s) => s[needed] !== undefined || names.every((n) => s[n] === undefined),
});

/** Rules across variables, checked at start after each value is. */
export const RULES: Rule<Settings>[] = [
  together('GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'),
  { text: '`SMTP_URL` and `SMTP_HOST` are not both set (one says where mail goes)', holds: (s) => !(s.SMTP_URL && s.SMTP_HOST) },
  needs(['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD'], 'SMTP_HOST'),
  together('SMTP_USER', 'SMTP_PASSWORD'),
  needs(['SMS_API_TOKEN'], 'SMS_API_URL'),
  needs(['SIEM_SYSLOG_CA_FILE'], 'SIEM_SYSLOG_URL'),
  needs(['SIEM_HTTP_AUTHORIZATION'], 'SIEM_HTTP_URL'),
];


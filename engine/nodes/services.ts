import type { HttpCall, HttpCallResult } from '../orchestration/http-call.js';
import type { HttpSecretReader } from '../orchestration/http-secrets.js';
import type { AuditEvent, AuditRepo, Store, User } from '../store/port.js';
import type { Logger } from '../logger.js';
import type { PasswordHasher } from '../methods/password/hashing.js';
import type { SecretBox } from '../identity/secret-box.js';
import type { OneTimeCodes } from '../methods/codes/one-time-codes.js';
import type { Mailer, SmsSender } from '../notifications/senders.js';
import type { SocialConnection, SocialDirectory } from '../methods/social/connection.js';
import type { Organisation } from '../store/port.js';
import type { SignInThrottles } from '../protection/sign-in-throttles.js';
import type { BreachedPasswords } from '../methods/password/breached.js';
import type { BotDefence } from '../protection/proof-of-work.js';
import type { CaptchaChecker } from '../protection/captcha.js';
import type { KnownDevices } from '../protection/devices.js';

export interface Clock {
  now(): Date;
}

/**
 * The audit log of one request: the time, the client's IP and the run's user are filled in, so a
 * step names only what happened. `userId` defaults to the run's user, `actor` to `userId` (people
 * act on their own account; a failed sign-in has no actor).
 */
export interface AuditLog {
  record(type: string, event?: AuditLogEntry): Promise<void>;
  /** The event `record` would write, for a store operation that writes it together with its change. */
  event(type: string, event?: AuditLogEntry): Omit<AuditEvent, 'id'>;
}

export interface AuditLogEntry {
  userId?: string | null;
  actor?: string | null;
  details?: Record<string, unknown>;
}

/**
 * What the runtime hands every step and method: the only way they reach the outside world. Each
 * service is typed; connectors sit behind the mailer, the SMS sender and the social directory.
 */
export interface NodeServices {
  store: Store;
  clock: Clock;
  passwords: PasswordHasher;
  /** Throttles on failed sign-ins (account + address, account, address), counted in the store. */
  throttles: SignInThrottles;
  /** Browsers and networks each account signed in from; browsers remembered for the second factor. */
  devices: KnownDevices;
  /** The bot challenge (proof of work) and when it is asked. */
  bots: BotDefence;
  /** CAPTCHA providers the bot challenge may use instead: their widgets and verify APIs. */
  captcha: CaptchaChecker;
  /** Known-breached passwords, refused when a password is chosen. */
  breached: BreachedPasswords;
  /** One-time codes (email/SMS codes, magic links). */
  codes: OneTimeCodes;
  mailer: Mailer;
  sms: SmsSender;
  social: SocialDirectory;
  /** The OpenID providers organisations bring (home-realm discovery), as connections; absent: none. */
  organisationProviders?: OrganisationProviders;
  /** Seals secrets kept at rest (TOTP seeds, pending secrets in run state). */
  secrets: SecretBox;
  logger: Logger;
  /** The origin people reach (WebAuthn relying party, callback and magic-link URLs). */
  publicUrl: string;
  /** Name of the service, used in mails, text messages and authenticator apps. */
  appName: string;
  /** Calls the organisation's APIs for the HTTP request step (JSON, timeout, retries). */
  http: (call: HttpCall) => Promise<HttpCallResult>;
  /** The sealed secrets (API keys, tokens) the HTTP request step's headers name. */
  httpSecrets: HttpSecretReader;
}

/** The audit log bound to one request's client, user and clock. */
export function boundAuditLog(audit: AuditRepo, clock: Clock, ip: string | null, user: User | null): AuditLog {
  const eventOf = (type: string, event: AuditLogEntry = {}): Omit<AuditEvent, 'id'> => {
    const userId = event.userId === undefined ? (user?.id ?? null) : event.userId;
    return { at: clock.now(), type, userId, actor: event.actor === undefined ? userId : event.actor, ip, details: event.details ?? {} };
  };
  return {
    async record(type, event) {
      await audit.record(eventOf(type, event));
    },
    event: eventOf,
  };
}

/** The connection of an organisation's own OpenID provider (null when it has none). */
export interface OrganisationProviders {
  connectionFor(org: Organisation): SocialConnection | null;
}

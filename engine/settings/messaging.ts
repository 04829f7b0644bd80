import type { SecretBox } from '../identity/secret-box.js';
import type { EmailTransport, SmsTransport } from '../notifications/transports.js';
import type { SettingDoc, SettingsRepo } from '../store/port.js';
import type { Words } from '../languages.js';

export const MAIL_KEY = 'mail';
export const SMS_KEY = 'sms';

/** The outgoing mail server as the console sets it. The password is sealed at rest. */
export interface MailSettings {
  host: string;
  /** 465 = TLS from the start; other ports upgrade with STARTTLS when the server offers it. */
  port: number;
  user?: string;
  password?: string;
  from: string;
}

/** The SMS provider's HTTP API as the console sets it (a JSON `POST {"to","text"}`). The token is sealed at rest. */
export interface SmsSettings {
  apiUrl: string;
  apiToken?: string;
}

/** Where messages go now: the console's settings, the environment's, or the outbox directory. */
export type MessagingSource = 'console' | 'environment' | 'outbox';

export interface MailView {
  source: MessagingSource;
  host: string | null;
  port: number | null;
  user: string | null;
  hasPassword: boolean;
  from: string;
  revision: number;
}

export interface SmsView {
  source: MessagingSource;
  apiUrl: string | null;
  hasToken: boolean;
  revision: number;
}

/** What the environment configured (the bootstrap), as built by the composition root. */
export interface MessagingBootstrap {
  email: EmailTransport;
  sms: SmsTransport;
  mail: { host: string | null; port: number | null; user: string | null; hasPassword: boolean; from: string };
  smsApiUrl: string | null;
}

/** Builds transports from settings (the connectors). */
export interface TransportFactories {
  email(settings: MailSettings): EmailTransport;
  sms(settings: SmsSettings): SmsTransport;
}

/** A secret was left out of a change, and none is stored to keep. */
export class NothingToKeep extends Error {
  constructor(readonly words: Words) {
    super(words.en);
  }
}

/**
 * Mail and SMS settings made in the console: stored in the settings aggregate with their secrets
 * sealed, read at every send (so a change on one instance is used by all at once), each transport
 * built once per stored revision. Without console settings the environment's transports are used.
 */
export class MessagingSettings {
  private mailBuilt: { revision: number; transport: EmailTransport } | null = null;
  private smsBuilt: { revision: number; transport: SmsTransport } | null = null;

  constructor(
    private readonly settings: SettingsRepo,
    private readonly secrets: SecretBox,
    private readonly bootstrap: MessagingBootstrap,
    private readonly make: TransportFactories,
  ) {}

  /** The transport every mail goes through. */
  readonly email: EmailTransport = {
    mode: 'configured',
    send: async (message) => (await this.currentEmail()).send(message),
  };

  readonly sms: SmsTransport = {
    mode: 'configured',
    send: async (message) => (await this.currentSms()).send(message),
  };

  /** A transport for settings not saved yet ("send a test" before saving); a left-out secret is the stored one. */
  async emailFor(input: MailSettings): Promise<EmailTransport> {
    return this.make.email(await this.withStoredPassword(input));
  }

  async smsFor(input: SmsSettings): Promise<SmsTransport> {
    return this.make.sms(await this.withStoredToken(input));
  }

  async mailView(): Promise<MailView> {
    const doc = await this.settings.get(MAIL_KEY);
    if (doc) {
      const v = doc.value as { host: string; port: number; user?: string; passwordSealed?: string; from: string };
      return { source: 'console', host: v.host, port: v.port, user: v.user ?? null, hasPassword: Boolean(v.passwordSealed), from: v.from, revision: doc.revision };
    }
    const env = this.bootstrap.mail;
    return { source: env.host ? 'environment' : 'outbox', ...env, revision: 0 };
  }

  async smsView(): Promise<SmsView> {
    const doc = await this.settings.get(SMS_KEY);
    if (doc) {
      const v = doc.value as { apiUrl: string; apiTokenSealed?: string };
      return { source: 'console', apiUrl: v.apiUrl, hasToken: Boolean(v.apiTokenSealed), revision: doc.revision };
    }
    return { source: this.bootstrap.smsApiUrl ? 'environment' : 'outbox', apiUrl: this.bootstrap.smsApiUrl, hasToken: false, revision: 0 };
  }

  /** Compare-and-set on the revision read; null when someone else saved meanwhile. */
  async saveMail(input: MailSettings, expectedRevision: number, by: string | null): Promise<MailView | null> {
    const { password, ...rest } = await this.withStoredPassword(input);
    const value = { ...rest, ...(password ? { passwordSealed: this.secrets.seal(password) } : {}) };
    return (await this.settings.put(MAIL_KEY, value, expectedRevision, by)) ? this.mailView() : null;
  }

  async saveSms(input: SmsSettings, expectedRevision: number, by: string | null): Promise<SmsView | null> {
    const { apiToken, ...rest } = await this.withStoredToken(input);
    const value = { ...rest, ...(apiToken ? { apiTokenSealed: this.secrets.seal(apiToken) } : {}) };
    return (await this.settings.put(SMS_KEY, value, expectedRevision, by)) ? this.smsView() : null;
  }

  /** Back to the environment's settings (or the outbox). */
  async resetMail(): Promise<boolean> {
    return this.settings.delete(MAIL_KEY);
  }

  async resetSms(): Promise<boolean> {
    return this.settings.delete(SMS_KEY);
  }

  private async currentEmail(): Promise<EmailTransport> {
    const doc = await this.settings.get(MAIL_KEY);
    if (!doc) return this.bootstrap.email;
    if (this.mailBuilt?.revision !== doc.revision) this.mailBuilt = { revision: doc.revision, transport: this.make.email(this.openMail(doc)) };
    return this.mailBuilt.transport;
  }

  private async currentSms(): Promise<SmsTransport> {
    const doc = await this.settings.get(SMS_KEY);
    if (!doc) return this.bootstrap.sms;
    if (this.smsBuilt?.revision !== doc.revision) this.smsBuilt = { revision: doc.revision, transport: this.make.sms(this.openSms(doc)) };
    return this.smsBuilt.transport;
  }

  private openMail(doc: SettingDoc): MailSettings {
    const { passwordSealed, ...rest } = doc.value as unknown as Omit<MailSettings, 'password'> & { passwordSealed?: string };
    return { ...rest, ...(passwordSealed ? { password: this.secrets.open(passwordSealed) } : {}) };
  }

  private openSms(doc: SettingDoc): SmsSettings {
    const { apiTokenSealed, ...rest } = doc.value as unknown as Omit<SmsSettings, 'apiToken'> & { apiTokenSealed?: string };
    return { ...rest, ...(apiTokenSealed ? { apiToken: this.secrets.open(apiTokenSealed) } : {}) };
  }

  /** A user without a password keeps the stored one (the form never shows it); no user, no password. */
  private async withStoredPassword(input: MailSettings): Promise<MailSettings> {
    if (!input.user) return { ...input, password: undefined };
    if (input.password) return input;
    const doc = await this.settings.get(MAIL_KEY);
    const stored = doc ? this.openMail(doc).password : undefined;
    if (!stored) throw new NothingToKeep({ en: 'A mail server user needs its password.', id: 'Pengguna server email memerlukan kata sandinya.' });
    return { ...input, password: stored };
  }

  private async withStoredToken(input: SmsSettings): Promise<SmsSettings> {
    if (input.apiToken) return input;
    const doc = await this.settings.get(SMS_KEY);
    const stored = doc ? this.openSms(doc).apiToken : undefined;
    return stored ? { ...input, apiToken: stored } : input;
  }
}

import type { SecretBox } from '../identity/secret-box.js';
import type { SocialConnection, SocialDirectory } from '../methods/social/connection.js';
import type { SettingDoc, SettingsRepo } from '../store/port.js';
import type { ConnectionConfig } from '../../connectors/social/index.js';

/** Where a connection was defined: in the console (the store), or by environment variables (the bootstrap). */
export type ConnectionSource = 'console' | 'environment';

/** A connection as the store keeps it: everything of its configuration, the client secret sealed. */
export type StoredConnection = Omit<ConnectionConfig, 'name' | 'clientSecret'> & { clientSecretSealed: string };

/** A connection as the admin API shows it: never its secret. */
export type ConnectionView = Omit<ConnectionConfig, 'clientSecret'> & { source: ConnectionSource; revision: number | null; updatedAt: string | null };

export const CONNECTION_KEY_PREFIX = 'social:';
const keyOf = (name: string) => `${CONNECTION_KEY_PREFIX}${name}`;

/** Builds a working connection from its configuration (the connectors' factories). */
export type ConnectorFactory = (config: ConnectionConfig) => SocialConnection;

/**
 * The social connections: defined in the console (store, shared by every instance, secret sealed)
 * and, as a bootstrap, by environment variables. A console definition wins over an environment one
 * of the same name. Connectors are built once per stored revision, so an edit on any instance is
 * used by the next sign-in everywhere, and discovery is not repeated on every page.
 */
export class ConnectionDirectory implements SocialDirectory {
  private readonly built = new Map<string, { revision: number; connection: SocialConnection }>();

  constructor(
    private readonly settings: SettingsRepo,
    private readonly secrets: SecretBox,
    private readonly bootstrap: ReadonlyMap<string, SocialConnection>,
    private readonly bootstrapConfigs: readonly ConnectionConfig[],
    private readonly make: ConnectorFactory,
  ) {}

  async get(name: string): Promise<SocialConnection | undefined> {
    const doc = await this.settings.get(keyOf(name));
    if (!doc) return this.bootstrap.get(name);
    const cached = this.built.get(name);
    if (cached?.revision === doc.revision) return cached.connection;
    const connection = this.make(this.configOf(doc));
    this.built.set(name, { revision: doc.revision, connection });
    return connection;
  }

  async names(): Promise<string[]> {
    const stored = (await this.settings.list(CONNECTION_KEY_PREFIX)).map((d) => d.key.slice(CONNECTION_KEY_PREFIX.length));
    return [...new Set([...stored, ...this.bootstrap.keys()])].sort();
  }

  /** Every connection, for the console: console-defined ones first hide environment ones of the same name. */
  async list(): Promise<ConnectionView[]> {
    const stored = (await this.settings.list(CONNECTION_KEY_PREFIX)).map((d) => this.viewOf(d));
    const names = new Set(stored.map((c) => c.name));
    const fromEnv = this.bootstrapConfigs.filter((c) => !names.has(c.name)).map((c): ConnectionView => ({ ...withoutSecret(c), source: 'environment', revision: null, updatedAt: null }));
    return [...stored, ...fromEnv].sort((a, b) => a.name.localeCompare(b.name));
  }

  async view(name: string): Promise<ConnectionView | null> {
    const doc = await this.settings.get(keyOf(name));
    if (doc) return this.viewOf(doc);
    const env = this.bootstrapConfigs.find((c) => c.name === name);
    return env ? { ...withoutSecret(env), source: 'environment', revision: null, updatedAt: null } : null;
  }

  /** The full configuration with its secret opened: for building a connector and testing it. */
  async config(name: string): Promise<ConnectionConfig | null> {
    const doc = await this.settings.get(keyOf(name));
    if (doc) return this.configOf(doc);
    return this.bootstrapConfigs.find((c) => c.name === name) ?? null;
  }

  /**
   * Creates or replaces a console connection, sealing its secret. Without a new secret the stored one
   * is kept. Compare-and-set on the revision read: null when someone else changed it in between.
   */
  async save(name: string, input: Omit<ConnectionConfig, 'name' | 'clientSecret'> & { clientSecret?: string }, expectedRevision: number, by: string | null): Promise<ConnectionView | null> {
    const { clientSecret, ...rest } = input;
    let sealed: string;
    if (clientSecret) sealed = this.secrets.seal(clientSecret);
    else {
      const current = await this.settings.get(keyOf(name));
      const kept = current?.value.clientSecretSealed;
      if (typeof kept !== 'string') throw new MissingSecret();
      sealed = kept;
    }
    const value: StoredConnection = { ...rest, clientSecretSealed: sealed };
    const doc = await this.settings.put(keyOf(name), value as unknown as Record<string, unknown>, expectedRevision, by);
    return doc ? this.viewOf(doc) : null;
  }

  async revision(name: string): Promise<number> {
    return (await this.settings.get(keyOf(name)))?.revision ?? 0;
  }

  async delete(name: string): Promise<boolean> {
    this.built.delete(name);
    return this.settings.delete(keyOf(name));
  }

  private configOf(doc: SettingDoc): ConnectionConfig {
    const { clientSecretSealed, ...rest } = doc.value as unknown as StoredConnection;
    return { ...rest, name: doc.key.slice(CONNECTION_KEY_PREFIX.length), clientSecret: this.secrets.open(clientSecretSealed) };
  }

  private viewOf(doc: SettingDoc): ConnectionView {
    const { clientSecretSealed: _sealed, ...rest } = doc.value as unknown as StoredConnection;
    return { ...rest, name: doc.key.slice(CONNECTION_KEY_PREFIX.length), source: 'console', revision: doc.revision, updatedAt: doc.updatedAt.toISOString() };
  }
}

/** A new connection was saved without its client secret. */
export class MissingSecret extends Error {
  constructor() {
    super('A new connection needs its client secret.');
  }
}

function withoutSecret(c: ConnectionConfig): Omit<ConnectionConfig, 'clientSecret'> {
  const { clientSecret: _secret, ...rest } = c;
  return rest;
}

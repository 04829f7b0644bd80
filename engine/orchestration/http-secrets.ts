import type { SettingDoc, SettingsRepo } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';

/** A secret's name: what a header of an HTTP request step writes as `{{secret.<name>}}`. */
export const SECRET_NAME = '^[a-z][a-z0-9_]{0,63}$';
const KEY_PREFIX = 'http-secret:';

/** A secret as the console sees it: never its value. */
export interface HttpSecretView {
  name: string;
  description: string;
  revision: number;
  updatedAt: Date;
  updatedBy: string | null;
}

/** The secrets the engine may put into an HTTP request's headers (NodeServices sees only this). */
export interface HttpSecretReader {
  /** The value, or null when no secret has that name. */
  reveal(name: string): Promise<string | null>;
}

interface Stored {
  sealed: string;
  description: string;
}

/**
 * Secrets of the organisation's APIs (API keys, bearer tokens) for the HTTP request step's headers:
 * stored sealed in the settings every instance shares, written and listed by the admin API, opened
 * only when a request is sent. A journey names a secret, never holds it, so the flow JSON, its
 * versions and exports carry no credential.
 */
export class HttpSecrets implements HttpSecretReader {
  constructor(
    private readonly settings: SettingsRepo,
    private readonly box: SecretBox,
  ) {}

  async list(): Promise<HttpSecretView[]> {
    return (await this.settings.list(KEY_PREFIX)).map(viewOf);
  }

  async names(): Promise<string[]> {
    return (await this.settings.list(KEY_PREFIX)).map((d) => d.key.slice(KEY_PREFIX.length));
  }

  async view(name: string): Promise<HttpSecretView | null> {
    const doc = await this.settings.get(KEY_PREFIX + name);
    return doc ? viewOf(doc) : null;
  }

  async reveal(name: string): Promise<string | null> {
    const doc = await this.settings.get(KEY_PREFIX + name);
    return doc ? this.box.open((doc.value as unknown as Stored).sealed) : null;
  }

  /**
   * Creates (`expectedRevision` 0, a value needed) or changes a secret: a new value replaces the
   * sealed one, no value keeps it (a description changed alone). Null when someone else wrote first.
   */
  async save(name: string, input: { value?: string; description?: string }, expectedRevision: number, by: string | null): Promise<HttpSecretView | null> {
    const current = expectedRevision ? await this.settings.get(KEY_PREFIX + name) : null;
    const old = current?.value as unknown as Stored | undefined;
    const sealed = input.value !== undefined ? this.box.seal(input.value) : old?.sealed;
    if (!sealed) throw new Error('A new secret needs its value');
    const stored: Stored = { sealed, description: input.description ?? old?.description ?? '' };
    const saved = await this.settings.put(KEY_PREFIX + name, { ...stored }, expectedRevision, by);
    return saved ? viewOf(saved) : null;
  }

  async delete(name: string): Promise<boolean> {
    return this.settings.delete(KEY_PREFIX + name);
  }
}

function viewOf(doc: SettingDoc): HttpSecretView {
  const v = doc.value as unknown as Stored;
  return { name: doc.key.slice(KEY_PREFIX.length), description: v.description, revision: doc.revision, updatedAt: doc.updatedAt, updatedBy: doc.updatedBy };
}

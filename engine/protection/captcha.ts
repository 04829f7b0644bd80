import type { SecretBox } from '../identity/secret-box.js';
import type { SettingsRepo } from '../store/port.js';
import { CAPTCHA_PROVIDER_INFO, CAPTCHA_PROVIDERS, type CaptchaProvider, type CaptchaVerdict, type CaptchaVerifyConfig } from '../../connectors/captcha.js';

export { CAPTCHA_PROVIDERS, type CaptchaProvider };

/** A provider's keys as the store keeps them (`captcha:<provider>` in the settings): the secret sealed. */
interface StoredCaptcha {
  siteKey: string;
  secretSealed: string;
  verifyUrl: string | null;
}

/** A provider's keys as the admin API shows them: never the secret. */
export interface CaptchaView {
  provider: CaptchaProvider;
  title: string;
  siteKey: string;
  verifyUrl: string | null;
  revision: number;
  updatedAt: string;
}

/** What a page needs to show the provider's widget, and the origins its CSP must allow for it. */
export interface CaptchaWidget {
  provider: CaptchaProvider;
  siteKey: string;
  scriptUrl: string;
  widgetClass: string;
  scriptOrigins: string[];
  frameOrigins: string[];
}

const KEY_PREFIX = 'captcha:';
const keyOf = (provider: CaptchaProvider) => `${KEY_PREFIX}${provider}`;

export const isCaptchaProvider = (v: unknown): v is CaptchaProvider => typeof v === 'string' && (CAPTCHA_PROVIDERS as readonly string[]).includes(v);

/** A provider's keys were saved for the first time without their secret. */
export class MissingCaptchaSecret extends Error {
  constructor() {
    super('The first save of a provider needs its secret key.');
  }
}

/** What the bot challenge step asks of a CAPTCHA provider: the widget to show, and the check of a solved one. */
export interface CaptchaChecker {
  widget(provider: CaptchaProvider): Promise<CaptchaWidget | null>;
  verify(provider: CaptchaProvider, token: string, remoteIp: string | null): Promise<CaptchaVerdict>;
}

/**
 * The CAPTCHA providers the bot challenge can use instead of the self-hosted proof of work: their
 * keys, set in the console and shared by every instance (the secret sealed at rest, never shown
 * back), and the check of a solved widget against the provider's verify API. The transport is
 * handed in by the composition root.
 */
export class CaptchaProviders implements CaptchaChecker {
  constructor(
    private readonly settings: SettingsRepo,
    private readonly secrets: SecretBox,
    private readonly verifyWith: (config: CaptchaVerifyConfig, token: string, remoteIp: string | null) => Promise<CaptchaVerdict>,
  ) {}

  /** The widget of a configured provider; null when its keys were never set. */
  async widget(provider: CaptchaProvider): Promise<CaptchaWidget | null> {
    const stored = await this.stored(provider);
    if (!stored) return null;
    const info = CAPTCHA_PROVIDER_INFO[provider];
    return { provider, siteKey: stored.siteKey, scriptUrl: info.scriptUrl, widgetClass: info.widgetClass, scriptOrigins: info.scriptOrigins, frameOrigins: info.frameOrigins };
  }

  /** Whether `token` was solved by a person; a provider without keys cannot be asked (fail closed). */
  async verify(provider: CaptchaProvider, token: string, remoteIp: string | null): Promise<CaptchaVerdict> {
    const stored = await this.stored(provider);
    if (!stored) return { result: 'unavailable', reason: `${CAPTCHA_PROVIDER_INFO[provider].title} has no keys set` };
    if (!token || token.length > 4096) return { result: 'failed', codes: ['missing-input-response'] };
    return this.verifyWith({ provider, secret: this.secrets.open(stored.secretSealed), verifyUrl: stored.verifyUrl }, token, remoteIp);
  }

  async list(): Promise<CaptchaView[]> {
    const docs = await this.settings.list(KEY_PREFIX);
    return docs.filter((d) => isCaptchaProvider(d.key.slice(KEY_PREFIX.length))).map((d) => this.viewOf(d.key.slice(KEY_PREFIX.length) as CaptchaProvider, d));
  }

  /**
   * Sets a provider's keys; without a new secret the stored one is kept (the console never has it).
   * Compare-and-set on the revision read, so two administrators saving at once do not mix their keys.
   */
  async save(provider: CaptchaProvider, input: { siteKey: string; secret?: string; verifyUrl?: string | null }, by: string | null): Promise<CaptchaView> {
    for (;;) {
      const current = await this.settings.get(keyOf(provider));
      const kept = current?.value.secretSealed;
      if (!input.secret && typeof kept !== 'string') throw new MissingCaptchaSecret();
      const value: StoredCaptcha = { siteKey: input.siteKey, secretSealed: input.secret ? this.secrets.seal(input.secret) : String(kept), verifyUrl: input.verifyUrl ?? null };
      const doc = await this.settings.put(keyOf(provider), { ...value }, current?.revision ?? 0, by);
      if (doc) return this.viewOf(provider, doc);
    }
  }

  async remove(provider: CaptchaProvider): Promise<boolean> {
    return this.settings.delete(keyOf(provider));
  }

  private async stored(provider: CaptchaProvider): Promise<StoredCaptcha | null> {
    const doc = await this.settings.get(keyOf(provider));
    return doc ? (doc.value as unknown as StoredCaptcha) : null;
  }

  private viewOf(provider: CaptchaProvider, doc: { value: Record<string, unknown>; revision: number; updatedAt: Date }): CaptchaView {
    const v = doc.value as unknown as StoredCaptcha;
    return { provider, title: CAPTCHA_PROVIDER_INFO[provider].title, siteKey: v.siteKey, verifyUrl: v.verifyUrl ?? null, revision: doc.revision, updatedAt: doc.updatedAt.toISOString() };
  }
}

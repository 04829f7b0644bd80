import { DEFAULT_LANGUAGE, LANGUAGE_CODES } from '../languages.js';
import { accountAttackedEmail, codeEmail, codeSms, emailChangedEmail, linkEmail, MESSAGE_TEXTS, type CustomTexts } from '../notifications/templates.js';
import type { EmailMessage } from '../notifications/transports.js';
import type { SettingsRepo } from '../store/port.js';

export const MESSAGE_TEXTS_KEY = 'message-texts';

/** Placeholders a text must keep: without them the message would not do its job. */
const REQUIRED_PLACEHOLDERS: Record<string, string[]> = { 'code.intro': ['code'], 'sms.code': ['code'] };

const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** One text of the messages, as the console edits it. */
export interface MessageTextView {
  key: string;
  /** The placeholders it may use (those of the shipped wording) and those it must keep. */
  placeholders: string[];
  required: string[];
  shipped: Record<string, string>;
  custom: Record<string, string>;
}

/** The messages a preview can show, with made-up values in their placeholders. */
export const PREVIEWABLE = ['code', 'link', 'email-changed', 'account-attacked', 'sms-code'] as const;
export type PreviewableMessage = (typeof PREVIEWABLE)[number];

/** A problem with a wording, for the field it belongs to. */
export class WordingProblem extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The organisation's own wording of the mails and text messages, per language and text key, kept in
 * the settings aggregate. Every text keeps the placeholders its message needs (a code mail without
 * `{code}` would strand people) and uses no unknown ones.
 */
export class MessageTexts {
  constructor(private readonly settings: SettingsRepo) {}

  /** What the mailer reads at each send. */
  readonly wording = async (): Promise<CustomTexts> => ((await this.settings.get(MESSAGE_TEXTS_KEY))?.value ?? {}) as CustomTexts;

  async list(): Promise<{ languages: readonly string[]; revision: number; texts: MessageTextView[] }> {
    const doc = await this.settings.get(MESSAGE_TEXTS_KEY);
    const custom = (doc?.value ?? {}) as CustomTexts;
    const keys = Object.keys(MESSAGE_TEXTS[DEFAULT_LANGUAGE]);
    return {
      languages: LANGUAGE_CODES,
      revision: doc?.revision ?? 0,
      texts: keys.map((key) => ({
        key,
        placeholders: allowed(key),
        required: REQUIRED_PLACEHOLDERS[key] ?? [],
        shipped: Object.fromEntries(LANGUAGE_CODES.map((l) => [l, MESSAGE_TEXTS[l]?.[key] ?? MESSAGE_TEXTS[DEFAULT_LANGUAGE][key]])),
        custom: Object.fromEntries(LANGUAGE_CODES.filter((l) => custom[l]?.[key] !== undefined).map((l) => [l, custom[l][key]])),
      })),
    };
  }

  /**
   * Sets (text) or restores (null) the wording of keys in one language, by compare-and-set on the
   * revision read: two administrators editing at once never lose each other's words silently.
   */
  async save(lang: string, changes: Record<string, string | null>, expectedRevision: number, by: string | null): Promise<number | null> {
    for (const [key, text] of Object.entries(changes)) if (text !== null) checkWording(key, text);
    const doc = await this.settings.get(MESSAGE_TEXTS_KEY);
    if ((doc?.revision ?? 0) !== expectedRevision) return null;
    const custom = structuredClone((doc?.value ?? {}) as CustomTexts);
    const mine = (custom[lang] ??= {});
    for (const [key, text] of Object.entries(changes)) {
      if (text === null) delete mine[key];
      else mine[key] = text;
    }
    if (Object.keys(mine).length === 0) delete custom[lang];
    const saved = await this.settings.put(MESSAGE_TEXTS_KEY, custom, expectedRevision, by);
    return saved?.revision ?? null;
  }

  /** A message as it would be sent now, or with `draft` wording (not saved) laid over it. */
  async preview(message: PreviewableMessage, lang: string, app: string, draft: Record<string, string> = {}): Promise<EmailMessage | { text: string }> {
    for (const [key, text] of Object.entries(draft)) checkWording(key, text);
    const custom = structuredClone(await this.wording());
    custom[lang] = { ...custom[lang], ...draft };
    const to = 'ayu@example.com';
    switch (message) {
      case 'code':
        return codeEmail(lang, to, 'signin', '482915', 10, app, custom);
      case 'link':
        return linkEmail(lang, to, 'https://id.example.com/flow/…/callback?token=…', 15, app, custom);
      case 'email-changed':
        return emailChangedEmail(lang, to, 'ayu.new@example.com', app, { link: 'https://id.example.com/account/email/undo?token=…', days: 7 }, custom);
      case 'account-attacked':
        return accountAttackedEmail(lang, to, 'https://id.example.com/login?flow=password-reset', app, custom);
      case 'sms-code':
        return { text: codeSms(lang, '482915', 10, app, custom) };
    }
  }
}

function allowed(key: string): string[] {
  return [...new Set(LANGUAGE_CODES.flatMap((l) => placeholdersOf(MESSAGE_TEXTS[l]?.[key] ?? '')))];
}

/** Refuses a text of an unknown key, one that drops a placeholder its message needs, or uses one nobody fills. */
export function checkWording(key: string, text: string): void {
  if (!(key in MESSAGE_TEXTS[DEFAULT_LANGUAGE])) throw new WordingProblem(key, `There is no message text "${key}".`);
  const used = placeholdersOf(text);
  const missing = (REQUIRED_PLACEHOLDERS[key] ?? []).filter((p) => !used.includes(p));
  if (missing.length) throw new WordingProblem(key, `This text must keep ${missing.map((p) => `{${p}}`).join(', ')}: without it the message is useless.`);
  const unknown = used.filter((p) => !allowed(key).includes(p));
  if (unknown.length) throw new WordingProblem(key, `This text uses ${unknown.map((p) => `{${p}}`).join(', ')}, which nothing fills in. It may use: ${allowed(key).map((p) => `{${p}}`).join(', ') || 'no placeholders'}.`);
}

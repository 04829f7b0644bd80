import { DEFAULT_LANGUAGE, LANGUAGE_CODES, type Words } from '../languages.js';
import { accountAttackedEmail, codeEmail, codeSms, emailChangedEmail, identitiesRemovedEmail, linkEmail, MESSAGE_TEXTS, newDeviceEmail, passwordLinkEmail, type CustomTexts } from '../notifications/templates.js';
import type { EmailMessage } from '../notifications/transports.js';
import type { SettingsRepo } from '../store/port.js';

export const MESSAGE_TEXTS_KEY = 'message-texts';

/** Placeholders a text must keep: without them the message would not do its job. */
const REQUIRED_PLACEHOLDERS: Record<string, string[]> = { 'code.intro': ['code'], 'sms.code': ['code'] };

const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** One text of the messages, as the console edits it. */
export interface MessageTextView {
  key: string;
  /** What the text is, in words per language (the console's list shows these, not the key). */
  name: Record<string, string>;
  /** The message it is part of: the preview that shows it. */
  message: PreviewableMessage;
  /** The placeholders it may use (those of the shipped wording) and those it must keep. */
  placeholders: string[];
  required: string[];
  shipped: Record<string, string>;
  custom: Record<string, string>;
}

/**
 * The messages a preview can show, with made-up values in their placeholders: `code` is the sign-in
 * code mail (the others of its kind differ by their subject only).
 */
export const PREVIEWABLE = [
  'code',
  'code-verify',
  'code-reset',
  'code-change',
  'code-mfa',
  'link',
  'email-changed',
  'account-attacked',
  'identities-removed',
  'new-device',
  'password-welcome',
  'password-reset',
  'sms-code',
] as const;
export type PreviewableMessage = (typeof PREVIEWABLE)[number];

/** Each text: the message it belongs to (its preview) and what it is, in the console's languages. */
const TEXT_OF: Record<string, { message: PreviewableMessage; name: Record<string, string> }> = {
  'subject.verify': { message: 'code-verify', name: { en: 'Code to verify an email address: subject', id: 'Kode verifikasi alamat email: subjek' } },
  'subject.reset': { message: 'code-reset', name: { en: 'Code to reset a password: subject', id: 'Kode atur ulang kata sandi: subjek' } },
  'subject.signin': { message: 'code', name: { en: 'Code to sign in: subject', id: 'Kode masuk: subjek' } },
  'subject.change': { message: 'code-change', name: { en: 'Code to confirm a new email address: subject', id: 'Kode konfirmasi alamat email baru: subjek' } },
  'subject.mfa': { message: 'code-mfa', name: { en: 'Security code (second factor): subject', id: 'Kode keamanan (faktor kedua): subjek' } },
  'code.intro': { message: 'code', name: { en: 'Mails with a code: the line with the code', id: 'Email berisi kode: baris berisi kode' } },
  expiry: { message: 'code', name: { en: 'Mails with a code or link: how long it works', id: 'Email berisi kode atau tautan: masa berlaku' } },
  ignore: { message: 'code', name: { en: 'Mails with a code or link: "if you did not ask"', id: 'Email berisi kode atau tautan: "jika Anda tidak memintanya"' } },
  'subject.link': { message: 'link', name: { en: 'Sign-in link: subject', id: 'Tautan masuk: subjek' } },
  'link.intro': { message: 'link', name: { en: 'Sign-in link: the line before the link', id: 'Tautan masuk: baris sebelum tautan' } },
  'subject.changed': { message: 'email-changed', name: { en: 'Email address changed: subject', id: 'Alamat email diubah: subjek' } },
  'changed.body': { message: 'email-changed', name: { en: 'Email address changed: the notice', id: 'Alamat email diubah: pemberitahuan' } },
  'changed.undo': { message: 'email-changed', name: { en: 'Email address changed: how to undo it', id: 'Alamat email diubah: cara membatalkannya' } },
  'sms.code': { message: 'sms-code', name: { en: 'Text message with a code', id: 'SMS berisi kode' } },
  'subject.attacked': { message: 'account-attacked', name: { en: 'Many failed sign-ins: subject', id: 'Banyak upaya masuk gagal: subjek' } },
  'attacked.body': { message: 'account-attacked', name: { en: 'Many failed sign-ins: the notice', id: 'Banyak upaya masuk gagal: pemberitahuan' } },
  'subject.identitiesRemoved': { message: 'identities-removed', name: { en: 'Unverified provider sign-ins removed: subject', id: 'Masuk lewat penyedia yang tidak terverifikasi dihapus: subjek' } },
  'identitiesRemoved.body': { message: 'identities-removed', name: { en: 'Unverified provider sign-ins removed: the notice', id: 'Masuk lewat penyedia yang tidak terverifikasi dihapus: pemberitahuan' } },
  'subject.newDevice': { message: 'new-device', name: { en: 'Sign-in from a new browser: subject', id: 'Masuk dari peramban baru: subjek' } },
  'newDevice.body': { message: 'new-device', name: { en: 'Sign-in from a new browser: the notice', id: 'Masuk dari peramban baru: pemberitahuan' } },
  'newDevice.notMe': { message: 'new-device', name: { en: 'Sign-in from a new browser: "this was not me"', id: 'Masuk dari peramban baru: "ini bukan saya"' } },
  'subject.welcome': { message: 'password-welcome', name: { en: 'Account made by an administrator: subject', id: 'Akun dibuat oleh administrator: subjek' } },
  'welcome.intro': { message: 'password-welcome', name: { en: 'Account made by an administrator: the line before the link', id: 'Akun dibuat oleh administrator: baris sebelum tautan' } },
  'subject.resetLink': { message: 'password-reset', name: { en: 'Password reset link from support: subject', id: 'Tautan atur ulang kata sandi dari dukungan: subjek' } },
  'resetLink.intro': { message: 'password-reset', name: { en: 'Password reset link from support: the line before the link', id: 'Tautan atur ulang kata sandi dari dukungan: baris sebelum tautan' } },
  'passwordLink.expiry': { message: 'password-welcome', name: { en: 'Links to choose a password: how long they work', id: 'Tautan untuk memilih kata sandi: masa berlaku' } },
};

/** What a text is and where it shows; a key without an entry (none ships) is named by itself and previewed as the code mail. */
export const textOf = (key: string) => TEXT_OF[key] ?? { message: 'code' as const, name: Object.fromEntries(LANGUAGE_CODES.map((l) => [l, key])) };

/** A problem with a wording, for the field it belongs to. */
export class WordingProblem extends Error {
  constructor(
    readonly key: string,
    readonly words: Words,
  ) {
    super(words.en);
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
        ...textOf(key),
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
      case 'code-verify':
        return codeEmail(lang, to, 'verify', '482915', 10, app, custom);
      case 'code-reset':
        return codeEmail(lang, to, 'reset', '482915', 10, app, custom);
      case 'code-change':
        return codeEmail(lang, to, 'change', '482915', 10, app, custom);
      case 'code-mfa':
        return codeEmail(lang, to, 'mfa', '482915', 10, app, custom);
      case 'link':
        return linkEmail(lang, to, 'https://id.example.com/flow/…/callback?token=…', 15, app, custom);
      case 'email-changed':
        return emailChangedEmail(lang, to, 'ayu.new@example.com', app, { link: 'https://id.example.com/account/email/undo?token=…', days: 7 }, custom);
      case 'account-attacked':
        return accountAttackedEmail(lang, to, 'https://id.example.com/login?flow=password-reset', app, custom);
      case 'identities-removed':
        return identitiesRemovedEmail(lang, to, ['GitHub'], app, custom);
      case 'new-device':
        return newDeviceEmail(lang, to, { device: 'Firefox on Android', address: '203.0.113.7', time: '2026-01-31 08:15', notMeLink: 'https://id.example.com/security/not-me?token=…' }, app, custom);
      case 'password-welcome':
        return passwordLinkEmail(lang, to, 'welcome', 'https://id.example.com/set-password?user=…&token=…', 72, app, custom);
      case 'password-reset':
        return passwordLinkEmail(lang, to, 'reset', 'https://id.example.com/set-password?user=…&token=…', 24, app, custom);
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
  if (!(key in MESSAGE_TEXTS[DEFAULT_LANGUAGE])) throw new WordingProblem(key, { en: `There is no message text "${key}".`, id: `Tidak ada teks pesan "${key}".` });
  const used = placeholdersOf(text);
  const missing = (REQUIRED_PLACEHOLDERS[key] ?? []).filter((p) => !used.includes(p));
  if (missing.length) {
    const kept = missing.map((p) => `{${p}}`).join(', ');
    throw new WordingProblem(key, { en: `This text must keep ${kept}: without it the message is useless.`, id: `Teks ini harus tetap memuat ${kept}: tanpanya pesan ini tidak berguna.` });
  }
  const unknown = used.filter((p) => !allowed(key).includes(p));
  if (unknown.length) {
    const unfilled = unknown.map((p) => `{${p}}`).join(', ');
    const may = allowed(key).map((p) => `{${p}}`).join(', ');
    throw new WordingProblem(key, {
      en: `This text uses ${unfilled}, which nothing fills in. It may use: ${may || 'no placeholders'}.`,
      id: `Teks ini memakai ${unfilled}, yang tidak diisi apa pun. Yang boleh dipakai: ${may || 'tidak ada placeholder'}.`,
    });
  }
}

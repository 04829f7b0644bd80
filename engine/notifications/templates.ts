import { html } from '../hosted/html.js';
import type { EmailMessage } from './transports.js';
import type { CodePurpose } from './senders.js';
import { DEFAULT_LANGUAGE } from '../languages.js';

export type { CodePurpose };

const texts: Record<string, Record<string, string>> = {
  en: {
    'subject.verify': 'Your verification code',
    'subject.reset': 'Reset your password',
    'subject.signin': 'Your sign-in code',
    'subject.change': 'Confirm your new email address',
    'subject.mfa': 'Your security code',
    'subject.link': 'Your sign-in link',
    'subject.changed': 'Your email address was changed',
    'code.intro': 'Use this code to continue: {code}',
    'link.intro': 'Open this link in the same browser to continue:',
    'expiry': 'It expires in {minutes} minutes and works once.',
    'ignore': 'If you did not ask for this, you can ignore this message.',
    'changed.body': 'The email address of your account was changed to {email}. If this was not you, contact support right away.',
    'changed.undo': 'If you did not make this change, undo it with this link (it works once, for {days} days). It gives your account this address back and signs out every device:',
    'sms.code': '{code} is your {app} code. It expires in {minutes} minutes.',
    'subject.attacked': 'Many failed sign-ins on your account',
    'attacked.body': 'Someone has tried many wrong passwords on your account from several places. To protect it, sign-ins to your account are slowed down for a while; you can still sign in. If you think someone knows or guesses your password, choose a new one:',
    'subject.identitiesRemoved': 'Sign-in with another provider was removed from your account',
    'identitiesRemoved.body': 'You proved that {email} is yours. These sign-ins were linked to your account on that address without the provider verifying it, so we removed them: {providers}. If one of them is yours, sign in and link it again.',
    'subject.newDevice': 'New sign-in to your account',
    'newDevice.body': 'Your account was signed in to from a browser it had not used before: {device}, address {address}, at {time} (UTC). If this was you, there is nothing to do.',
    'newDevice.notMe': 'If this was not you, open this link: it signs your account out everywhere and lets you choose a new password.',
    'subject.welcome': 'Your account is ready: choose your password',
    'welcome.intro': 'An account with {email} was created for you. Open this link to choose your password and sign in:',
    'subject.resetLink': 'Choose a new password',
    'resetLink.intro': 'Support sent you this link to choose a new password for {email}. Open it to choose one and sign in:',
    'passwordLink.expiry': 'The link works once and expires in {hours} hours.',
  },
  id: {
    'subject.verify': 'Kode verifikasi Anda',
    'subject.reset': 'Atur ulang kata sandi Anda',
    'subject.signin': 'Kode masuk Anda',
    'subject.change': 'Konfirmasi alamat email baru Anda',
    'subject.mfa': 'Kode keamanan Anda',
    'subject.link': 'Tautan masuk Anda',
    'subject.changed': 'Alamat email Anda telah diubah',
    'code.intro': 'Gunakan kode ini untuk melanjutkan: {code}',
    'link.intro': 'Buka tautan ini di peramban yang sama untuk melanjutkan:',
    'expiry': 'Berlaku {minutes} menit dan hanya sekali pakai.',
    'ignore': 'Jika Anda tidak memintanya, abaikan pesan ini.',
    'changed.body': 'Alamat email akun Anda telah diubah menjadi {email}. Jika bukan Anda, segera hubungi dukungan.',
    'changed.undo': 'Jika bukan Anda yang mengubahnya, batalkan dengan tautan ini (sekali pakai, berlaku {days} hari). Akun Anda kembali memakai alamat ini dan semua perangkat dikeluarkan:',
    'sms.code': '{code} adalah kode {app} Anda. Berlaku {minutes} menit.',
    'subject.attacked': 'Banyak upaya masuk gagal pada akun Anda',
    'subject.newDevice': 'Proses masuk baru ke akun Anda',
    'newDevice.body': 'Akun Anda dimasuki dari peramban yang belum pernah digunakan: {device}, alamat {address}, pada {time} (UTC). Jika itu Anda, tidak ada yang perlu dilakukan.',
    'newDevice.notMe': 'Jika itu bukan Anda, buka tautan ini: tautan ini mengeluarkan akun Anda dari semua perangkat dan memungkinkan Anda memilih kata sandi baru.',
    'attacked.body': 'Seseorang telah mencoba banyak kata sandi salah pada akun Anda dari beberapa tempat. Untuk melindunginya, proses masuk ke akun Anda diperlambat sementara; Anda tetap dapat masuk. Jika Anda mengira seseorang mengetahui atau menebak kata sandi Anda, pilih kata sandi baru:',
    'subject.identitiesRemoved': 'Masuk dengan penyedia lain telah dihapus dari akun Anda',
    'identitiesRemoved.body': 'Anda telah membuktikan bahwa {email} milik Anda. Cara masuk berikut ditautkan ke akun Anda dengan alamat itu tanpa diverifikasi oleh penyedianya, jadi kami menghapusnya: {providers}. Jika salah satunya milik Anda, masuk lalu tautkan lagi.',
    'subject.welcome': 'Akun Anda sudah siap: pilih kata sandi Anda',
    'welcome.intro': 'Akun dengan {email} telah dibuat untuk Anda. Buka tautan ini untuk memilih kata sandi dan masuk:',
    'subject.resetLink': 'Pilih kata sandi baru',
    'resetLink.intro': 'Tim dukungan mengirimkan tautan ini agar Anda dapat memilih kata sandi baru untuk {email}. Buka tautan ini untuk memilihnya dan masuk:',
    'passwordLink.expiry': 'Tautan ini hanya sekali pakai dan berlaku {hours} jam.',
  },
};

/** The organisation's own wording, per language and key (made in the console); missing keys keep ours. */
export type CustomTexts = Record<string, Record<string, string>>;

/** Every text key with its shipped wording per language (what the console shows and restores). */
export const MESSAGE_TEXTS: Readonly<Record<string, Readonly<Record<string, string>>>> = texts;

function t(lang: string, key: string, vars: Record<string, string | number> = {}, custom: CustomTexts = {}): string {
  const template = custom[lang]?.[key] ?? texts[lang]?.[key] ?? custom[DEFAULT_LANGUAGE]?.[key] ?? texts[DEFAULT_LANGUAGE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m));
}

/** A mail carrying a one-time code (plain text + simple HTML). */
export function codeEmail(lang: string, to: string, purpose: CodePurpose, code: string, minutes: number, app: string, custom: CustomTexts = {}): EmailMessage {
  const intro = t(lang, 'code.intro', { code }, custom);
  const lines = [intro, t(lang, 'expiry', { minutes }, custom), t(lang, 'ignore', {}, custom)];
  // The code stands out in the HTML wherever the wording puts it.
  const [before, after = ''] = t(lang, 'code.intro', { code: '\u0000' }, custom).split('\u0000');
  return {
    to,
    subject: `${app}: ${t(lang, `subject.${purpose}`, {}, custom)}`,
    text: lines.join('\n\n'),
    html: html`<p>${before}<strong style="font-size:1.4em;letter-spacing:.2em">${code}</strong>${after}</p><p>${lines[1]}</p><p>${lines[2]}</p>`.value,
  };
}

/** A mail carrying a magic link. */
export function linkEmail(lang: string, to: string, link: string, minutes: number, app: string, custom: CustomTexts = {}): EmailMessage {
  return {
    to,
    subject: `${app}: ${t(lang, 'subject.link', {}, custom)}`,
    text: [t(lang, 'link.intro', {}, custom), link, t(lang, 'expiry', { minutes }, custom), t(lang, 'ignore', {}, custom)].join('\n\n'),
    html: html`<p>${t(lang, 'link.intro', {}, custom)}</p><p><a href="${link}">${link}</a></p><p>${t(lang, 'expiry', { minutes }, custom)}</p><p>${t(lang, 'ignore', {}, custom)}</p>`.value,
  };
}

/** Tells the old address that the account's email changed; with `undo`, how to take it back. */
export function emailChangedEmail(lang: string, to: string, newEmail: string, app: string, undo: { link: string; days: number } | null = null, custom: CustomTexts = {}): EmailMessage {
  const body = t(lang, 'changed.body', { email: newEmail }, custom);
  if (!undo) return { to, subject: `${app}: ${t(lang, 'subject.changed', {}, custom)}`, text: body, html: html`<p>${body}</p>`.value };
  const undoText = t(lang, 'changed.undo', { days: undo.days }, custom);
  return {
    to,
    subject: `${app}: ${t(lang, 'subject.changed', {}, custom)}`,
    text: [body, undoText, undo.link].join('\n\n'),
    html: html`<p>${body}</p><p>${undoText}</p><p><a href="${undo.link}">${undo.link}</a></p>`.value,
  };
}

/** Tells the owner that failures from many addresses slow their account's sign-in, with a way to a new password. */
export function accountAttackedEmail(lang: string, to: string, resetLink: string, app: string, custom: CustomTexts = {}): EmailMessage {
  const body = t(lang, 'attacked.body', {}, custom);
  return { to, subject: `${app}: ${t(lang, 'subject.attacked', {}, custom)}`, text: [body, resetLink].join('\n\n'), html: html`<p>${body}</p><p><a href="${resetLink}">${resetLink}</a></p>`.value };
}

/** Tells the owner of a mailbox just proved which provider sign-ins, linked on an unverified claim, were removed. */
export function identitiesRemovedEmail(lang: string, to: string, providers: string[], app: string, custom: CustomTexts = {}): EmailMessage {
  const body = t(lang, 'identitiesRemoved.body', { email: to, providers: providers.join(', ') }, custom);
  return { to, subject: `${app}: ${t(lang, 'subject.identitiesRemoved', {}, custom)}`, text: body, html: html`<p>${body}</p>`.value };
}

export function newDeviceEmail(lang: string, to: string, m: { device: string; address: string; time: string; notMeLink: string }, app: string, custom: CustomTexts = {}): EmailMessage {
  const body = t(lang, 'newDevice.body', { device: m.device, address: m.address, time: m.time }, custom);
  const notMe = t(lang, 'newDevice.notMe', {}, custom);
  return {
    to,
    subject: `${app}: ${t(lang, 'subject.newDevice', {}, custom)}`,
    text: [body, notMe, m.notMeLink].join('\n\n'),
    html: html`<p>${body}</p><p>${notMe}</p><p><a href="${m.notMeLink}">${m.notMeLink}</a></p>`.value,
  };
}

/** Why a person is sent a link to choose a password: a new account made for them, or support's reset. */
export type PasswordLinkPurpose = 'welcome' | 'reset';

/** A link to choose a password (a new account made by an administrator, or a reset sent by support). */
export function passwordLinkEmail(lang: string, to: string, purpose: PasswordLinkPurpose, link: string, hours: number, app: string, custom: CustomTexts = {}): EmailMessage {
  const key = purpose === 'welcome' ? 'welcome' : 'resetLink';
  const intro = t(lang, `${key}.intro`, { email: to }, custom);
  const expiry = t(lang, 'passwordLink.expiry', { hours }, custom);
  const ignore = t(lang, 'ignore', {}, custom);
  return {
    to,
    subject: `${app}: ${t(lang, `subject.${key}`, {}, custom)}`,
    text: [intro, link, expiry, ignore].join('\n\n'),
    html: html`<p>${intro}</p><p><a href="${link}">${link}</a></p><p>${expiry}</p><p>${ignore}</p>`.value,
  };
}

export function codeSms(lang: string, code: string, minutes: number, app: string, custom: CustomTexts = {}): string {
  return t(lang, 'sms.code', { code, minutes, app }, custom);
}

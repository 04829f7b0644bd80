import type { User } from '../store/port.js';
import type { Mailer } from '../notifications/senders.js';
import type { PasswordLinkPurpose } from '../notifications/templates.js';
import type { CodePolicy, OneTimeCodes } from '../methods/codes/one-time-codes.js';
import { Conflict } from '../http/errors.js';

export type { PasswordLinkPurpose };

/**
 * How long a link to choose a password works: a new account's for three days (the person may be
 * away), support's reset for one. A handful of tries; a newer link of either kind replaces the older.
 */
export const PASSWORD_LINK_HOURS: Record<PasswordLinkPurpose, number> = { welcome: 72, reset: 24 };
export const passwordLinkPolicy = (purpose: PasswordLinkPurpose): CodePolicy => ({ ttlMinutes: PASSWORD_LINK_HOURS[purpose] * 60, maxAttempts: 5, maxSendsPerHour: 5 });
export const passwordLinkSubject = (userId: string) => `set-password:${userId}`;
export const PASSWORD_LINK_PATH = '/set-password';

/**
 * Issues a one-time link to choose a password and mails it: the token is stored only as a keyed hash
 * (one-time codes), replaces any earlier link of the person, and is consumed by the page that sets
 * the password. Refused (409) when the address had too many links this hour.
 */
export async function sendPasswordLink(deps: { codes: OneTimeCodes; mailer: Mailer; publicUrl: string }, user: User, purpose: PasswordLinkPurpose, lang: string): Promise<void> {
  const issued = await deps.codes.issue(passwordLinkSubject(user.id), user.email, 'token', passwordLinkPolicy(purpose), true);
  if (!issued.code) throw new Conflict({ en: 'Too many links to this address in the last hour; try again later.', id: 'Terlalu banyak tautan ke alamat ini dalam satu jam terakhir; coba lagi nanti.' }, 'too_many_links');
  const link = `${deps.publicUrl}${PASSWORD_LINK_PATH}?user=${encodeURIComponent(user.id)}&token=${issued.code}`;
  await deps.mailer.sendPasswordLink({ to: user.email, lang, purpose, link, hours: PASSWORD_LINK_HOURS[purpose] });
}

import { randomBytes } from 'node:crypto';
import type { OneTimeCodes } from '../methods/codes/one-time-codes.js';

/** How long the old address may undo an email change. */
export const EMAIL_UNDO_DAYS = 7;
export const EMAIL_UNDO_PATH = '/account/email-undo';

/** Each change has its own link: a later change never voids the undo of an earlier one. */
export const emailUndoSubject = (userId: string, change: string) => `email-undo:${userId}:${change}`;

/**
 * A one-time link for the old address to take the account's email back (stored as an HMAC like every
 * code, consumed once). Null when that address received too many codes this hour.
 */
export async function issueEmailUndoLink(codes: OneTimeCodes, publicUrl: string, userId: string, oldAddress: string): Promise<string | null> {
  const change = randomBytes(12).toString('base64url');
  const issued = await codes.issue(emailUndoSubject(userId, change), oldAddress, 'token', { ttlMinutes: EMAIL_UNDO_DAYS * 24 * 60, maxAttempts: 5, maxSendsPerHour: 50 }, false);
  if (issued.result !== 'issued' || !issued.code) return null;
  const url = new URL(EMAIL_UNDO_PATH, publicUrl);
  url.search = new URLSearchParams({ user: userId, change, token: issued.code }).toString();
  return url.toString();
}

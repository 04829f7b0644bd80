import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Mailer } from '../notifications/senders.js';
import type { SecretBox } from '../identity/secret-box.js';
import type { Store } from '../store/port.js';
import { describeBrowser, type KnownDevices } from './devices.js';
import type { Language, Words } from '../languages.js';

/** The new-device mail's address line when the sign-in's address is not known. */
const UNKNOWN_ADDRESS: Words = { en: 'unknown', id: 'tidak diketahui' };

/** How long a "this wasn't me" link works. */
const NOT_ME_DAYS = 7;

export interface CompletedSignIn {
  userId: string;
  /** Hash of the browser's id cookie. */
  browserHash: string | null;
  ip: string | null;
  userAgent: string | null;
  lang: string;
  at: Date;
}

/**
 * After every completed sign-in: the browser and network are recorded for the account, and a sign-in
 * from a browser the account had not used before (when it had used others) is told to its owner by
 * email, with a link that signs the account out everywhere and starts a password reset. A failed
 * send is logged, never fatal to the sign-in.
 */
export function signInNotices(deps: { devices: KnownDevices; store: Store; mailer: Mailer; secrets: SecretBox; publicUrl: string; logger: Logger }) {
  return async (signIn: CompletedSignIn): Promise<void> => {
    const { newBrowser } = await deps.devices.record(signIn.userId, { browserHash: signIn.browserHash, address: signIn.ip }, 'Known browsers');
    if (!newBrowser) return;
    const user = await deps.store.users.findById(signIn.userId);
    if (!user) return;
    const token = deps.secrets.seal(JSON.stringify({ u: user.id, exp: signIn.at.getTime() + NOT_ME_DAYS * 86_400_000 }));
    await deps.store.audit.record({ at: signIn.at, type: 'signin.new-device', userId: user.id, actor: user.id, ip: signIn.ip, details: { device: describeBrowser(signIn.userAgent) } });
    deps.mailer
      .sendNewDevice({
        to: user.email,
        lang: signIn.lang,
        device: describeBrowser(signIn.userAgent, signIn.lang),
        address: signIn.ip ?? UNKNOWN_ADDRESS[signIn.lang as Language] ?? UNKNOWN_ADDRESS.en,
        time: signIn.at.toISOString().slice(0, 16).replace('T', ' '),
        notMeLink: `${deps.publicUrl}/security/not-me?token=${encodeURIComponent(token)}`,
      })
      .catch((err: unknown) => deps.logger.error('new-device notice not sent', { error: err instanceof Error ? err.message : String(err) }));
  };
}

/**
 * "This wasn't me": opens the link's token (sealed, with its expiry) and, once per link, signs the
 * account out everywhere, revokes every app's tokens and forgets its known and remembered browsers.
 * Answers the user's id, or null for a token that is bad, expired or already used.
 */
export async function disownSignIn(
  deps: { store: Store; secrets: SecretBox; devices: KnownDevices },
  token: string,
  now: Date,
  ip: string | null,
): Promise<string | null> {
  let claims: { u?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(deps.secrets.open(token)) as { u?: unknown; exp?: unknown };
  } catch {
    return null;
  }
  if (typeof claims.u !== 'string' || typeof claims.exp !== 'number' || claims.exp <= now.getTime()) return null;
  const once = await deps.store.counters.increment(`not-me:${createHash('sha256').update(token).digest('base64url')}`, new Date(claims.exp), now);
  if (once !== 1) return null;
  const user = await deps.store.users.findById(claims.u);
  if (!user) return null;
  await deps.store.sessions.deleteByUser(user.id);
  await deps.store.oidc.revokeTokensByAccount(user.id);
  await deps.devices.forgetAll(user.id);
  await deps.store.audit.record({ at: now, type: 'signin.disowned', userId: user.id, actor: user.id, ip, details: {} });
  return user.id;
}

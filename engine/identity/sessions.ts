import type { Session, Store } from '../store/port.js';
import { sha256, randomBytesPooled } from '../runtime/crypto.js';
import { addProofs, methodsOf, type Proof } from './assurance.js';

export interface SessionMeta {
  userAgent: string | null;
  ip: string | null;
}

/**
 * Browser sessions of signed-in users. The cookie carries a random token; the store only keeps its
 * SHA-256, so a leaked database does not hand out sessions.
 */
export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  /** A new session for what a run proved (`proofs`: each method with the time it was proved). */
  async create(userId: string, proofs: Proof[], meta: SessionMeta): Promise<{ token: string; session: Session }> {
    const token = randomBytesPooled(32).toString('base64url');
    const now = this.now();
    const session: Session = {
      id: sha256(token),
      userId,
      amr: methodsOf(proofs),
      proofs,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip,
    };
    await this.store.sessions.create(session);
    return { token, session };
  }

  /** The live session of a cookie token, or null (unknown, expired, or its user is gone). */
  async resolve(token: string | undefined): Promise<Session | null> {
    if (!token || token.length > 100) return null;
    const session = await this.store.sessions.get(sha256(token));
    if (!session) return null;
    const now = this.now();
    if (session.expiresAt.getTime() <= now.getTime()) {
      await this.store.sessions.delete(session.id);
      return null;
    }
    // Record activity at most once a minute; it is shown on the account page.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await this.store.sessions.touch(session.id, now);
    return session;
  }

  /**
   * The browser's session after a new sign-in of `userId`: the same session with what was proved now
   * added (a step-up or re-authentication keeps its session and its links to apps), or null when the
   * browser has no live session of that person.
   */
  async upgrade(token: string | undefined, userId: string, proofs: Proof[]): Promise<Session | null> {
    const current = await this.resolve(token);
    if (!current || current.userId !== userId) return null;
    let merged = current.proofs;
    for (const p of proofs) merged = addProofs(merged, [p.method], p.at);
    const amr = methodsOf(merged);
    await this.store.sessions.setProofs(current.id, amr, merged);
    return { ...current, amr, proofs: merged };
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.store.sessions.delete(sha256(token));
  }
}

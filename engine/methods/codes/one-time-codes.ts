import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { CodeCheck, CodesRepo, CountersRepo, IssueResult } from '../../store/port.js';
import { hmac, safeEqual } from '../../runtime/crypto.js';

export interface CodePolicy {
  ttlMinutes: number;
  /** Tries (wrong ones and the right one) before the code is void. */
  maxAttempts: number;
  /** Codes one address may receive per hour. */
  maxSendsPerHour: number;
}

export const DEFAULT_CODE_POLICY: CodePolicy = { ttlMinutes: 10, maxAttempts: 5, maxSendsPerHour: 5 };

export type CodeKind = 'digits' | 'token';

const HOUR = 3_600_000;

/**
 * Issues and checks one-time codes: the code policy (send limits, tries, expiry, single use), built
 * on the store's atomic steps so racing requests on any number of instances cannot get around it.
 * Codes are stored as HMAC-SHA256 under a server key kept outside the database: a 6-digit code has
 * only a million values, so a plain hash would be reversed by trying them all if the database
 * leaked; with the key elsewhere the stored value is useless. A slow password hash is not needed:
 * codes live minutes and allow a handful of tries.
 */
export class OneTimeCodes {
  constructor(
    private readonly repo: CodesRepo,
    private readonly counters: CountersRepo,
    private readonly secret: string,
    private readonly now: () => Date,
  ) {}

  private hash(subject: string, code: string): string {
    // Bound to the subject, so a code of one journey is worthless in another.
    return hmac(this.secret, `${subject}\n${code}`);
  }

  /** The send counter of an address for one hour; it names a keyed hash of the address, never the address. */
  private sendCounter(address: string, hour: number): string {
    return `code-sends:${hmac(this.secret, `sends\n${address}`)}:${hour}`;
  }

  /**
   * Creates a code for `subject`, sent to `address`. With `replace` false nothing is issued when the
   * subject already had a code (a page reload does not send another mail). Returns the plain code only when issued.
   */
  async issue(
    subject: string,
    address: string,
    kind: CodeKind,
    policy: CodePolicy,
    replace: boolean,
  ): Promise<{ result: IssueResult; code?: string }> {
    const now = this.now();
    // A reload neither sends nor counts a send.
    if (!replace && (await this.repo.exists(subject))) return { result: 'exists' };
    // The send limit: the send is counted first (one atomic increment), then decided on, so
    // concurrent sends to one address never exceed the limit.
    const hour = Math.floor(now.getTime() / HOUR);
    const sends = await this.counters.increment(this.sendCounter(address, hour), new Date((hour + 1) * HOUR), now);
    if (sends > policy.maxSendsPerHour) return { result: 'rate-limited' };
    const code = kind === 'digits' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : randomBytes(32).toString('base64url');
    const stored = await this.repo.insert(
      {
        id: randomUUID(),
        subject,
        address,
        hash: this.hash(subject, code),
        attempts: 0,
        maxAttempts: policy.maxAttempts,
        createdAt: now,
        expiresAt: new Date(now.getTime() + policy.ttlMinutes * 60_000),
      },
      replace,
    );
    return stored === 'inserted' ? { result: 'issued', code } : { result: 'exists' };
  }

  /**
   * Checks a typed code or link token against the subject's live code. The try is counted before
   * the comparison (increment, then decide) and a right code is consumed by one compare-and-set:
   * racing requests get no extra tries, and only one of them can use the code.
   */
  async verify(subject: string, candidate: string): Promise<CodeCheck> {
    return (await this.attempt(subject, candidate, true)).result;
  }

  /**
   * As `verify` (the try counted first, compared in constant time), but a right code is not consumed
   * here: the caller consumes it by its id in the same store operation as what it unlocks, so a
   * failure of that operation leaves the code usable.
   */
  check(subject: string, candidate: string): Promise<{ result: Exclude<CodeCheck, 'ok'> } | { result: 'ok'; codeId: string }> {
    return this.attempt(subject, candidate, false);
  }

  private async attempt(subject: string, candidate: string, consume: boolean): Promise<{ result: Exclude<CodeCheck, 'ok'> } | { result: 'ok'; codeId: string }> {
    // Typed codes may carry spaces or dashes ("123 456"); magic-link tokens are compared as they are.
    const cleaned = /^[\d\s-]+$/.test(candidate) ? candidate.replace(/[\s-]/g, '') : candidate.slice(0, 200);
    const live = await this.repo.findLive(subject);
    if (!live) return { result: 'not-found' };
    if (live.expiresAt.getTime() <= this.now().getTime()) {
      await this.repo.retire(live.id);
      return { result: 'expired' };
    }
    const attempt = await this.repo.countAttempt(live.id);
    if (attempt === null) return { result: 'not-found' };
    if (attempt > live.maxAttempts) {
      await this.repo.retire(live.id);
      return { result: 'exhausted' };
    }
    if (safeEqual(live.hash, this.hash(subject, cleaned))) return !consume || (await this.repo.consume(live.id)) ? { result: 'ok', codeId: live.id } : { result: 'not-found' };
    if (attempt < live.maxAttempts) return { result: 'wrong' };
    await this.repo.retire(live.id);
    return { result: 'exhausted' };
  }

  /** Whether the subject has a code that can still be used (a page behind a link says so before asking anything). */
  async pending(subject: string): Promise<boolean> {
    const live = await this.repo.findLive(subject);
    return live !== null && live.expiresAt.getTime() > this.now().getTime() && live.attempts < live.maxAttempts;
  }

  /** Sweeps codes expired more than an hour ago (send counters expire in the store's counters sweep). */
  sweep(): Promise<number> {
    return this.repo.deleteExpired(new Date(this.now().getTime() - HOUR));
  }
}

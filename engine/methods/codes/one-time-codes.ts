import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { CodeCheck, CodesRepo, IssueResult } from '../../store/port.js';
import { hmac } from '../../runtime/crypto.js';

export interface CodePolicy {
  ttlMinutes: number;
  /** Wrong tries before the code is void. */
  maxAttempts: number;
  /** Codes one address may receive per hour. */
  maxSendsPerHour: number;
}

export const DEFAULT_CODE_POLICY: CodePolicy = { ttlMinutes: 10, maxAttempts: 5, maxSendsPerHour: 5 };

export type CodeKind = 'digits' | 'token';

/**
 * Issues and checks one-time codes. Codes are stored as HMAC-SHA256 under a server key kept outside
 * the database: a 6-digit code has only a million values, so a plain hash would be reversed by
 * trying them all if the database leaked; with the key elsewhere the stored value is useless. A slow
 * password hash is not needed: codes live minutes and allow a handful of tries.
 */
export class OneTimeCodes {
  constructor(
    private readonly repo: CodesRepo,
    private readonly secret: string,
    private readonly now: () => Date,
  ) {}

  private hash(subject: string, code: string): string {
    // Bound to the subject, so a code of one journey is worthless in another.
    return hmac(this.secret, `${subject}\n${code}`);
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
    const code = kind === 'digits' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : randomBytes(32).toString('base64url');
    const now = this.now();
    const result = await this.repo.issue(
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
      { now, since: new Date(now.getTime() - 3_600_000), maxSends: policy.maxSendsPerHour, replace },
    );
    return result === 'issued' ? { result, code } : { result };
  }

  verify(subject: string, candidate: string): Promise<CodeCheck> {
    // Typed codes may carry spaces or dashes ("123 456"); magic-link tokens are compared as they are.
    const cleaned = /^[\d\s-]+$/.test(candidate) ? candidate.replace(/[\s-]/g, '') : candidate.slice(0, 200);
    return this.repo.verify(subject, this.hash(subject, cleaned), this.now());
  }

  /** Sweeps codes expired more than an hour ago (younger ones still count for send limits). */
  sweep(): Promise<number> {
    return this.repo.deleteExpired(new Date(this.now().getTime() - 3_600_000));
  }
}

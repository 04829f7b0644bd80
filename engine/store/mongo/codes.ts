import type { CodeCheck, CodesRepo, IssueResult, OneTimeCode } from '../port.js';
import { safeEqual } from '../../runtime/crypto.js';
import { isDuplicateKey, type CodeDoc, type Models } from './models.js';

/**
 * One-time codes on MongoDB. Single use without transactions: a code is consumed by a conditional
 * update on (id, live, attempts) that only one of two racing requests can win; a unique partial index
 * keeps at most one live code per subject.
 */
export class MongoCodes implements CodesRepo {
  constructor(private readonly m: Models) {}

  async issue(code: OneTimeCode, opts: { now: Date; since: Date; maxSends: number; replace: boolean }): Promise<IssueResult> {
    if (!opts.replace && (await this.m.codes.exists({ subject: code.subject }))) return 'exists';
    const sent = await this.m.codes.countDocuments({ address: code.address, createdAt: { $gte: opts.since } });
    if (sent >= opts.maxSends) return 'rate-limited';
    await this.m.codes.updateMany({ subject: code.subject, live: true }, { $set: { live: false } });
    try {
      await this.m.codes.create({ _id: code.id, subject: code.subject, address: code.address, hash: code.hash, attempts: code.attempts, maxAttempts: code.maxAttempts, live: true, createdAt: code.createdAt, expiresAt: code.expiresAt });
    } catch (err) {
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
    return 'issued';
  }

  async verify(subject: string, candidateHash: string, now: Date): Promise<CodeCheck> {
    const row = await this.m.codes.findOne({ subject, live: true }).lean<CodeDoc>();
    if (!row) return 'not-found';
    const claim = (set: Record<string, unknown>) =>
      this.m.codes.updateOne({ _id: row._id, live: true, attempts: row.attempts }, { $set: set }).then((r) => r.modifiedCount === 1);
    if (row.expiresAt.getTime() <= now.getTime()) {
      await claim({ live: false });
      return 'expired';
    }
    if (safeEqual(row.hash, candidateHash)) return (await claim({ live: false })) ? 'ok' : 'not-found';
    const attempts = row.attempts + 1;
    const exhausted = attempts >= row.maxAttempts;
    if (!(await claim({ attempts, live: !exhausted }))) return 'wrong';
    return exhausted ? 'exhausted' : 'wrong';
  }

  async deleteExpired(before: Date): Promise<number> {
    return (await this.m.codes.deleteMany({ expiresAt: { $lt: before } })).deletedCount;
  }
}

import type { CodesRepo, OneTimeCode } from '../port.js';
import { isDuplicateKey, type CodeDoc, type Models } from './models.js';
import { separateWrites, type AtomicWrites } from './atomic.js';

const toCode = (d: CodeDoc): OneTimeCode => ({
  id: d._id,
  subject: d.subject,
  address: d.address,
  hash: d.hash,
  attempts: d.attempts,
  maxAttempts: d.maxAttempts,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
});

/**
 * One-time codes on MongoDB: the atomic steps the engine's code policy is built from. A unique
 * partial index keeps at most one live code per subject, so racing inserts cannot both become live;
 * consuming and counting are conditional single-document updates.
 */
export class MongoCodes implements CodesRepo {
  constructor(
    private readonly m: Models,
    private readonly atomic: AtomicWrites = separateWrites,
  ) {}

  async exists(subject: string): Promise<boolean> {
    return Boolean(await this.m.codes.exists({ subject }));
  }

  async insert(code: OneTimeCode, replace: boolean): Promise<'inserted' | 'exists'> {
    const { id, ...rest } = code;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        // Retiring the old code and making the new one live are one transaction where the deployment has them.
        const outcome = await this.atomic.run(async (session) => {
          if (replace) await this.m.codes.updateMany({ subject: code.subject, live: true }, { $set: { live: false } }, { session });
          else if (await this.m.codes.exists({ subject: code.subject }).session(session ?? null)) return 'exists' as const;
          await this.m.codes.create([{ _id: id, ...rest, live: true }], { session });
          return 'inserted' as const;
        });
        return outcome;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another request made its code live at the same moment: without `replace` theirs stands;
        // with it, retire theirs and try again (the newest request's code is the live one).
        if (!replace) return 'exists';
      }
    }
    return 'exists';
  }

  async findLive(subject: string): Promise<OneTimeCode | null> {
    const d = await this.m.codes.findOne({ subject, live: true }).lean<CodeDoc>();
    return d ? toCode(d) : null;
  }

  async countAttempt(id: string): Promise<number | null> {
    const d = await this.m.codes.findOneAndUpdate({ _id: id, live: true }, { $inc: { attempts: 1 } }, { returnDocument: 'after' }).lean<CodeDoc>();
    return d ? d.attempts : null;
  }

  async consume(id: string): Promise<boolean> {
    return (await this.m.codes.updateOne({ _id: id, live: true }, { $set: { live: false } })).modifiedCount === 1;
  }

  async retire(id: string): Promise<void> {
    await this.m.codes.updateOne({ _id: id }, { $set: { live: false } });
  }

  async deleteExpired(before: Date): Promise<number> {
    return (await this.m.codes.deleteMany({ expiresAt: { $lt: before } })).deletedCount;
  }

  async deleteByAddress(address: string): Promise<number> {
    return (await this.m.codes.deleteMany({ address })).deletedCount;
  }
}

import type { SettingDoc, SettingsRepo } from '../port.js';
import { isDuplicateKey, type Models, type SettingRecord } from './models.js';

const toDoc = (d: SettingRecord): SettingDoc => ({ key: d._id, value: d.value ?? {}, revision: d.revision, updatedAt: d.updatedAt, updatedBy: d.updatedBy ?? null });

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class MongoSettings implements SettingsRepo {
  constructor(private readonly m: Models) {}

  async get(key: string): Promise<SettingDoc | null> {
    const d = await this.m.settings.findById(key).lean<SettingRecord>();
    return d ? toDoc(d) : null;
  }

  async list(prefix: string): Promise<SettingDoc[]> {
    const docs = await this.m.settings.find({ _id: { $regex: `^${escapeRegExp(prefix)}` } }).sort({ _id: 1 }).limit(1000).lean<SettingRecord[]>();
    return docs.map(toDoc);
  }

  async put(key: string, value: Record<string, unknown>, expectedRevision: number, updatedBy: string | null): Promise<SettingDoc | null> {
    const updatedAt = new Date();
    if (expectedRevision === 0) {
      try {
        await this.m.settings.create({ _id: key, value, revision: 1, updatedAt, updatedBy });
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
      return { key, value, revision: 1, updatedAt, updatedBy };
    }
    const d = await this.m.settings
      .findOneAndUpdate({ _id: key, revision: expectedRevision }, { $set: { value, updatedAt, updatedBy }, $inc: { revision: 1 } }, { returnDocument: 'after' })
      .lean<SettingRecord>();
    return d ? toDoc(d) : null;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.m.settings.deleteOne({ _id: key })).deletedCount === 1;
  }
}

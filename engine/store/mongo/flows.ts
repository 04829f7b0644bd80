import type { DraftWrite, FlowDraft, FlowSummary, FlowVersion, FlowsRepo, StoredTestCase } from '../port.js';
import { isDuplicateKey, type FlowDoc, type FlowVersionDoc, type Models } from './models.js';
import { separateWrites, type AtomicWrites } from './atomic.js';

const toVersion = (d: FlowVersionDoc): FlowVersion => ({
  flowId: d.flowId,
  version: d.version,
  graph: d.graph,
  publishedAt: d.publishedAt,
  publishedBy: d.publishedBy ?? null,
});

/** Drafts saved before drafts had a revision count as revision 1. */
const LEGACY_REVISION = 1;

export class MongoFlows implements FlowsRepo {
  constructor(
    private readonly m: Models,
    private readonly atomic: AtomicWrites = separateWrites,
  ) {}

  async list(): Promise<FlowSummary[]> {
    const docs = await this.m.flows.find({}, { draft: 0 }).sort({ name: 1 }).limit(1000).lean<FlowDoc[]>();
    return docs.map((d) => ({
      id: d._id,
      name: d.name,
      updatedAt: d.updatedAt,
      activeVersion: d.activeVersion ?? null,
      latestVersion: d.latestVersion ? d.latestVersion : null,
    }));
  }

  async getDraft(id: string): Promise<FlowDraft | null> {
    const d = await this.m.flows.findById(id).lean<FlowDoc>();
    return d ? { id: d._id, name: d.name, graph: d.draft, updatedAt: d.updatedAt, updatedBy: d.updatedBy ?? null, revision: d.revision ?? LEGACY_REVISION } : null;
  }

  async saveDraft(draft: DraftWrite, expectedRevision: number, now: Date): Promise<FlowDraft | null> {
    const revision = expectedRevision + 1;
    const fields = { name: draft.name, draft: draft.graph, updatedAt: now, updatedBy: draft.updatedBy, revision };
    if (expectedRevision === 0) {
      try {
        await this.m.flows.create({ _id: draft.id, ...fields, activeVersion: null, latestVersion: 0 });
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    } else {
      const stored = expectedRevision === LEGACY_REVISION ? { $or: [{ revision: LEGACY_REVISION }, { revision: { $exists: false } }] } : { revision: expectedRevision };
      const { matchedCount } = await this.m.flows.updateOne({ _id: draft.id, ...stored }, { $set: fields });
      if (matchedCount !== 1) return null;
    }
    return { ...draft, updatedAt: now, revision };
  }

  /**
   * The unique (flowId, version) index makes the insert conditional: of two publishes choosing the
   * same number only one is stored. The active pointer then only moves forward here (a rollback
   * moves it explicitly), so the later of two racing publishes stays active.
   */
  /** The version and the pointers are one transaction where the deployment has them; else the version first. */
  async publish(v: FlowVersion): Promise<boolean> {
    if (!(await this.m.flows.exists({ _id: v.flowId }))) throw new Error(`Flow ${v.flowId} has no draft to publish`);
    try {
      return await this.atomic.run(async (session) => {
        await this.m.flowVersions.create([{ _id: `${v.flowId}@${v.version}`, ...v }], { session });
        await this.m.flows.updateOne(
          { _id: v.flowId, $or: [{ latestVersion: null }, { latestVersion: { $lt: v.version } }] },
          { $set: { latestVersion: v.version } },
          { session },
        );
        await this.m.flows.updateOne(
          { _id: v.flowId, $or: [{ activeVersion: null }, { activeVersion: { $lt: v.version } }] },
          { $set: { activeVersion: v.version } },
          { session },
        );
        return true;
      });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async getVersion(id: string, version: number): Promise<FlowVersion | null> {
    const d = await this.m.flowVersions.findOne({ flowId: id, version }).lean<FlowVersionDoc>();
    return d ? toVersion(d) : null;
  }

  async getActive(id: string): Promise<FlowVersion | null> {
    const flow = await this.m.flows.findById(id, { activeVersion: 1 }).lean<FlowDoc>();
    return flow?.activeVersion ? this.getVersion(id, flow.activeVersion) : null;
  }

  async listVersions(id: string): Promise<Array<Omit<FlowVersion, 'graph'>>> {
    const docs = await this.m.flowVersions.find({ flowId: id }, { graph: 0 }).sort({ version: -1 }).limit(1000).lean<FlowVersionDoc[]>();
    return docs.map((d) => ({ flowId: d.flowId, version: d.version, publishedAt: d.publishedAt, publishedBy: d.publishedBy ?? null }));
  }

  /** One conditional update: the stored cases must still equal `expected` (as read, field order included). */
  async sealVersionTests(id: string, version: number, expected: StoredTestCase[], sealed: StoredTestCase[]): Promise<boolean> {
    const { modifiedCount } = await this.m.flowVersions.updateOne({ flowId: id, version, 'graph.tests': expected }, { $set: { 'graph.tests': sealed } });
    return modifiedCount === 1;
  }

  async setActiveVersion(id: string, version: number): Promise<boolean> {
    if (!(await this.m.flowVersions.exists({ flowId: id, version }))) return false;
    await this.m.flows.updateOne({ _id: id }, { $set: { activeVersion: version } });
    return true;
  }

  async delete(id: string): Promise<boolean> {
    // The journey disappears from the list first; its versions (unreachable without it) follow.
    const removed = (await this.m.flows.deleteOne({ _id: id })).deletedCount === 1;
    await this.m.flowVersions.deleteMany({ flowId: id });
    return removed;
  }
}

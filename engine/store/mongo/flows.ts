import type { FlowDraft, FlowSummary, FlowVersion, FlowsRepo, StoredFlowGraph } from '../port.js';
import type { FlowDoc, FlowVersionDoc, Models } from './models.js';

const toVersion = (d: FlowVersionDoc): FlowVersion => ({
  flowId: d.flowId,
  version: d.version,
  graph: d.graph,
  publishedAt: d.publishedAt,
  publishedBy: d.publishedBy ?? null,
});

export class MongoFlows implements FlowsRepo {
  constructor(private readonly m: Models) {}

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
    return d ? { id: d._id, name: d.name, graph: d.draft, updatedAt: d.updatedAt, updatedBy: d.updatedBy ?? null } : null;
  }

  async saveDraft(draft: Omit<FlowDraft, 'updatedAt'>, now: Date): Promise<FlowDraft> {
    await this.m.flows.updateOne(
      { _id: draft.id },
      { $set: { name: draft.name, draft: draft.graph, updatedAt: now, updatedBy: draft.updatedBy }, $setOnInsert: { activeVersion: null, latestVersion: 0 } },
      { upsert: true },
    );
    return { ...draft, updatedAt: now };
  }

  /**
   * The version number comes from an atomic `$inc` on the flow, so two concurrent publishes get
   * different numbers; the version document is immutable once written, and the active pointer only
   * moves forward here (a rollback moves it explicitly).
   */
  async publish(id: string, graph: StoredFlowGraph, by: string | null, now: Date): Promise<FlowVersion> {
    const flow = await this.m.flows
      .findOneAndUpdate({ _id: id }, { $inc: { latestVersion: 1 } }, { returnDocument: 'after' })
      .lean<FlowDoc>();
    if (!flow) throw new Error(`Flow ${id} has no draft to publish`);
    const doc: FlowVersionDoc = { _id: `${id}@${flow.latestVersion}`, flowId: id, version: flow.latestVersion, graph, publishedAt: now, publishedBy: by };
    await this.m.flowVersions.create(doc);
    await this.m.flows.updateOne(
      { _id: id, $or: [{ activeVersion: null }, { activeVersion: { $lt: doc.version } }] },
      { $set: { activeVersion: doc.version } },
    );
    return toVersion(doc);
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

  async setActiveVersion(id: string, version: number): Promise<boolean> {
    if (!(await this.m.flowVersions.exists({ flowId: id, version }))) return false;
    await this.m.flows.updateOne({ _id: id }, { $set: { activeVersion: version } });
    return true;
  }
}

import type Database from 'better-sqlite3';
import { isDeepStrictEqual } from 'node:util';
import type { DraftWrite, FlowDraft, FlowSummary, FlowVersion, FlowsRepo, StoredFlowGraph, StoredTestCase } from '../port.js';
import { fromMs, json, parseJson } from './rows.js';

interface FlowRow {
  id: string;
  name: string;
  draft: string;
  updated_at: number;
  updated_by: string | null;
  active_version: number | null;
  revision: number;
}

interface VersionRow {
  flow_id: string;
  version: number;
  graph: string;
  published_at: number;
  published_by: string | null;
}

const toVersion = (r: VersionRow): FlowVersion => ({
  flowId: r.flow_id,
  version: r.version,
  graph: parseJson(r.graph),
  publishedAt: fromMs(r.published_at),
  publishedBy: r.published_by,
});

export class SqliteFlows implements FlowsRepo {
  constructor(private readonly db: Database.Database) {}

  async list(): Promise<FlowSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT f.id, f.name, f.updated_at, f.active_version, MAX(v.version) AS latest
         FROM flows f LEFT JOIN flow_versions v ON v.flow_id = f.id
         GROUP BY f.id ORDER BY f.name`,
      )
      .all() as Array<{ id: string; name: string; updated_at: number; active_version: number | null; latest: number | null }>;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      updatedAt: fromMs(r.updated_at),
      activeVersion: r.active_version,
      latestVersion: r.latest,
    }));
  }

  async getDraft(id: string): Promise<FlowDraft | null> {
    const r = this.db.prepare('SELECT * FROM flows WHERE id = ?').get(id) as FlowRow | undefined;
    return r
      ? { id: r.id, name: r.name, graph: parseJson(r.draft), updatedAt: fromMs(r.updated_at), updatedBy: r.updated_by, revision: r.revision }
      : null;
  }

  async saveDraft(draft: DraftWrite, expectedRevision: number, now: Date): Promise<FlowDraft | null> {
    const row = { id: draft.id, name: draft.name, draft: json(draft.graph), now: now.getTime(), by: draft.updatedBy, expected: expectedRevision };
    const written =
      expectedRevision === 0
        ? this.db.prepare('INSERT INTO flows (id, name, draft, updated_at, updated_by, revision) VALUES (@id, @name, @draft, @now, @by, 1) ON CONFLICT(id) DO NOTHING').run(row)
        : this.db
            .prepare('UPDATE flows SET name = @name, draft = @draft, updated_at = @now, updated_by = @by, revision = revision + 1 WHERE id = @id AND revision = @expected')
            .run(row);
    return written.changes === 1 ? { ...draft, updatedAt: now, revision: expectedRevision + 1 } : null;
  }

  async publish(v: FlowVersion): Promise<boolean> {
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare(
          `INSERT INTO flow_versions (flow_id, version, graph, published_at, published_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(flow_id, version) DO NOTHING`,
        )
        .run(v.flowId, v.version, json(v.graph), v.publishedAt.getTime(), v.publishedBy);
      if (inserted.changes !== 1) return false;
      this.db.prepare('UPDATE flows SET active_version = ? WHERE id = ?').run(v.version, v.flowId);
      return true;
    }).immediate();
  }

  async getVersion(id: string, version: number): Promise<FlowVersion | null> {
    const r = this.db
      .prepare('SELECT * FROM flow_versions WHERE flow_id = ? AND version = ?')
      .get(id, version) as VersionRow | undefined;
    return r ? toVersion(r) : null;
  }

  async getActive(id: string): Promise<FlowVersion | null> {
    const r = this.db
      .prepare(
        'SELECT v.* FROM flows f JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.active_version WHERE f.id = ?',
      )
      .get(id) as VersionRow | undefined;
    return r ? toVersion(r) : null;
  }

  async listVersions(id: string): Promise<Array<Omit<FlowVersion, 'graph'>>> {
    const rows = this.db
      .prepare('SELECT flow_id, version, published_at, published_by FROM flow_versions WHERE flow_id = ? ORDER BY version DESC')
      .all(id) as Array<Omit<VersionRow, 'graph'>>;
    return rows.map((r) => ({
      flowId: r.flow_id,
      version: r.version,
      publishedAt: fromMs(r.published_at),
      publishedBy: r.published_by,
    }));
  }

  async sealVersionTests(id: string, version: number, expected: StoredTestCase[], sealed: StoredTestCase[]): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT graph FROM flow_versions WHERE flow_id = ? AND version = ?').get(id, version) as { graph: string } | undefined;
      if (!row) return false;
      const graph = parseJson<StoredFlowGraph>(row.graph);
      if (!isDeepStrictEqual(graph.tests, expected)) return false;
      this.db.prepare('UPDATE flow_versions SET graph = ? WHERE flow_id = ? AND version = ?').run(json({ ...graph, tests: sealed }), id, version);
      return true;
    }).immediate();
  }

  async setActiveVersion(id: string, version: number): Promise<boolean> {
    const exists = this.db.prepare('SELECT 1 FROM flow_versions WHERE flow_id = ? AND version = ?').get(id, version);
    if (!exists) return false;
    this.db.prepare('UPDATE flows SET active_version = ? WHERE id = ?').run(version, id);
    return true;
  }

  async delete(id: string): Promise<boolean> {
    // Its versions go with it (ON DELETE CASCADE), in the same statement.
    return this.db.prepare('DELETE FROM flows WHERE id = ?').run(id).changes === 1;
  }
}

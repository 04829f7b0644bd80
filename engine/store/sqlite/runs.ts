import type Database from 'better-sqlite3';
import type { Run, RunsRepo } from '../port.js';
import { fromMs, json, parseJson } from './rows.js';

interface RunRow {
  id: string;
  flow_id: string;
  flow_version: number;
  graph: string | null;
  snapshot: string;
  revision: number;
  browser_hash: string;
  origin: string;
  status: Run['status'];
  created_at: number;
  updated_at: number;
  expires_at: number;
}

const toRun = (r: RunRow): Run => ({
  id: r.id,
  flowId: r.flow_id,
  flowVersion: r.flow_version,
  graph: r.graph == null ? null : parseJson(r.graph),
  snapshot: parseJson(r.snapshot),
  revision: r.revision,
  browserHash: r.browser_hash,
  origin: parseJson(r.origin),
  status: r.status,
  createdAt: fromMs(r.created_at),
  updatedAt: fromMs(r.updated_at),
  expiresAt: fromMs(r.expires_at),
});

export class SqliteRuns implements RunsRepo {
  constructor(private readonly db: Database.Database) {}

  async create(run: Run): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO runs (id, flow_id, flow_version, graph, snapshot, revision, browser_hash, origin, status, created_at, updated_at, expires_at)
         VALUES (@id, @flow_id, @flow_version, @graph, @snapshot, @revision, @browser_hash, @origin, @status, @created_at, @updated_at, @expires_at)`,
      )
      .run({
        id: run.id,
        flow_id: run.flowId,
        flow_version: run.flowVersion,
        graph: run.graph == null ? null : json(run.graph),
        snapshot: json(run.snapshot),
        revision: run.revision,
        browser_hash: run.browserHash,
        origin: json(run.origin),
        status: run.status,
        created_at: run.createdAt.getTime(),
        updated_at: run.updatedAt.getTime(),
        expires_at: run.expiresAt.getTime(),
      });
  }

  async get(id: string): Promise<Run | null> {
    const r = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return r ? toRun(r) : null;
  }

  async update(
    id: string,
    expectedRevision: number,
    next: Pick<Run, 'snapshot' | 'status' | 'updatedAt' | 'expiresAt'>,
  ): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE runs SET snapshot = @snapshot, status = @status, updated_at = @updated_at, expires_at = @expires_at,
           revision = revision + 1
         WHERE id = @id AND revision = @expected`,
      )
      .run({
        id,
        expected: expectedRevision,
        snapshot: json(next.snapshot),
        status: next.status,
        updated_at: next.updatedAt.getTime(),
        expires_at: next.expiresAt.getTime(),
      });
    return result.changes === 1;
  }

  async deleteExpired(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM runs WHERE expires_at <= ?').run(now.getTime()).changes;
  }

  async appendRecording(id: string, entry: string, max: number): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE runs SET recording = json_insert(coalesce(recording, '[]'), '$[#]', @entry)
         WHERE id = @id AND json_array_length(coalesce(recording, '[]')) < @max`,
      )
      .run({ id, entry, max });
    return result.changes === 1;
  }

  async recording(id: string): Promise<string[]> {
    const row = this.db.prepare('SELECT recording FROM runs WHERE id = ?').get(id) as { recording: string | null } | undefined;
    return row?.recording ? parseJson<string[]>(row.recording) : [];
  }
}

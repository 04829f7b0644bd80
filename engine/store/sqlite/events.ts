import type Database from 'better-sqlite3';
import { rollupIncrements, type DeviceClass, type EventsRepo, type RollupCount, type RollupFilter, type RunEvent, type RunEventKind } from '../port.js';

interface EventRow {
  run_id: string;
  at: number;
  flow_id: string;
  version: number;
  app: string;
  lang: string;
  device: string;
  step: string;
  kind: string;
  outcome: string;
  ms: number | null;
}

const toEvent = (r: EventRow): RunEvent => ({
  runId: r.run_id,
  at: new Date(r.at),
  flowId: r.flow_id,
  version: r.version,
  app: r.app || null,
  lang: r.lang,
  device: r.device as DeviceClass,
  step: r.step,
  kind: r.kind as RunEventKind,
  outcome: r.outcome || null,
  ms: r.ms,
});

/** Events and their rollups in one immediate transaction: one upsert per counter the batch touches, adding its count. */
export class SqliteEvents implements EventsRepo {
  private readonly insert: Database.Statement;
  private readonly rollup: Database.Statement;
  private readonly write: Database.Transaction<(events: RunEvent[]) => void>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO run_events (run_id, at, flow_id, version, app, lang, device, step, kind, outcome, ms)
       VALUES (@runId, @at, @flowId, @version, @app, @lang, @device, @step, @kind, @outcome, @ms)`,
    );
    this.rollup = db.prepare(
      `INSERT INTO run_event_rollups (day, flow_id, version, app, lang, device, step, kind, outcome, count, total_ms)
       VALUES (@day, @flowId, @version, @app, @lang, @device, @step, @kind, @outcome, @count, @totalMs)
       ON CONFLICT (flow_id, version, day, app, lang, device, step, kind, outcome)
       DO UPDATE SET count = count + excluded.count, total_ms = total_ms + excluded.total_ms`,
    );
    this.write = db.transaction((events: RunEvent[]) => {
      for (const e of events) {
        this.insert.run({ runId: e.runId, at: e.at.getTime(), flowId: e.flowId, version: e.version, app: e.app ?? '', lang: e.lang, device: e.device, step: e.step, kind: e.kind, outcome: e.outcome ?? '', ms: e.ms });
      }
      for (const r of rollupIncrements(events)) this.rollup.run({ ...r, app: r.app ?? '', outcome: r.outcome ?? '' });
    });
  }

  async record(events: RunEvent[]): Promise<void> {
    if (events.length) this.write.immediate(events);
  }

  async rollups(filter: RollupFilter): Promise<RollupCount[]> {
    const where = ['flow_id = @flowId'];
    if (filter.version !== undefined) where.push('version = @version');
    if (filter.app !== undefined) where.push('app = @app');
    if (filter.lang !== undefined) where.push('lang = @lang');
    if (filter.fromDay !== undefined) where.push('day >= @fromDay');
    if (filter.toDay !== undefined) where.push('day <= @toDay');
    const rows = this.db
      .prepare(
        `SELECT version, step, kind, outcome, SUM(count) AS count, SUM(total_ms) AS totalMs FROM run_event_rollups
         WHERE ${where.join(' AND ')} GROUP BY version, step, kind, outcome ORDER BY version, step, kind, outcome`,
      )
      .all(filter) as Array<Omit<RollupCount, 'outcome'> & { outcome: string }>;
    return rows.map((r) => ({ ...r, outcome: r.outcome || null }));
  }

  async forRun(runId: string): Promise<RunEvent[]> {
    return (this.db.prepare('SELECT * FROM run_events WHERE run_id = ? ORDER BY seq').all(runId) as EventRow[]).map(toEvent);
  }

  async deleteBefore(before: Date): Promise<number> {
    return this.db.prepare('DELETE FROM run_events WHERE at < ?').run(before.getTime()).changes;
  }
}

import type Database from 'better-sqlite3';
import type { BranchCounts, BranchIncrement, ExperimentsRepo } from '../port.js';

/** Assignments by conditional insert; counters by upsert, in the same immediate transaction. */
export class SqliteExperiments implements ExperimentsRepo {
  constructor(private readonly db: Database.Database) {}

  private add(experiment: string, branch: string, add: BranchIncrement & { assigned?: number }): void {
    this.db
      .prepare(
        `INSERT INTO ab_counts (experiment, branch, assigned, entered, success, failure, success_ms) VALUES (@experiment, @branch, @assigned, @entered, @success, @failure, @successMs)
         ON CONFLICT (experiment, branch) DO UPDATE SET assigned = assigned + excluded.assigned, entered = entered + excluded.entered,
           success = success + excluded.success, failure = failure + excluded.failure, success_ms = success_ms + excluded.success_ms`,
      )
      .run({ experiment, branch, assigned: add.assigned ?? 0, entered: add.entered ?? 0, success: add.success ?? 0, failure: add.failure ?? 0, successMs: add.successMs ?? 0 });
  }

  async assign(experiment: string, subject: string, candidate: string, at: Date): Promise<string> {
    return this.db
      .transaction(() => {
        const inserted = this.db.prepare('INSERT OR IGNORE INTO ab_assignments (experiment, subject, branch, at) VALUES (?, ?, ?, ?)').run(experiment, subject, candidate, at.getTime()).changes === 1;
        if (inserted) {
          this.add(experiment, candidate, { assigned: 1 });
          return candidate;
        }
        return (this.db.prepare('SELECT branch FROM ab_assignments WHERE experiment = ? AND subject = ?').get(experiment, subject) as { branch: string }).branch;
      })
      .immediate();
  }

  async count(experiment: string, branch: string, add: BranchIncrement): Promise<void> {
    this.add(experiment, branch, add);
  }

  async results(experiment: string): Promise<BranchCounts[]> {
    return this.db
      .prepare('SELECT branch, assigned, entered, success, failure, success_ms AS successMs FROM ab_counts WHERE experiment = ? ORDER BY branch')
      .all(experiment) as BranchCounts[];
  }
}

import type Database from 'better-sqlite3';

/**
 * Group commit: every write made during one turn of the event loop (by any request, in any repository)
 * goes into one transaction, committed at the end of that turn (setImmediate). A commit is an fsync of
 * the WAL (~0.4 ms of blocked event loop on a virtual disk); a sign-in used to make 28 of them, now it
 * makes one per turn that wrote, and answers ending in the same turn share it. Durability for the people
 * asking is unchanged: an answer leaves only after the writes made before it are committed (the HTTP
 * layer holds an answer's bytes until `settled()`, or calls `commitNow()` where it cannot hold them), so
 * a crash before the commit loses only writes whose answers were never sent — as a crash a moment
 * earlier would have. Operations that wrote several rows as one transaction become savepoints inside
 * the group and stay atomic on their own. A failed commit (disk full) throws from `commitNow()`: the
 * answer is not sent as a success.
 */
export class GroupCommit {
  private open: { done: Promise<void>; resolve: () => void; reject: (err: unknown) => void } | null = null;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /** Called before a write outside any transaction: opens this turn's transaction. */
  beforeWrite(): void {
    if (this.db.inTransaction) return;
    // A group that is no longer in a transaction was rolled back by SQLite itself (disk full, I/O error).
    if (this.open) this.settle(new Error('the store rolled back a group of writes'));
    this.begin.run();
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    done.catch(() => {}); // observed through settled(); a group nobody waits on must not crash the process
    this.open = { done, resolve, reject };
    setImmediate(() => this.flush());
  }

  /** Resolves once every write made so far is committed; null when none is waiting. */
  settled(): Promise<void> | null {
    return this.open?.done ?? null;
  }

  /** Commits the open group now; throws when that fails (an answer must not leave then). */
  commitNow(): void {
    const failure = this.flush();
    if (failure) throw failure;
  }

  /** Commits the open group now (also before closing the database); answers the failure, if any. */
  flush(): unknown {
    if (!this.open) return null;
    if (!this.db.inTransaction) return this.settle(new Error('the store rolled back a group of writes'));
    try {
      this.commit.run();
      return this.settle(null);
    } catch (err) {
      if (this.db.inTransaction) this.rollback.run();
      return this.settle(err);
    }
  }

  private settle(failure: unknown): unknown {
    const group = this.open;
    this.open = null;
    if (failure) group?.reject(failure);
    else group?.resolve();
    return failure;
  }
}

import Database from 'better-sqlite3';

/**
 * Plays a full disk on an SQLite store at the last write of a password change (its audit event), from
 * a second connection to the store's file; `free()` gives the room back. The store's open group of
 * writes is committed before each change of the trigger, in the same synchronous step: when the store
 * runs in this process, the second connection's wait for the lock would block the event loop that
 * commits the group.
 */
export function fullDiskAtPasswordChange(store: { commitPending?(): void }, databaseFile: string): { free(): void } {
  const beside = new Database(databaseFile);
  const write = (sql: string) => {
    store.commitPending?.();
    beside.exec(sql);
  };
  try {
    write("CREATE TRIGGER disk_full BEFORE INSERT ON audit_events WHEN NEW.type = 'password.changed' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
  } catch (err) {
    beside.close();
    throw err;
  }
  let freed = false;
  return {
    free() {
      if (freed) return;
      freed = true;
      try {
        write('DROP TRIGGER IF EXISTS disk_full');
      } finally {
        beside.close();
      }
    },
  };
}

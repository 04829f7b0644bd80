import Database from 'better-sqlite3';

/** Thrown when another process already serves from this data directory. */
export class DataDirectoryInUse extends Error {
  constructor(readonly file: string) {
    super(
      `Another Gerbang process is already using ${file}. The embedded SQLite store serves one process per data directory: ` +
        'stop the other process, give this one its own DATA_DIR, or run several instances on MongoDB (MONGODB_URI).',
    );
    this.name = 'DataDirectoryInUse';
  }
}

/**
 * Holds an exclusive lock on `<database>.lock` for as long as the store is open. The lock is the
 * operating system's (SQLite's file locking), so it goes away with the process, even after kill -9:
 * nothing stale to clean up. The database file itself stays readable by other tools.
 */
export function lockDatabaseFile(file: string): { release(): void } {
  const lockFile = `${file}.lock`;
  const lock = new Database(lockFile, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // A write lock, kept: BEGIN EXCLUSIVE without COMMIT until release.
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER)');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DataDirectoryInUse(file);
    throw err;
  }
  return {
    release() {
      if (lock.inTransaction) lock.exec('ROLLBACK');
      lock.close();
    },
  };
}

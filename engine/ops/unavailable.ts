/**
 * "Temporarily unavailable": the server refuses work it cannot do well right now (overload) or at
 * all (the store fails). Both answer 503 with Retry-After; nothing already saved is lost.
 */
export class ServiceUnavailable extends Error {
  readonly status = 503;
  constructor(
    readonly reason: 'overloaded' | 'protection' | StoreFailure,
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceUnavailable';
  }
}

/** Kinds of store failure that are the infrastructure's, not the request's: they heal by themselves. */
export type StoreFailure = 'disk-full' | 'read-only' | 'unreachable';

/**
 * Tells infrastructure failures of either adapter from bugs: SQLite result codes (better-sqlite3's
 * `code`), a closed database, and the MongoDB driver's network, selection and disk errors.
 */
export function classifyStoreFailure(err: unknown): StoreFailure | null {
  if (!err || typeof err !== 'object') return null;
  const { code, name, message, codeName } = err as { code?: unknown; name?: unknown; message?: unknown; codeName?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (typeof code === 'string') {
    if (code === 'SQLITE_FULL') return 'disk-full';
    if (code.startsWith('SQLITE_READONLY')) return 'read-only';
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_BUSY')) return 'unreachable';
    if (code === 'ENOSPC') return 'disk-full';
    if (code === 'EROFS') return 'read-only';
  }
  if (name === 'TypeError' && /database connection is not open/.test(text)) return 'unreachable';
  if (typeof name === 'string' && /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|TopologyClosed|PoolCleared|WriteConcern)Error$/.test(name)) {
    return 'unreachable';
  }
  if (codeName === 'OutOfDiskSpace' || code === 14031) return 'disk-full';
  if (codeName === 'NotWritablePrimary' || codeName === 'NotPrimaryNoSecondaryOk' || codeName === 'PrimarySteppedDown') return 'unreachable';
  return null;
}

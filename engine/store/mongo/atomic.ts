import type { ClientSession, Connection } from 'mongoose';

/**
 * Writes that belong together. On a replica set (or a sharded cluster) they run as one multi-document
 * transaction with majority write concern and snapshot reads, retried by the driver on transient errors
 * (write conflicts, elections); a standalone MongoDB has no transactions, so there the repositories keep
 * their crash-safe write order and `run` calls them without a session.
 */
export interface AtomicWrites {
  readonly transactions: boolean;
  run<T>(writes: (session: ClientSession | undefined) => Promise<T>): Promise<T>;
}

export async function atomicWrites(conn: Connection): Promise<AtomicWrites> {
  const hello = await conn.db!.admin().command({ hello: 1 });
  const transactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  if (!transactions) return separateWrites;
  return {
    transactions,
    async run<T>(writes: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
      let result!: T;
      await conn.transaction(
        async (session) => {
          result = await writes(session);
        },
        { writeConcern: { w: 'majority' }, readConcern: { level: 'snapshot' } },
      );
      return result;
    },
  };
}

/** No transactions: each write on its own (a standalone, or a repository built without a connection's capabilities). */
export const separateWrites: AtomicWrites = { transactions: false, run: (writes) => writes(undefined) };

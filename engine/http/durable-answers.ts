import type { NextFunction, Request, Response } from 'express';
import type { Socket } from 'node:net';

/** What a store that commits writes in groups offers the HTTP layer (store port `commitPending` / `settled`). */
export interface GroupedCommits {
  /** Makes every write so far durable now; throws when that fails. */
  commitPending(): void;
  /** Resolves once every write made so far is committed (rejects when that fails); null when none is waiting. */
  settled?(): Promise<void> | null;
}

/**
 * No answer leaves before the writes made for it are durable. When the store commits writes in groups
 * (the SQLite adapter commits each event-loop turn's writes together), an answer ending while a group is
 * open ends at once (headers sent, a second end is a no-op as usual) but its bytes are held at its socket
 * until that group's commit is done: every answer ending in one turn shares one commit (under load, one
 * fsync and one WAL write of the shared pages for many requests) instead of each committing on its own.
 * (Corking the socket would not hold them: ending a response fully uncorks its connection.) A failed
 * commit (disk full) destroys the connection instead of sending a success the store did not keep. Without
 * a socket (or a store that cannot say when a group settles) the pending writes are committed first.
 */
export function durableAnswers(store: GroupedCommits) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      const socket = this.socket;
      const pending = this.writableEnded || !socket ? null : (store.settled?.() ?? null);
      if (!pending || !socket) {
        try {
          store.commitPending();
        } catch (err) {
          this.destroy(err instanceof Error ? err : new Error(String(err)));
          return this;
        }
        return end.apply(this, args as Parameters<typeof end>);
      }
      holdWrites(socket, pending);
      return end.apply(this, args as Parameters<typeof end>);
    } as typeof res.end;
    next();
  };
}

/** Keeps what is written to `socket` until `until` settles: then writes it in order, or destroys the connection. */
function holdWrites(socket: Socket, until: Promise<void>): void {
  const write = socket.write;
  const held: Parameters<Socket['write']>[] = [];
  // Own property over the prototype's method while holding; removed again afterwards.
  socket.write = ((...args: Parameters<Socket['write']>) => (held.push(args), true)) as Socket['write'];
  const release = () => {
    if (socket.write !== write) delete (socket as Partial<Pick<Socket, 'write'>>).write;
  };
  until.then(
    () => {
      release();
      if (socket.destroyed) return;
      for (const args of held) socket.write(...(args as [string]));
    },
    (err: unknown) => {
      release();
      socket.destroy(err instanceof Error ? err : new Error(String(err)));
    },
  );
}

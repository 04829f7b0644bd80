import type { NextFunction, Request, Response } from 'express';

/**
 * No answer leaves before the writes made for it are durable: when the store commits writes in groups
 * (the SQLite adapter commits each event-loop turn's writes together), ending a response first commits
 * what is pending, synchronously. A failed commit (disk full) ends the connection instead of sending a
 * success the store did not keep.
 */
export function durableAnswers(commitPending: () => void) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      try {
        commitPending();
      } catch (err) {
        this.destroy(err instanceof Error ? err : new Error(String(err)));
        return this;
      }
      return end.apply(this, args as Parameters<typeof end>);
    } as typeof res.end;
    next();
  };
}

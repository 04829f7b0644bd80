import type { NextFunction, Request, Response } from 'express';

/**
 * No answer leaves before the writes made for it are durable: when the store commits writes in groups
 * (the SQLite adapter commits each event-loop turn's writes together), ending a response waits for the
 * pending commit. A failed commit (disk full) ends the connection instead of sending a success the store
 * did not keep. Answers with nothing pending go out at once.
 */
export function durableAnswers(settled: () => Promise<void> | null) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const end = res.end;
    let deferred = false;
    res.end = function (this: Response, ...args: unknown[]) {
      // While an end waits for its commit the response does not look ended yet (headersSent is false),
      // so code may end it again: like a second end of an ended response, that one is dropped.
      if (deferred) return this;
      const pending = settled();
      if (!pending) return end.apply(this, args as Parameters<typeof end>);
      deferred = true;
      pending.then(
        () => {
          try {
            end.apply(this, args as Parameters<typeof end>);
          } catch (err) {
            this.destroy(err instanceof Error ? err : new Error(String(err)));
          }
        },
        (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
      );
      return this;
    } as typeof res.end;
    next();
  };
}

import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type Options, type Store as HitStore } from 'express-rate-limit';
import type { CountersRepo } from '../store/port.js';

/**
 * The hits of a limit counted in the store's atomic counters instead of process memory, so every
 * instance behind a load balancer enforces one shared limit per client (fixed windows).
 */
export class CounterHitStore implements HitStore {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly counters: Pick<CountersRepo, 'increment'>,
    readonly prefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string) {
    const now = this.now();
    const window = Math.floor(now.getTime() / this.windowMs);
    const resetTime = new Date((window + 1) * this.windowMs);
    const totalHits = await this.counters.increment(`${this.prefix}${key}:${window}`, resetTime, now);
    return { totalHits, resetTime };
  }

  /** Hits are never taken back (no skipped requests are configured); a window ends by itself. */
  async decrement(): Promise<void> {}
  async resetKey(): Promise<void> {}
}

/**
 * Requests allowed per client IP and minute on a group of routes (form posts, journey starts);
 * `refuse` answers the one over the limit (a page for people, JSON for APIs). The hits are counted
 * in the store, shared by every instance.
 */
export function perMinuteLimit(
  limit: number,
  refuse: (req: Request, res: Response) => void,
  counters: Pick<CountersRepo, 'increment'>,
  now: () => Date = () => new Date(),
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new CounterHitStore(counters, 'rate:pages:', now),
    handler: (req, res) => refuse(req, res),
  });
}

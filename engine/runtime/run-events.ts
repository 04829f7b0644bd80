import type { DeviceClass, EventsRepo, RunEvent } from '../store/port.js';

/** Who a run is for, fixed when it starts so every event of the run falls in the same funnel slice. */
export interface RunAudience {
  app: string | null;
  lang: string;
  device: DeviceClass;
}

export interface RunEventLogOptions {
  /** Longest an event waits in memory before it is written. */
  flushMs?: number;
  /** Written at once when this many wait. */
  maxBatch?: number;
}

/**
 * Buffers run events and writes them in batches (one store write, so one commit, per batch), off the
 * person's step: a step never waits for its events. The price: events of the last `flushMs` are lost
 * if the process dies without stopping (a stop flushes them); the run itself is never affected.
 * A failing write is reported and never fails a step: the funnel observes journeys, it is no part of them.
 */
export class RunEventLog {
  private pending: RunEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly repo: EventsRepo,
    private readonly onError: (err: unknown) => void,
    opts: RunEventLogOptions = {},
  ) {
    this.flushMs = opts.flushMs ?? 250;
    this.maxBatch = opts.maxBatch ?? 500;
  }

  record(events: RunEvent[]): void {
    this.pending.push(...events);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes everything recorded so far; resolves once it is in the store. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const events = this.pending;
    this.pending = [];
    // Batches are written one after the other, so a flush also waits for the one before it.
    this.writing = this.writing.then(async () => {
      if (!events.length) return;
      try {
        await this.repo.record(events);
      } catch (err) {
        this.onError(err);
      }
    });
    return this.writing;
  }
}

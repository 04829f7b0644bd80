import type { DeviceClass, EventsRepo, RunEvent } from '../store/port.js';

/** Who a run is for, fixed when it starts so every event of the run falls in the same funnel slice. */
export interface RunAudience {
  app: string | null;
  lang: string;
  device: DeviceClass;
}

/**
 * Writes run events with a group commit: the events of steps taken at the same moment (concurrent
 * requests) share one write of the store, so recording costs a step little. Each step still waits
 * for its events to be written before answering, so a stopped process loses none. A failing write is
 * reported and never fails the person's step: the funnel is an observer, not part of the journey.
 */
export class RunEventLog {
  private pending: RunEvent[] = [];
  private waiting: Array<() => void> = [];
  private scheduled = false;

  constructor(
    private readonly repo: EventsRepo,
    private readonly onError: (err: unknown) => void,
  ) {}

  record(events: RunEvent[]): Promise<void> {
    if (!events.length) return Promise.resolve();
    this.pending.push(...events);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private async flush(): Promise<void> {
    const events = this.pending;
    const waiting = this.waiting;
    this.pending = [];
    this.waiting = [];
    this.scheduled = false;
    try {
      await this.repo.record(events);
    } catch (err) {
      this.onError(err);
    } finally {
      for (const done of waiting) done();
    }
  }
}

/**
 * Run events: the path each run of a published journey takes (a step entered, an outcome taken and
 * the time spent on the step, how the run ended), for the funnel drawn on the canvas. Raw events are
 * kept for a retention period; the rollups (counters per day, journey version, app, language, device
 * class, step and outcome) are incremented in the same write, so reading a funnel never scans events.
 */
export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'bot' | 'unknown';

/** `entered` a step; `left` it by `outcome` after `ms`; the run `ended` on it with `outcome` (success, failure, abandoned). */
export type RunEventKind = 'entered' | 'left' | 'ended';
export type RunEnd = 'success' | 'failure' | 'abandoned';

export interface RunEvent {
  runId: string;
  at: Date;
  flowId: string;
  version: number;
  /** The app (OpenID client id) the run signs in to; null for a journey started directly. */
  app: string | null;
  lang: string;
  device: DeviceClass;
  step: string;
  kind: RunEventKind;
  /** The outcome taken (`left`) or how the run ended (`ended`); null for `entered`. */
  outcome: string | null;
  /** Time on the step (`left`); null otherwise. */
  ms: number | null;
}

export interface RollupFilter {
  flowId: string;
  version?: number;
  app?: string;
  lang?: string;
  /** First and last day included, `YYYY-MM-DD` (UTC). */
  fromDay?: string;
  toDay?: string;
}

/** One rollup counter summed over the filter: how many events of a kind, per version, step and outcome. */
export interface RollupCount {
  version: number;
  step: string;
  kind: RunEventKind;
  outcome: string | null;
  count: number;
  /** Sum of the time on step of the counted `left` events. */
  totalMs: number;
}

export interface EventsRepo {
  /** Appends the events and increments their rollups atomically (racing writers never lose a count). */
  record(events: RunEvent[]): Promise<void>;
  /** The rollups matching the filter, summed over days, apps, languages and devices. Never reads raw events. */
  rollups(filter: RollupFilter): Promise<RollupCount[]>;
  /** One run's raw events, in order. */
  forRun(runId: string): Promise<RunEvent[]>;
  /** Removes raw events older than `before` (retention); rollups stay. */
  deleteBefore(before: Date): Promise<number>;
}

/** The UTC day of an instant, as rollups are keyed. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** What one batch adds to one rollup counter. */
export interface RollupIncrement {
  flowId: string;
  version: number;
  day: string;
  app: string | null;
  lang: string;
  device: DeviceClass;
  step: string;
  kind: RunEventKind;
  outcome: string | null;
  count: number;
  totalMs: number;
}

/**
 * A batch of events as increments of their rollup counters, one per counter: a batch of a busy
 * journey touches a few dozen counters however many events it holds, so adapters write a few
 * upserts instead of one per event.
 */
export function rollupIncrements(events: RunEvent[]): RollupIncrement[] {
  const byKey = new Map<string, RollupIncrement>();
  for (const e of events) {
    const day = dayOf(e.at);
    const key = `${e.flowId}\u0000${e.version}\u0000${day}\u0000${e.app ?? ''}\u0000${e.lang}\u0000${e.device}\u0000${e.step}\u0000${e.kind}\u0000${e.outcome ?? ''}`;
    const found = byKey.get(key);
    if (found) {
      found.count++;
      found.totalMs += e.ms ?? 0;
    } else {
      byKey.set(key, { flowId: e.flowId, version: e.version, day, app: e.app, lang: e.lang, device: e.device, step: e.step, kind: e.kind, outcome: e.outcome, count: 1, totalMs: e.ms ?? 0 });
    }
  }
  return [...byKey.values()];
}

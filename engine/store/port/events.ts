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

/**
 * Daily counts: how many of each thing happened on each UTC day (sign-ups by method, sign-ins with
 * MFA, failures, lockouts, consent given per purpose…), for the console's dashboard. One small
 * counter per day, metric and key, kept for good: a year of activity is a few thousand rows, so the
 * dashboard never reads the audit log.
 */
export interface DailyCount {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** e.g. `signin`, `signin.mfa`, `consent.granted`. */
  metric: string;
  /** What the metric is split by (a method, a purpose id), `''` when nothing. */
  key: string;
  count: number;
}

export interface DailyCountsRepo {
  /** Adds each count to its counter atomically (racing writers never lose a count). */
  add(counts: DailyCount[]): Promise<void>;
  /** The counters of the days `fromDay`..`toDay` (inclusive), ordered by day, metric and key. */
  range(fromDay: string, toDay: string): Promise<DailyCount[]>;
}

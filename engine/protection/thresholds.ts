import type { SettingsRepo } from '../store/port.js';
import type { ThrottlePolicy } from './sign-in-throttles.js';
import type { BotThresholds } from './proof-of-work.js';
import type { Words } from '../languages.js';

/** Every threshold of attack protection, as the console edits them. */
export interface ProtectionThresholdValues extends ThrottlePolicy {
  botChallengeAfterFailures: number;
  botChallengeDifficulty: number;
}

export type ThresholdName = keyof ProtectionThresholdValues;

/** The range of each threshold (the same as the configuration's variables; the pair limit as the password step's). */
export const THRESHOLD_RANGES: Record<ThresholdName, { minimum: number; maximum: number }> = {
  pairFailures: { minimum: 1, maximum: 50 },
  pairBlockMinutes: { minimum: 1, maximum: 1440 },
  accountFailures: { minimum: 1, maximum: 100_000 },
  addressFailures: { minimum: 1, maximum: 100_000 },
  windowMinutes: { minimum: 1, maximum: 1440 },
  botChallengeAfterFailures: { minimum: 1, maximum: 100_000 },
  botChallengeDifficulty: { minimum: 1_000, maximum: 10_000_000 },
};
export const THRESHOLD_NAMES = Object.keys(THRESHOLD_RANGES) as ThresholdName[];

/** What is wrong with a set of thresholds taken together (each is in its range already). */
export function thresholdProblems(v: ProtectionThresholdValues): Words[] {
  const problems: Words[] = [];
  if (v.botChallengeAfterFailures > v.addressFailures) {
    problems.push({
      en: `The bot challenge must be asked before an address is refused: at most ${v.addressFailures} failures (the address limit), not ${v.botChallengeAfterFailures}.`,
      id: `Tantangan bot harus diminta sebelum sebuah alamat ditolak: paling banyak ${v.addressFailures} kegagalan (batas alamat), bukan ${v.botChallengeAfterFailures}.`,
    });
  }
  return problems;
}

/** The thresholds in force and where they come from, for the console. */
export interface ThresholdsView {
  values: ProtectionThresholdValues;
  /** The configuration's values, which apply where the console set none. */
  defaults: ProtectionThresholdValues;
  /** 0 while the console never saved any (the configuration applies). */
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

const KEY = 'protection:thresholds';

const isInRange = (name: ThresholdName, v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= THRESHOLD_RANGES[name].minimum && v <= THRESHOLD_RANGES[name].maximum;

/**
 * The thresholds of attack protection: the configuration's values (environment) unless changed in the
 * console, which keeps them in the settings shared by every instance. The throttles and the bot
 * challenge read them at each attempt (the settings are cached in memory and invalidated across
 * instances, see store/shared-caches.ts), so a change applies everywhere within about a second.
 */
export class ProtectionThresholds {
  constructor(
    private readonly settings: SettingsRepo,
    readonly defaults: ProtectionThresholdValues,
  ) {}

  async current(): Promise<ProtectionThresholdValues> {
    return this.valuesOf((await this.settings.get(KEY))?.value);
  }

  async view(): Promise<ThresholdsView> {
    const doc = await this.settings.get(KEY);
    return { values: this.valuesOf(doc?.value), defaults: { ...this.defaults }, revision: doc?.revision ?? 0, updatedAt: doc?.updatedAt.toISOString() ?? null, updatedBy: doc?.updatedBy ?? null };
  }

  /** The throttles' policy now. */
  throttlePolicy = async (): Promise<ThrottlePolicy> => {
    const v = await this.current();
    return { pairFailures: v.pairFailures, pairBlockMinutes: v.pairBlockMinutes, accountFailures: v.accountFailures, addressFailures: v.addressFailures, windowMinutes: v.windowMinutes };
  };

  /** The bot challenge's thresholds now. */
  botThresholds = async (): Promise<BotThresholds> => {
    const v = await this.current();
    return { afterFailures: v.botChallengeAfterFailures, maxNumber: v.botChallengeDifficulty };
  };

  /**
   * Saves a whole set (checked by the caller's schema and `thresholdProblems`) if nobody saved since
   * `expectedRevision`; null when someone did. Answers the view and what changed, for the audit trail.
   */
  async save(values: ProtectionThresholdValues, expectedRevision: number, by: string | null): Promise<{ view: ThresholdsView; changed: Record<string, { from: number; to: number }> } | null> {
    const before = await this.current();
    const doc = await this.settings.put(KEY, { ...values }, expectedRevision, by);
    if (!doc) return null;
    const changed = Object.fromEntries(THRESHOLD_NAMES.filter((n) => before[n] !== values[n]).map((n) => [n, { from: before[n], to: values[n] }]));
    return { view: await this.view(), changed };
  }

  /** Back to the configuration's values on every instance. */
  async reset(): Promise<boolean> {
    return this.settings.delete(KEY);
  }

  private valuesOf(stored: Record<string, unknown> | undefined): ProtectionThresholdValues {
    const values = { ...this.defaults };
    // Saved values were validated; one out of range (a range narrowed since) falls back to the configuration's.
    for (const name of THRESHOLD_NAMES) if (stored && isInRange(name, stored[name])) values[name] = stored[name];
    return values;
  }
}

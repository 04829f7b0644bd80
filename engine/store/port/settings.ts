/**
 * One document of the organisation's configuration, made in the console and shared by every
 * instance: a social connection (`social:<name>`), the mail or SMS settings, the theme, message
 * templates. Values are plain JSON; secrets inside them are sealed by the engine before they get here.
 */
export interface SettingDoc {
  key: string;
  value: Record<string, unknown>;
  /** Starts at 1 and grows by one with each write: the compare-and-set token of `put`. */
  revision: number;
  updatedAt: Date;
  /** Administrator who wrote it (`api-token` for automation, null for the engine itself). */
  updatedBy: string | null;
}

export interface SettingsRepo {
  get(key: string): Promise<SettingDoc | null>;
  /** Every document whose key starts with `prefix`, ordered by key. */
  list(prefix: string): Promise<SettingDoc[]>;
  /**
   * Compare-and-set: writes `value` only while the stored revision equals `expectedRevision`
   * (0 = only when absent). Returns the stored document, or null when someone else wrote first.
   */
  put(key: string, value: Record<string, unknown>, expectedRevision: number, updatedBy: string | null): Promise<SettingDoc | null>;
  delete(key: string): Promise<boolean>;
}

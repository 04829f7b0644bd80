import { dayOf, type AuditEvent, type DailyCount, type DailyCountsRepo } from '../store/port.js';

/** What the dashboard counts, one counter per day and key. */
export const DAILY_METRICS = [
  'signup', // key: how (password, email-code, social)
  'signin',
  'signin.mfa', // sign-ins with a second factor
  'signin.passkey',
  'signin.social',
  'signin.failed', // key: password, mfa
  'lockout', // an address blocked for an account by its wrong passwords
  'throttle', // key: what was slowed or blocked (pair, address, account)
  'factor.added', // key: the factor (totp, webauthn, sms…)
  'consent.granted', // key: the purpose
  'consent.refused', // key: the purpose
] as const;
export type DailyMetric = (typeof DAILY_METRICS)[number];

const SECOND_FACTORS = new Set(['mfa', 'otp', 'sms', 'hwk', 'swk']);
const PASSKEYS = new Set(['hwk', 'swk']);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The dashboard counters an audited fact adds to (none for most). */
export function countsOf(event: Pick<AuditEvent, 'type' | 'details'>): Array<{ metric: DailyMetric; key: string }> {
  const d = event.details;
  switch (event.type) {
    case 'signup':
      return [{ metric: 'signup', key: d.provider ? 'social' : text(d.method) || 'password' }];
    case 'signin': {
      const amr = Array.isArray(d.amr) ? d.amr.map(String) : [];
      const counts: Array<{ metric: DailyMetric; key: string }> = [{ metric: 'signin', key: '' }];
      if (amr.length > 1 || amr.some((m) => SECOND_FACTORS.has(m))) counts.push({ metric: 'signin.mfa', key: '' });
      if (amr.some((m) => PASSKEYS.has(m))) counts.push({ metric: 'signin.passkey', key: '' });
      if (amr.includes('fed')) counts.push({ metric: 'signin.social', key: '' });
      return counts;
    }
    case 'signin.failed':
      return [{ metric: 'signin.failed', key: 'password' }, ...(d.lockedMinutes ? [{ metric: 'lockout' as const, key: '' }] : [])];
    case 'mfa.failed':
      return [{ metric: 'signin.failed', key: 'mfa' }];
    case 'signin.throttled':
      return [{ metric: 'throttle', key: text(d.scope) }];
    case 'factor.added':
      return [{ metric: 'factor.added', key: text(d.factor) }];
    case 'consent.changed':
      return [{ metric: d.granted ? 'consent.granted' : 'consent.refused', key: text(d.purposeId) }];
    default:
      return [];
  }
}

/**
 * Adds audited facts to the dashboard's daily counters, summed in memory and written in one batch
 * off the request (like run events): a sign-in never waits for its counters. The price: the counts
 * of the last `flushMs` are lost if the process dies without stopping (a stop flushes them).
 */
export class DailyCountLog {
  private pending = new Map<string, DailyCount>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: DailyCountsRepo,
    private readonly onError: (err: unknown) => void,
    private readonly flushMs = 1000,
  ) {}

  count(event: Pick<AuditEvent, 'type' | 'details' | 'at'>): void {
    const counts = countsOf(event);
    if (!counts.length) return;
    const day = dayOf(event.at);
    for (const { metric, key } of counts) {
      const id = JSON.stringify([day, metric, key]);
      const current = this.pending.get(id);
      if (current) current.count++;
      else this.pending.set(id, { day, metric, key, count: 1 });
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes everything counted so far; resolves once it is in the store. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const counts = [...this.pending.values()];
    this.pending = new Map();
    this.writing = this.writing.then(async () => {
      if (!counts.length) return;
      try {
        await this.repo.add(counts);
      } catch (err) {
        this.onError(err);
      }
    });
    return this.writing;
  }
}

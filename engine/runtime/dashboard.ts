import type { DailyCount } from '../store/port.js';

/** One day of the dashboard. */
export interface DashboardDay {
  day: string;
  signups: number;
  signins: number;
  /** Sign-ins with a second factor, with a passkey, through a social connection. */
  mfaSignins: number;
  passkeySignins: number;
  socialSignins: number;
  failures: number;
  lockouts: number;
  throttles: number;
  factorsAdded: number;
  /** Per consent purpose: how many gave and refused it that day. */
  consent: Record<string, { granted: number; refused: number }>;
}

export interface Dashboard {
  from: string;
  to: string;
  /** Every day of the range, in order (days without activity are zeros). */
  days: DashboardDay[];
  totals: Omit<DashboardDay, 'day'>;
  signupsByMethod: Record<string, number>;
  factorsByType: Record<string, number>;
  /** Per purpose over the range: given, refused, and the share given. */
  consentByPurpose: Array<{ purposeId: string; granted: number; refused: number; optInRate: number }>;
}

const emptyDay = (day: string): DashboardDay => ({ day, signups: 0, signins: 0, mfaSignins: 0, passkeySignins: 0, socialSignins: 0, failures: 0, lockouts: 0, throttles: 0, factorsAdded: 0, consent: {} });

const FIELD: Record<string, keyof Omit<DashboardDay, 'day' | 'consent'>> = {
  signup: 'signups',
  signin: 'signins',
  'signin.mfa': 'mfaSignins',
  'signin.passkey': 'passkeySignins',
  'signin.social': 'socialSignins',
  'signin.failed': 'failures',
  lockout: 'lockouts',
  throttle: 'throttles',
  'factor.added': 'factorsAdded',
};

/** The UTC days from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  return days;
}

/** The dashboard of a range of days from its daily counters. */
export function dashboardOf(counts: DailyCount[], from: string, to: string): Dashboard {
  const days = new Map(daysBetween(from, to).map((d) => [d, emptyDay(d)]));
  const totals = emptyDay('');
  const signupsByMethod: Record<string, number> = {};
  const factorsByType: Record<string, number> = {};
  const purposes = new Map<string, { granted: number; refused: number }>();
  for (const c of counts) {
    const day = days.get(c.day);
    if (!day) continue;
    const field = FIELD[c.metric];
    if (field) {
      day[field] += c.count;
      totals[field] += c.count;
    }
    if (c.metric === 'signup') signupsByMethod[c.key] = (signupsByMethod[c.key] ?? 0) + c.count;
    if (c.metric === 'factor.added') factorsByType[c.key] = (factorsByType[c.key] ?? 0) + c.count;
    if (c.metric === 'consent.granted' || c.metric === 'consent.refused') {
      const which = c.metric === 'consent.granted' ? 'granted' : 'refused';
      const onDay = (day.consent[c.key] ??= { granted: 0, refused: 0 });
      onDay[which] += c.count;
      const overall = purposes.get(c.key) ?? { granted: 0, refused: 0 };
      overall[which] += c.count;
      purposes.set(c.key, overall);
    }
  }
  const { day: _, ...sums } = totals;
  return {
    from,
    to,
    days: [...days.values()],
    totals: sums,
    signupsByMethod,
    factorsByType,
    consentByPurpose: [...purposes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([purposeId, c]) => ({ purposeId, ...c, optInRate: c.granted + c.refused ? c.granted / (c.granted + c.refused) : 0 })),
  };
}

const COLUMNS: Array<[string, keyof Omit<DashboardDay, 'day' | 'consent'>]> = [
  ['sign_ups', 'signups'],
  ['sign_ins', 'signins'],
  ['mfa_sign_ins', 'mfaSignins'],
  ['passkey_sign_ins', 'passkeySignins'],
  ['social_sign_ins', 'socialSignins'],
  ['failures', 'failures'],
  ['lockouts', 'lockouts'],
  ['throttles', 'throttles'],
  ['factors_added', 'factorsAdded'],
];

/** A CSV cell: quoted when it needs to be, and never read as a formula by a spreadsheet. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The dashboard as CSV (RFC 4180): one row per day; consent given and refused per purpose as columns. */
export function dashboardCsv(d: Dashboard): string {
  const purposes = d.consentByPurpose.map((p) => p.purposeId);
  const header = ['day', ...COLUMNS.map(([name]) => name), ...purposes.flatMap((p) => [`consent_given:${p}`, `consent_refused:${p}`])];
  const rows = d.days.map((day) => [day.day, ...COLUMNS.map(([, field]) => day[field]), ...purposes.flatMap((p) => [day.consent[p]?.granted ?? 0, day.consent[p]?.refused ?? 0])]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

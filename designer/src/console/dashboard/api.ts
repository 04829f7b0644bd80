import { call } from '../../api';

/** One day of the dashboard, as `GET /api/dashboard` answers it. */
export interface DashboardDay {
  day: string;
  signups: number;
  signins: number;
  mfaSignins: number;
  passkeySignins: number;
  socialSignins: number;
  failures: number;
  lockouts: number;
  throttles: number;
  factorsAdded: number;
  consent: Record<string, { granted: number; refused: number }>;
}

export interface Dashboard {
  from: string;
  to: string;
  days: DashboardDay[];
  totals: Omit<DashboardDay, 'day'>;
  signupsByMethod: Record<string, number>;
  factorsByType: Record<string, number>;
  consentByPurpose: Array<{ purposeId: string; granted: number; refused: number; optInRate: number }>;
}

const range = (from: string, to: string) => `?${new URLSearchParams({ from, to })}`;

export const dashboardApi = {
  get: (from: string, to: string) => call<Dashboard>('GET', `/dashboard${range(from, to)}`),
  /** The CSV export's address (a plain link: the session cookie authenticates a download). */
  csvHref: (from: string, to: string) => `/api/dashboard/csv${range(from, to)}`,
  purposes: () => call<Array<{ id: string; name: Record<string, string> }>>('GET', '/consent-purposes'),
};

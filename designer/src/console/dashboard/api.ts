import { call } from '../../api';
import type { Dashboard } from '../../../../engine/runtime/dashboard';

/** The dashboard as `GET /api/dashboard` answers it: the engine's own types, not a copy. */
export type { Dashboard, DashboardDay } from '../../../../engine/runtime/dashboard';

const range = (from: string, to: string) => `?${new URLSearchParams({ from, to })}`;

export const dashboardApi = {
  get: (from: string, to: string) => call<Dashboard>('GET', `/dashboard${range(from, to)}`),
  /** The CSV export's address (a plain link: the session cookie authenticates a download). */
  csvHref: (from: string, to: string) => `/api/dashboard/csv${range(from, to)}`,
  purposes: () => call<Array<{ id: string; name: Record<string, string> }>>('GET', '/consent-purposes'),
};

import { call } from '../api';

/** One step of a funnel, as `GET /api/flows/:id/funnel` answers it. */
export interface FunnelStep {
  id: string;
  entered: number;
  left: number;
  dropped: number;
  dropRate: number;
  ended: Record<string, number>;
  meanMs: number | null;
}

/** One edge of a funnel: how many took an outcome of a step, and their share of its arrivals. */
export interface FunnelEdge {
  from: string;
  outcome: string;
  to: string | null;
  count: number;
  share: number;
}

export interface Funnel {
  flowId: string;
  versions: number[];
  steps: FunnelStep[];
  edges: FunnelEdge[];
}

/** What the Insights view filters on; empty means "all". */
export interface FunnelFilter {
  version: string;
  app: string;
  lang: string;
  from: string;
  to: string;
}

export const NO_FILTER: FunnelFilter = { version: '', app: '', lang: '', from: '', to: '' };

export function funnelQuery(filter: FunnelFilter): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const insightsApi = {
  funnel: (flowId: string, filter: FunnelFilter) => call<Funnel>('GET', `/flows/${encodeURIComponent(flowId)}/funnel${funnelQuery(filter)}`),
};

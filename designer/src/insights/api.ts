import { call } from '../api';
import type { Funnel as EngineFunnel } from '../../../engine/runtime/funnel';

/** The funnel's steps and edges are the engine's own types; the answer adds the journey and its versions. */
export type { FunnelEdge, FunnelStep } from '../../../engine/runtime/funnel';

export interface Funnel extends EngineFunnel {
  flowId: string;
  versions: number[];
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

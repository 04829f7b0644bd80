import type { RollupCount, StoredFlowGraph } from '../store/port.js';

/** What the funnel needs of a journey version: its steps and where each outcome leads. */
export type CountedGraph = Pick<StoredFlowGraph, 'nodes' | 'edges'>;

export interface FunnelStep {
  id: string;
  /** Arrivals at the step (a run that comes back to a step counts again). */
  entered: number;
  /** Departures by any outcome. */
  left: number;
  /** Arrivals that did not leave (yet): the drop-off of the step; 0 on an end step. */
  dropped: number;
  /** Share of arrivals that did not leave, 0..1. */
  dropRate: number;
  /** Runs that ended here, by how they ended. */
  ended: Record<string, number>;
  /** Mean time on the step of those who left, in ms; null when nobody left. */
  meanMs: number | null;
}

export interface FunnelEdge {
  from: string;
  outcome: string;
  /** The step the outcome leads to in the journey's version (null when no longer known). */
  to: string | null;
  count: number;
  /** Share of the arrivals at `from` that took this outcome, 0..1. */
  share: number;
}

export interface Funnel {
  steps: FunnelStep[];
  edges: FunnelEdge[];
}

/**
 * The funnel of a journey from its rollups: per step, how many entered and left; per edge, how many
 * took it and their share of the step's arrivals. `graphs` are the versions counted (to know where
 * each outcome led); steps of the graphs nobody reached appear with zeros.
 */
export function funnelOf(rollups: RollupCount[], graphs: Map<number, CountedGraph>): Funnel {
  const steps = new Map<string, FunnelStep & { totalMs: number }>();
  const stepOf = (id: string) => {
    let s = steps.get(id);
    if (!s) steps.set(id, (s = { id, entered: 0, left: 0, dropped: 0, dropRate: 0, ended: {}, meanMs: null, totalMs: 0 }));
    return s;
  };
  for (const graph of graphs.values()) for (const node of graph.nodes) stepOf(node.id);
  const edges = new Map<string, FunnelEdge>();
  for (const r of rollups) {
    const s = stepOf(r.step);
    if (r.kind === 'entered') s.entered += r.count;
    else if (r.kind === 'ended') s.ended[r.outcome ?? 'unknown'] = (s.ended[r.outcome ?? 'unknown'] ?? 0) + r.count;
    else {
      s.left += r.count;
      s.totalMs += r.totalMs;
      const outcome = r.outcome ?? '';
      const to = graphs.get(r.version)?.edges.find((e) => e.from === r.step && e.outcome === outcome)?.to ?? null;
      const key = JSON.stringify([r.step, outcome, to]);
      const edge = edges.get(key) ?? { from: r.step, outcome, to, count: 0, share: 0 };
      edge.count += r.count;
      edges.set(key, edge);
    }
  }
  const finished = [...steps.values()].map(({ totalMs, ...s }) => {
    const ended = Object.values(s.ended).reduce((a, b) => a + b, 0);
    const dropped = Math.max(0, s.entered - s.left - ended);
    return { ...s, dropped, dropRate: s.entered ? dropped / s.entered : 0, meanMs: s.left ? Math.round(totalMs / s.left) : null };
  });
  const entered = new Map(finished.map((s) => [s.id, s.entered]));
  return {
    steps: finished,
    edges: [...edges.values()].map((e) => ({ ...e, share: entered.get(e.from) ? e.count / entered.get(e.from)! : 0 })),
  };
}

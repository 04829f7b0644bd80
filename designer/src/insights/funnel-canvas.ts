import type { Edge, Node } from '@xyflow/react';
import type { FlowGraph, NodeTypeInfo, Outcome } from '../api';
import { toCanvas, type StepData } from '../graph';
import type { Funnel, FunnelEdge, FunnelStep } from './api';

/** One set of figures drawn on the canvas: the filtered funnel, or one of two compared versions. */
export interface FunnelColumn {
  /** Says whose figures these are ("All versions", "Version 2"). */
  label: string;
  funnel: Funnel;
}

/** A step's drop-off, for its colour: none, some, or a high share (at least a quarter) of arrivals. */
export type DropLevel = 'none' | 'some' | 'high';
const HIGH_DROP_RATE = 0.25;
/** The funnel's figures make steps taller and labels wider than in the designer: the steps are spread apart. */
const SPREAD = { x: 1.6, y: 1.3 };

export type FunnelStepData = StepData & {
  title: string;
  /** The step's figures, one per column (a step absent from a compared version has none there). */
  figures: Array<{ label: string; step: FunnelStep | null }>;
  dropLevel: DropLevel;
  /** The step where most people left (of the first column), drawn with a badge. */
  largestDrop: boolean;
};
export type FunnelStepNode = Node<FunnelStepData, 'funnelStep'>;

export type FunnelEdgeData = {
  /** "Email, known → Password": what the edge is, for its accessible name. */
  description: string;
  outcomeLabel: string;
  figures: Array<{ label: string; edge: Pick<FunnelEdge, 'count' | 'share'> }>;
};
export type FunnelEdgeLine = Edge<FunnelEdgeData, 'funnelEdge'>;

export interface FunnelSummary {
  label: string;
  /** Runs that began the journey (arrivals at the first step less the ways back to it). */
  started: number;
  /** Runs that reached a success end. */
  completed: number;
  completionRate: number;
}

const stepTitle = (n: FlowGraph['nodes'][number], types: Map<string, NodeTypeInfo>) => n.label || types.get(n.type)?.title || n.type;

/** How many began and how many reached success in a funnel of a graph. */
export function summarise(column: FunnelColumn, start: string): FunnelSummary {
  const { steps, edges } = column.funnel;
  const arrivals = steps.find((s) => s.id === start)?.entered ?? 0;
  const back = edges.filter((e) => e.to === start).reduce((sum, e) => sum + e.count, 0);
  const started = Math.max(0, arrivals - back);
  const completed = steps.reduce((sum, s) => sum + (s.ended.success ?? 0), 0);
  return { label: column.label, started, completed, completionRate: started ? completed / started : 0 };
}

/**
 * The journey drawn read-only with its funnel: every step carries how many entered, left and dropped
 * (per column), every edge how many took it and their share; drop-off is coloured and the largest one marked.
 */
export function funnelCanvas(
  graph: FlowGraph,
  types: Map<string, NodeTypeInfo>,
  columns: FunnelColumn[],
): { nodes: FunnelStepNode[]; edges: FunnelEdgeLine[] } {
  const outcomes: Record<string, Outcome[]> = {};
  const canvas = toCanvas(graph, types, outcomes);
  const stepsOf = columns.map((c) => new Map(c.funnel.steps.map((s) => [s.id, s])));
  const first = columns[0]?.funnel.steps ?? [];
  const largest = first.reduce<FunnelStep | null>((top, s) => (s.dropped > (top?.dropped ?? 0) ? s : top), null);
  const titles = new Map(graph.nodes.map((n) => [n.id, stepTitle(n, types)]));

  const nodes: FunnelStepNode[] = canvas.nodes.map((n) => {
    const figures = columns.map((c, i) => ({ label: c.label, step: stepsOf[i].get(n.id) ?? null }));
    const main = figures[0]?.step;
    const dropLevel: DropLevel = !main?.dropped ? 'none' : main.dropRate >= HIGH_DROP_RATE ? 'high' : 'some';
    return {
      ...n,
      position: { x: n.position.x * SPREAD.x, y: n.position.y * SPREAD.y },
      type: 'funnelStep',
      draggable: false,
      connectable: false,
      selectable: false,
      data: { ...n.data, title: titles.get(n.id) ?? n.id, figures, dropLevel, largestDrop: largest?.id === n.id },
    };
  });

  const edgeFigures = columns.map((c) => c.funnel.edges);
  const edges: FunnelEdgeLine[] = canvas.edges.map((e) => {
    const outcomeLabel = types.get(graph.nodes.find((n) => n.id === e.source)?.type ?? '')?.outcomes.find((o) => o.name === e.sourceHandle)?.label ?? String(e.sourceHandle);
    const figures = columns.map((c, i) => {
      const taken = edgeFigures[i].filter((f) => f.from === e.source && f.outcome === e.sourceHandle && (f.to === e.target || f.to === null));
      return { label: c.label, edge: { count: taken.reduce((sum, f) => sum + f.count, 0), share: taken.reduce((sum, f) => sum + f.share, 0) } };
    });
    return {
      ...e,
      type: 'funnelEdge',
      label: undefined,
      data: { description: `${titles.get(e.source) ?? e.source}, ${outcomeLabel} → ${titles.get(e.target) ?? e.target}`, outcomeLabel, figures },
    };
  });
  return { nodes, edges };
}

/** A share as people read it: "60 %", "33.3 %". */
export function percent(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

import { Position, type Edge, type Node } from '@xyflow/react';
import type { FlowGraph, NodeTypeInfo, Outcome } from './api';

/** What a canvas node carries: the step as the flow graph stores it, plus what the canvas draws. */
export type StepData = {
  type: string;
  label?: string;
  settings: Record<string, unknown>;
  info?: NodeTypeInfo;
  outcomes: Outcome[];
  isStart: boolean;
  problems: string[];
  badOutcomes: string[];
  diff?: 'added' | 'changed' | null;
};

export type StepNode = Node<StepData, 'step'>;

/** A step's box as StepNode.tsx and its CSS draw it: the head, the problem line, a row per outcome. */
const STEP = { width: 200, head: 60.4, problemLine: 19.2, row: 22.8, handle: 10 };

/**
 * Where a step and its handles are before the canvas has measured it. With them the canvas knows from
 * the first frame which steps are out of view, and draws only the others (and the connections that
 * reach into view); without them it would draw and measure every step of a large journey once, then
 * drop those out of view. Once a step is drawn its measured box replaces this (see `asMeasured`).
 */
export function estimatedGeometry(data: StepData): Pick<StepNode, 'initialWidth' | 'initialHeight' | 'handles'> {
  const top = STEP.head + (data.problems.length ? STEP.problemLine : 0);
  const height = top + STEP.row * data.outcomes.length;
  const half = STEP.handle / 2;
  return {
    initialWidth: STEP.width,
    initialHeight: height,
    handles: [
      ...(data.isStart ? [] : [{ type: 'target' as const, position: Position.Left, x: -half, y: height / 2 - half, width: STEP.handle, height: STEP.handle }]),
      ...data.outcomes.map((o, i) => ({
        type: 'source' as const,
        id: o.name,
        position: Position.Right,
        x: STEP.width - STEP.handle + 3,
        y: top + 0.4 + STEP.row * i,
        width: STEP.handle,
        height: STEP.handle,
      })),
    ],
  };
}

/** Steps the canvas has measured drop their estimated handles: from then on it knows where they are. */
export function asMeasured(nodes: StepNode[]): StepNode[] {
  return nodes.map((n) => {
    if (!n.handles || !n.measured) return n;
    const { handles: _estimate, ...measured } = n;
    return measured;
  });
}

export function toCanvas(graph: FlowGraph, types: Map<string, NodeTypeInfo>, outcomes: Record<string, Outcome[]>): { nodes: StepNode[]; edges: Edge[] } {
  const nodes: StepNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: 'step',
    position: n.position,
    data: {
      type: n.type,
      label: n.label,
      settings: n.settings,
      info: types.get(n.type),
      outcomes: outcomes[n.id] ?? types.get(n.type)?.outcomes ?? [],
      isStart: n.id === graph.start,
      problems: [],
      badOutcomes: [],
    },
  }));
  const edges: Edge[] = graph.edges.map((e, i) => ({
    id: e.id ?? `e-${e.from}-${e.outcome}-${i}`,
    source: e.from,
    sourceHandle: e.outcome,
    target: e.to,
    label: e.outcome,
  }));
  return { nodes, edges };
}

export function fromCanvas(base: FlowGraph, nodes: StepNode[], edges: Edge[]): FlowGraph {
  return {
    ...base,
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      ...(n.data.label ? { label: n.data.label } : {}),
      settings: n.data.settings,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: edges.map((e) => ({ id: e.id, from: e.source, outcome: String(e.sourceHandle), to: e.target })),
  };
}

/** A fresh id for a new step of a type, unique in the graph. */
export function newNodeId(type: string, taken: Set<string>): string {
  const base = type.replace(/[^A-Za-z0-9_-]/g, '-');
  for (let i = 1; ; i++) {
    const id = `${base}-${i}`;
    if (!taken.has(id)) return id;
  }
}

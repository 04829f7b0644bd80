import type { Edge, Node } from '@xyflow/react';
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

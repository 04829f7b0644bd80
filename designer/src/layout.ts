import dagre from '@dagrejs/dagre';
import type { Edge } from '@xyflow/react';
import type { StepNode } from './graph';

/** Tidy-up: a left-to-right layered layout of the steps (dagre). */
export function tidy(nodes: StepNode[], edges: Edge[]): StepNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90 });
  g.setDefaultEdgeLabel(() => ({}));
  // A step never drawn (out of view in a large journey) has not been measured: its estimated size.
  for (const n of nodes) g.setNode(n.id, { width: n.measured?.width ?? n.initialWidth ?? 220, height: n.measured?.height ?? n.initialHeight ?? 120 });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, position: { x: p.x - (p.width ?? 220) / 2, y: p.y - (p.height ?? 120) / 2 } };
  });
}

import dagre from '@dagrejs/dagre';
import type { Edge } from '@xyflow/react';
import type { StepNode } from './graph';

/** Room kept over a step whose outcome loops back to it: the loop's arc and label are drawn there. */
const LOOP_ROOM = 48;

/**
 * Tidy-up: a left-to-right layered layout of the steps (dagre). The columns leave room for the
 * outcome labels drawn on the connections between them ("Correct password" and its "+"), and a step
 * that loops back to itself (a wrong password asked again) gets room above it for the loop.
 */
export function tidy(nodes: StepNode[], edges: Edge[]): StepNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 60, ranksep: 160 });
  g.setDefaultEdgeLabel(() => ({}));
  const looping = new Set(edges.filter((e) => e.source === e.target).map((e) => e.source));
  const room = (id: string) => (looping.has(id) ? LOOP_ROOM : 0);
  // A step never drawn (out of view in a large journey) has not been measured: its estimated size.
  for (const n of nodes) g.setNode(n.id, { width: n.measured?.width ?? n.initialWidth ?? 220, height: (n.measured?.height ?? n.initialHeight ?? 120) + room(n.id) });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, position: { x: p.x - (p.width ?? 220) / 2, y: p.y - (p.height ?? 120) / 2 + room(n.id) } };
  });
}

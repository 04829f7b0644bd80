import type { FlowEdge, FlowGraph, FlowNode } from './types.js';

/** The step type that runs another journey. */
export const SUBFLOW_TYPE = 'subflow';
/** Joins a subflow step's id and a step of the journey it runs (`/` is never part of a node id). */
export const SUBFLOW_SEPARATOR = '/';

/** The journey a subflow step runs (its settings are checked before this is read). */
export const journeyOf = (node: FlowNode): string | null => (node.type === SUBFLOW_TYPE && typeof node.settings.journey === 'string' ? node.settings.journey : null);

/** The journeys a graph's subflow steps run, each once. */
export const subflowJourneys = (graph: Pick<FlowGraph, 'nodes'>): string[] => [...new Set(graph.nodes.flatMap((n) => journeyOf(n) ?? []))];

export class SubflowCycle extends Error {
  constructor(readonly chain: string[]) {
    super(`The journeys run each other in a circle: ${chain.join(' → ')}`);
  }
}

/**
 * Replaces every subflow step by the steps of the journey it runs, so a run goes through the child's
 * steps as its own (one run, one state: what the child proves and learns — the person, factors, the
 * email, answers — is the parent's when it continues). Edges into the subflow step lead to the child's
 * start; the child's edges into a Success step take the subflow's `success` outcome, those into a
 * Failure step its `failure` outcome. Child steps are named `<subflow step>/<child step>`; a child's
 * own subflow steps are expanded the same way. `children` holds the graph of each journey run;
 * `terminalOf` tells which step types end a journey.
 */
/** A subflow step left by a move: the step and the outcome it ended with (for the funnel). */
export interface SubflowExit {
  step: string;
  outcome: 'success' | 'failure';
}

/**
 * The graph a run walks once its subflow steps are expanded: `subflowExits` says, per move
 * (`<from>|<outcome>`), which subflow steps it leaves and by which outcome (the child's Success or
 * Failure step is gone from the graph, so the move alone no longer tells).
 */
export type ExpandedGraph = FlowGraph & { subflowExits?: Record<string, SubflowExit[]> };

/** The subflow steps a step of an expanded graph is inside, outermost first (`a/b/c` → `a`, `a/b`). */
export function subflowsAround(nodeId: string): string[] {
  const parts = nodeId.split(SUBFLOW_SEPARATOR);
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join(SUBFLOW_SEPARATOR));
}

export function expandSubflows(graph: FlowGraph, children: ReadonlyMap<string, FlowGraph>, terminalOf: (type: string) => 'success' | 'failure' | undefined, chain: string[] = [graph.id]): ExpandedGraph {
  if (!graph.nodes.some((n) => n.type === SUBFLOW_TYPE)) return graph;
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const subflowExits: Record<string, SubflowExit[]> = {};
  /** Where an edge into a subflow step really leads: the child's start, mapped, and the subflows it leaves on the way. */
  const entry = new Map<string, Target>();
  const inlined = new Map<string, { child: ExpandedGraph; exits: Record<'success' | 'failure', string | undefined> }>();
  type Target = { to: string; exits: SubflowExit[] };

  for (const node of graph.nodes) {
    const journey = journeyOf(node);
    if (!journey) {
      nodes.push(node);
      continue;
    }
    if (chain.includes(journey)) throw new SubflowCycle([...chain, journey]);
    const found = children.get(journey);
    if (!found) throw new Error(`Step ${node.id} runs the journey "${journey}", which is not published`);
    const child = expandSubflows(found, children, terminalOf, [...chain, journey]);
    const exit = (outcome: 'success' | 'failure') => graph.edges.find((e) => e.from === node.id && e.outcome === outcome)?.to;
    inlined.set(node.id, { child, exits: { success: exit('success'), failure: exit('failure') } });
  }

  // A target inside a child: its own step, or — for a Success or Failure step — the parent's next step.
  const resolve = (subflowId: string, childNodeId: string, seen = new Set<string>()): Target | undefined => {
    const { child, exits } = inlined.get(subflowId)!;
    const target = child.nodes.find((n) => n.id === childNodeId);
    if (!target) return undefined;
    const end = terminalOf(target.type);
    if (!end) return { to: `${subflowId}${SUBFLOW_SEPARATOR}${childNodeId}`, exits: [] };
    const next = exits[end];
    if (next === undefined || seen.has(subflowId)) return undefined;
    const left: SubflowExit = { step: subflowId, outcome: end };
    // The parent's next step may itself be a subflow step: into its child's start.
    if (!inlined.has(next)) return { to: next, exits: [left] };
    const into = entryOf(next, new Set([...seen, subflowId]));
    return into && { to: into.to, exits: [left, ...into.exits] };
  };
  const entryOf = (subflowId: string, seen = new Set<string>()): Target | undefined => {
    const known = entry.get(subflowId);
    if (known) return known;
    const target = resolve(subflowId, inlined.get(subflowId)!.child.start, seen);
    if (target) entry.set(subflowId, target);
    return target;
  };
  const mapTarget = (to: string): Target | undefined => (inlined.has(to) ? entryOf(to) : { to, exits: [] });
  const prefixed = (subflowId: string, id: string) => `${subflowId}${SUBFLOW_SEPARATOR}${id}`;

  for (const [subflowId, { child }] of inlined) {
    for (const n of child.nodes) {
      if (terminalOf(n.type)) continue;
      nodes.push({ ...n, id: prefixed(subflowId, n.id), label: `${child.name}: ${n.label ?? n.id}` });
    }
    for (const e of child.edges) {
      const target = resolve(subflowId, e.to);
      if (target === undefined || terminalOf(child.nodes.find((n) => n.id === e.from)?.type ?? '')) continue;
      edges.push({ id: prefixed(subflowId, e.id ?? `${e.from}-${e.outcome}`), from: prefixed(subflowId, e.from), outcome: e.outcome, to: target.to });
      // The child's own subflow steps left by this move, then this subflow step if the move leaves it.
      const inner = (child.subflowExits?.[`${e.from}|${e.outcome}`] ?? []).map((x) => ({ ...x, step: prefixed(subflowId, x.step) }));
      if (inner.length || target.exits.length) subflowExits[`${prefixed(subflowId, e.from)}|${e.outcome}`] = [...inner, ...target.exits];
    }
  }
  for (const e of graph.edges) {
    if (inlined.has(e.from)) continue;
    const target = mapTarget(e.to);
    if (target === undefined) continue;
    edges.push({ ...e, to: target.to });
    if (target.exits.length) subflowExits[`${e.from}|${e.outcome}`] = target.exits;
  }
  const start = mapTarget(graph.start)?.to ?? graph.start;
  return { ...graph, start, nodes, edges, subflowExits };
}

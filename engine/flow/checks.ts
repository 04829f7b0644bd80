import type { FlowGraph } from './types.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { createAjv, describeAjvErrors, flowSchema } from './schema.js';

/** One thing wrong with a graph, located so the designer can draw it on the node, handle or edge. */
export interface FlowProblem {
  code:
    | 'schema'
    | 'duplicate-node'
    | 'missing-start'
    | 'unknown-type'
    | 'invalid-settings'
    | 'dangling-edge'
    | 'unknown-outcome'
    | 'duplicate-edge'
    | 'unwired-outcome'
    | 'terminal-has-edges'
    | 'unreachable'
    | 'dead-end'
    | 'no-success';
  message: string;
  nodeId?: string;
  outcome?: string;
  edgeId?: string;
}

const ajv = createAjv();
const validateShape = ajv.compile(flowSchema);

/** Checks the JSON shape only (ajv); returns the graph typed when it passes. */
export function checkFlowShape(input: unknown): { graph: FlowGraph | null; problems: FlowProblem[] } {
  if (validateShape(input)) return { graph: input as unknown as FlowGraph, problems: [] };
  return {
    graph: null,
    problems: describeAjvErrors(validateShape.errors, 'flow').map((message) => ({ code: 'schema', message })),
  };
}

/**
 * Everything that must hold before a graph can be published: known node types with valid settings,
 * one existing start, every outcome wired exactly once, every node reachable, and from every node a
 * way to a terminal node (no dead ends, no loops without an exit).
 */
export function checkFlow(input: unknown, registry: NodeRegistry): FlowProblem[] {
  const { graph, problems } = checkFlowShape(input);
  if (!graph) return problems;

  const nodeName = (id: string) => {
    const n = graph.nodes.find((x) => x.id === id);
    const title = n ? (n.label ?? registry.get(n.type)?.title ?? n.type) : id;
    return `"${title}" (${id})`;
  };

  const nodes = new Map<string, FlowGraph['nodes'][number]>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) {
      problems.push({ code: 'duplicate-node', nodeId: node.id, message: `Two steps have the id "${node.id}"; ids must be unique.` });
    }
    nodes.set(node.id, node);
  }
  if (!nodes.has(graph.start)) {
    problems.push({ code: 'missing-start', message: `The flow starts at "${graph.start}", but there is no step with that id.` });
  }

  const outcomesOf = new Map<string, Set<string>>();
  for (const node of nodes.values()) {
    const type = registry.get(node.type);
    if (!type) {
      problems.push({ code: 'unknown-type', nodeId: node.id, message: `Step ${node.id} has an unknown type "${node.type}".` });
      continue;
    }
    const settingsErrors = registry.validateSettings(node.type, node.settings);
    for (const err of settingsErrors) {
      problems.push({ code: 'invalid-settings', nodeId: node.id, message: `Step ${nodeName(node.id)}: ${err}` });
    }
    outcomesOf.set(node.id, new Set(settingsErrors.length ? [] : type.outcomes(node.settings).map((o) => o.name)));
  }

  const wired = new Map<string, Set<string>>();
  for (const [i, edge] of graph.edges.entries()) {
    const edgeId = edge.id ?? `edge-${i}`;
    if (!nodes.has(edge.from) || !nodes.has(edge.to)) {
      const missing = !nodes.has(edge.from) ? edge.from : edge.to;
      problems.push({ code: 'dangling-edge', edgeId, message: `A connection points to "${missing}", which is not a step of this flow.` });
      continue;
    }
    const fromType = registry.get(nodes.get(edge.from)!.type);
    if (fromType?.terminal) {
      problems.push({
        code: 'terminal-has-edges',
        nodeId: edge.from,
        edgeId,
        message: `Step ${nodeName(edge.from)} ends the flow, so it cannot lead anywhere.`,
      });
      continue;
    }
    const known = outcomesOf.get(edge.from);
    if (known && known.size > 0 && !known.has(edge.outcome)) {
      problems.push({
        code: 'unknown-outcome',
        nodeId: edge.from,
        outcome: edge.outcome,
        edgeId,
        message: `Step ${nodeName(edge.from)} has no outcome "${edge.outcome}".`,
      });
      continue;
    }
    const seen = wired.get(edge.from) ?? new Set<string>();
    if (seen.has(edge.outcome)) {
      problems.push({
        code: 'duplicate-edge',
        nodeId: edge.from,
        outcome: edge.outcome,
        edgeId,
        message: `Outcome "${edge.outcome}" of step ${nodeName(edge.from)} is connected twice; connect it to one step.`,
      });
    }
    seen.add(edge.outcome);
    wired.set(edge.from, seen);
  }

  for (const [id, outcomes] of outcomesOf) {
    for (const outcome of outcomes) {
      if (!wired.get(id)?.has(outcome)) {
        problems.push({
          code: 'unwired-outcome',
          nodeId: id,
          outcome,
          message: `Outcome "${outcome}" of step ${nodeName(id)} is not connected to a next step.`,
        });
      }
    }
  }

  // Reachability from the start, and "can still reach a terminal" backwards from terminals.
  const next = new Map<string, string[]>();
  const prev = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!nodes.has(e.from) || !nodes.has(e.to)) continue;
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    prev.set(e.to, [...(prev.get(e.to) ?? []), e.from]);
  }
  const reachable = walk([graph.start].filter((s) => nodes.has(s)), next);
  const terminals = [...nodes.values()].filter((n) => registry.get(n.type)?.terminal).map((n) => n.id);
  const canFinish = walk(terminals, prev);

  for (const id of nodes.keys()) {
    if (!reachable.has(id)) {
      problems.push({ code: 'unreachable', nodeId: id, message: `Step ${nodeName(id)} cannot be reached from the start.` });
    } else if (!canFinish.has(id) && registry.get(nodes.get(id)!.type)) {
      problems.push({
        code: 'dead-end',
        nodeId: id,
        message: `From step ${nodeName(id)} there is no way to an end step (success or failure).`,
      });
    }
  }
  if (!terminals.some((id) => registry.get(nodes.get(id)!.type)?.terminal === 'success' && reachable.has(id))) {
    problems.push({ code: 'no-success', message: 'No path of this flow reaches a "Success" end step.' });
  }
  return problems;
}

function walk(from: string[], edges: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(from);
  const queue = [...from];
  while (queue.length) {
    for (const n of edges.get(queue.pop()!) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

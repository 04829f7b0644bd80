import type { FlowGraph } from '../flow/types.js';
import type { Store } from '../store/port.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { expandSubflows, subflowJourneys } from '../flow/subflow.js';

/** The version of each journey a run's subflow steps run, fixed when the run starts. */
export type PinnedSubflows = Record<string, number>;

/**
 * The published graphs a journey's subflow steps run, and theirs in turn: the active version of
 * each, or the version `pinned` names (a run continues with the child versions it started with).
 * A journey that is not published (or no longer has the pinned version) is left out: the expansion
 * then says so. A circle of journeys stops the loading; the expansion refuses it.
 */
export async function loadSubflowGraphs(store: Store, graph: FlowGraph, pinned?: PinnedSubflows): Promise<{ children: Map<string, FlowGraph>; versions: PinnedSubflows }> {
  const children = new Map<string, FlowGraph>();
  const versions: PinnedSubflows = {};
  const queue = subflowJourneys(graph);
  while (queue.length) {
    const id = queue.shift()!;
    if (children.has(id) || id === graph.id) continue;
    const stored = pinned?.[id] !== undefined ? await store.flows.getVersion(id, pinned[id]) : await store.flows.getActive(id);
    if (!stored) continue;
    const child = { ...stored.graph, version: stored.version };
    children.set(id, child);
    versions[id] = stored.version;
    queue.push(...subflowJourneys(child));
  }
  return { children, versions };
}

/** A graph with its subflow steps replaced by the steps of the journeys they run (see expandSubflows). */
export async function withSubflows(store: Store, registry: NodeRegistry, graph: FlowGraph, pinned?: PinnedSubflows): Promise<{ graph: FlowGraph; versions: PinnedSubflows }> {
  if (!subflowJourneys(graph).length) return { graph, versions: {} };
  const { children, versions } = await loadSubflowGraphs(store, graph, pinned);
  return { graph: expandSubflows(graph, children, (type) => registry.get(type)?.terminal), versions };
}

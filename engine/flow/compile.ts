import { assign, createActor, setup, type AnyActorScope } from 'xstate';
import type { FlowGraph } from './types.js';
import type { StepCatalogue } from './steps.js';
import type { Notice, RunState } from './run-state.js';

/** The event a node's handler produces: its outcome, plus what it learnt. */
export interface OutcomeEvent {
  type: string;
  patch?: Partial<RunState>;
  notice?: Notice | null;
}

/** The event of a step that keeps the user on the same step while updating the run state. */
export const STAY_EVENT = 'STAY';

export function initialRunState(request: Record<string, unknown> = {}): RunState {
  return { amr: [], request, data: {}, notice: null };
}

/** Applies a step's patch: scalars are replaced, `data` is merged per node, `amr` accumulates. */
export function applyPatch(state: RunState, event: OutcomeEvent): RunState {
  const patch = event.patch ?? {};
  const data = { ...state.data };
  for (const [nodeId, nodeData] of Object.entries(patch.data ?? {})) data[nodeId] = { ...data[nodeId], ...nodeData };
  const amr = [...new Set([...state.amr, ...(patch.amr ?? [])])];
  return { ...state, ...patch, data, amr, notice: event.notice ?? null };
}

/**
 * Compiles a (checked) flow graph into an XState machine: one state per node, one transition per
 * edge (the event type is the outcome name), terminal nodes as final states. The machine's context
 * is the run state, updated by every transition.
 */
export function compileFlow(graph: FlowGraph, catalogue: StepCatalogue): FlowMachine {
  const states: Record<string, object> = {};
  for (const node of graph.nodes) {
    const type = catalogue.step(node.type);
    if (!type) throw new Error(`Cannot compile flow "${graph.id}": step ${node.id} has unknown type "${node.type}"`);
    if (type.terminal) {
      states[node.id] = { type: 'final', meta: { nodeType: node.type } };
      continue;
    }
    // STAY updates the run state without leaving the step (outcome names cannot collide: they are lower-case).
    const on: Record<string, { target?: string; actions: 'applyStep' }> = { [STAY_EVENT]: { actions: 'applyStep' } };
    for (const edge of graph.edges.filter((e) => e.from === node.id)) {
      on[edge.outcome] = { target: edge.to, actions: 'applyStep' };
    }
    states[node.id] = { on, meta: { nodeType: node.type } };
  }

  return flowSetup.createMachine({
    id: `${graph.id}@${graph.version}`,
    initial: graph.start,
    context: ({ input }: { input: RunState }) => input,
    states,
  } as never);
}

const flowSetup = setup({
  types: { context: {} as RunState, events: {} as OutcomeEvent, input: {} as RunState },
  actions: {
    applyStep: assign(({ context, event }) => applyPatch(context, event)),
  },
});

export type FlowMachine = ReturnType<typeof flowSetup.createMachine>;

/**
 * The scope a machine's pure transitions run in, made once per machine. XState's `transition` and
 * `initialTransition` make a new inert actor for every call, and making one computes the machine's
 * initial snapshot: most of a step's transition cost. A flow machine's only actions are assignments,
 * which change the snapshot itself, and it starts no child actors, so one inert scope serves every
 * transition of the machine (nothing is executed, deferred or registered through it).
 */
const inertScopes = new WeakMap<FlowMachine, AnyActorScope>();
function inertScope(machine: FlowMachine): AnyActorScope {
  let scope = inertScopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input: initialRunState() });
    const ignore = () => {};
    scope = { self, system: self.system, id: '', sessionId: '', logger: ignore, defer: ignore, stopChild: ignore, emit: ignore, actionExecutor: ignore } as unknown as AnyActorScope;
    inertScopes.set(machine, scope);
  }
  return scope;
}

type FlowSnapshot = ReturnType<FlowMachine['getInitialSnapshot']>;

/** The snapshot of a new run of `machine` (its first step), without an actor. */
export function firstSnapshot(machine: FlowMachine, input: RunState): FlowSnapshot {
  return machine.getInitialSnapshot(inertScope(machine) as never, input);
}

/** The snapshot after `event`, without an actor. */
export function nextSnapshot(machine: FlowMachine, snapshot: FlowSnapshot, event: OutcomeEvent): FlowSnapshot {
  return machine.transition(snapshot, event, inertScope(machine) as never);
}

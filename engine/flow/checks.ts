import type { FlowGraph, FlowNode } from './types.js';
import type { StepCatalogue } from './steps.js';
import { createAjv, flowSchema } from './schema.js';
import { describeFlowShapeErrors } from './shape-words.js';
import { proveFlow, type PathStep, type ProofInputs, type StepUpPath } from './proof.js';
import { flowWords } from './problem-words.js';

export type { PathStep, ProofInputs, StepUpPath } from './proof.js';

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
    | 'never-ends'
    | 'no-success'
    | 'requirement-unmet'
    | 'success-without-user'
    | 'cycle-without-person'
    | 'unknown-reference'
    | 'subflow-cycle';
  message: string;
  nodeId?: string;
  outcome?: string;
  edgeId?: string;
  /** The way through the graph that shows the problem, from the start: draw it on the canvas. */
  path?: PathStep[];
}

/** Everything the checks find: what blocks publishing, and what the person should know. */
export interface FlowAnalysis {
  problems: FlowProblem[];
  /** Per bound app, the ways to success that end below the app's required level (step-up follows). */
  stepUps: StepUpPath[];
}

const ajv = createAjv();
const validateShape = ajv.compile(flowSchema);

/**
 * Checks the JSON shape only (ajv); returns the graph typed when it passes, else its problems in the
 * canvas's words (the step, the connection, the field) in `lang`, located on the step or connection they
 * concern (`catalogue` names the steps in the same language).
 */
export function checkFlowShape(input: unknown, catalogue: StepCatalogue, lang: string = 'en'): { graph: FlowGraph | null; problems: FlowProblem[] } {
  if (validateShape(input)) return { graph: input as unknown as FlowGraph, problems: [] };
  return {
    graph: null,
    problems: describeFlowShapeErrors(validateShape.errors, input, flowSchema, catalogue, lang).map((p) => ({ code: 'schema', ...p })),
  };
}

/** The name of a step as the designer shows it: its label, else its type's title. */
function stepName(node: FlowNode | undefined, catalogue: StepCatalogue, missing: string): string {
  if (!node) return missing;
  return `"${node.label ?? catalogue.step(node.type)?.title ?? node.type}"`;
}

/** The problems that block publishing (see analyseFlow). */
export function checkFlow(input: unknown, catalogue: StepCatalogue, inputs: ProofInputs = {}): FlowProblem[] {
  return analyseFlow(input, catalogue, inputs).problems;
}

/**
 * Everything that must hold before a graph can be published. First each piece on its own: known step
 * types with valid settings, one existing start, every outcome wired exactly once, every step
 * reachable. Then the proof walks every path (see proof.ts).
 */
export function analyseFlow(input: unknown, catalogue: StepCatalogue, inputs: ProofInputs = {}): FlowAnalysis {
  const { graph, problems } = checkFlowShape(input, catalogue, inputs.lang);
  if (!graph) return { problems, stepUps: [] };
  const w = flowWords(inputs.lang);
  const name = (id: string) => stepName(graph.nodes.find((n) => n.id === id), catalogue, w.missingStep);

  const nodes = new Map<string, FlowNode>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) {
      problems.push({ code: 'duplicate-node', nodeId: node.id, message: w.duplicateNode(node.id) });
    }
    nodes.set(node.id, node);
  }
  if (!nodes.has(graph.start)) {
    problems.push({ code: 'missing-start', message: w.missingStart });
  }

  const outcomesOf = new Map<string, Set<string>>();
  const optionalOf = new Set<string>();
  const labels = new Map<string, string>();
  const outcomeName = (id: string, outcome: string) => `"${labels.get(`${id}|${outcome}`) ?? outcome}"`;
  let walkable = problems.length === 0;
  for (const node of nodes.values()) {
    const kind = catalogue.step(node.type);
    if (!kind) {
      problems.push({ code: 'unknown-type', nodeId: node.id, message: w.unknownType(node.type) });
      walkable = false;
      continue;
    }
    const settingsErrors = kind.validateSettings(node.settings);
    for (const err of settingsErrors) {
      problems.push({ code: 'invalid-settings', nodeId: node.id, message: w.invalidSettings(name(node.id), err) });
    }
    if (settingsErrors.length) walkable = false;
    const outcomes = settingsErrors.length ? [] : kind.outcomes(node.settings);
    for (const o of outcomes) labels.set(`${node.id}|${o.name}`, o.label);
    // Outcomes that cannot happen with these settings need no connection (a connected one is harmless).
    outcomesOf.set(node.id, new Set(outcomes.filter((o) => !o.optional).map((o) => o.name)));
    for (const o of outcomes) if (o.optional) optionalOf.add(`${node.id}|${o.name}`);
  }

  const wired = new Map<string, Set<string>>();
  for (const [i, edge] of graph.edges.entries()) {
    const edgeId = edge.id ?? `edge-${i}`;
    if (!nodes.has(edge.from) || !nodes.has(edge.to)) {
      const missing = !nodes.has(edge.from) ? edge.from : edge.to;
      problems.push({ code: 'dangling-edge', edgeId, message: edge.from === missing ? w.edgeFromNowhere : w.edgeToNowhere(name(edge.from)) });
      continue;
    }
    if (catalogue.step(nodes.get(edge.from)!.type)?.terminal) {
      problems.push({ code: 'terminal-has-edges', nodeId: edge.from, edgeId, message: w.terminalHasEdges(name(edge.from)) });
      continue;
    }
    const known = outcomesOf.get(edge.from);
    if (known && known.size > 0 && !known.has(edge.outcome) && !optionalOf.has(`${edge.from}|${edge.outcome}`)) {
      problems.push({ code: 'unknown-outcome', nodeId: edge.from, outcome: edge.outcome, edgeId, message: w.unknownOutcome(name(edge.from)) });
      continue;
    }
    const seen = wired.get(edge.from) ?? new Set<string>();
    if (seen.has(edge.outcome)) {
      problems.push({
        code: 'duplicate-edge',
        nodeId: edge.from,
        outcome: edge.outcome,
        edgeId,
        message: w.connectedTwice(outcomeName(edge.from, edge.outcome), name(edge.from)),
      });
    }
    seen.add(edge.outcome);
    wired.set(edge.from, seen);
  }

  for (const [id, outcomes] of outcomesOf) {
    for (const outcome of outcomes) {
      if (!wired.get(id)?.has(outcome)) {
        problems.push({ code: 'unwired-outcome', nodeId: id, outcome, message: w.unwired(outcomeName(id, outcome), name(id)) });
      }
    }
  }

  const reachable = new Set<string>([graph.start]);
  const queue = nodes.has(graph.start) ? [graph.start] : [];
  while (queue.length) {
    const from = queue.pop()!;
    for (const e of graph.edges) {
      if (e.from === from && nodes.has(e.to) && !reachable.has(e.to)) (reachable.add(e.to), queue.push(e.to));
    }
  }
  for (const id of nodes.keys()) {
    if (!reachable.has(id)) problems.push({ code: 'unreachable', nodeId: id, message: w.unreachable(name(id)) });
  }

  // The proof needs every step's declarations, so it waits until each step is known and valid.
  if (!walkable) return { problems, stepUps: [] };
  const proof = proveFlow(graph, catalogue, inputs);
  return { problems: [...problems, ...proof.problems], stepUps: proof.stepUps };
}

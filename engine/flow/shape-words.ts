import type { ErrorObject } from 'ajv';
import type { StepCatalogue } from './steps.js';
import { JOURNEY_ID_PATTERN, NODE_ID_PATTERN, OUTCOME_PATTERN, STEP_TYPE_PATTERN } from './schema.js';
import { describeProblem, narrowAlternatives, subjectOf, type Schema } from './settings-words.js';

/**
 * A graph that is not a flow graph at all (an imported or hand-edited file, an API call) explained in
 * the words of the canvas: the step by its label or its type's title, the connection by its outcome's
 * label and the steps it joins, the field by the title the schema gives it; never a JSON path.
 */

/** One sentence about the graph, with the step or connection it concerns when there is one. */
export interface ShapeProblem {
  message: string;
  nodeId?: string;
  edgeId?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A name to show: a short, non-empty text (a label too long to be valid is not repeated back). */
const text = (v: unknown) => (typeof v === 'string' && v.trim() && v.length <= 120 ? v : undefined);
const ordinal = (index: number) => `number ${index + 1}`;

/** How a step is named on the canvas: its label, else its type's title, else its place in the list. */
function stepWords(node: unknown, index: number, catalogue: StepCatalogue): string {
  if (!isObject(node)) return `Step ${ordinal(index)}`;
  const title = text(node.label) ?? (typeof node.type === 'string' ? catalogue.step(node.type)?.title : undefined);
  return title ? `Step "${title}"` : `Step ${ordinal(index)}`;
}

/** The label of an outcome of a step, when the step is known and its settings are valid. */
function outcomeLabel(node: unknown, outcome: unknown, catalogue: StepCatalogue): string | undefined {
  if (!isObject(node) || typeof node.type !== 'string' || typeof outcome !== 'string') return undefined;
  const kind = catalogue.step(node.type);
  if (!kind || kind.validateSettings(node.settings).length) return undefined;
  return kind.outcomes(node.settings as Json).find((o) => o.name === outcome)?.label;
}

/** How a connection is named: "The connection "Correct password" from "Password" to "Success"". */
function connectionWords(edge: unknown, index: number, nodes: unknown[], catalogue: StepCatalogue): string {
  if (!isObject(edge)) return `Connection ${ordinal(index)}`;
  const find = (id: unknown) => {
    const at = nodes.findIndex((n) => isObject(n) && n.id === id);
    return at < 0 ? undefined : { node: nodes[at], words: stepWords(nodes[at], at, catalogue).replace(/^Step /, '') };
  };
  const from = find(edge.from);
  const to = find(edge.to);
  const label = from && outcomeLabel(from.node, edge.outcome, catalogue);
  const parts = [label ? `The connection "${label}"` : 'A connection', from ? `from ${from.words}` : '', to ? `to ${to.words}` : ''];
  return parts.filter(Boolean).join(' ');
}

/** How a saved test case is named: by its name, else its place in the list. */
function testCaseWords(testCase: unknown, index: number): string {
  const name = text(isObject(testCase) ? testCase.name : undefined);
  return name ? `Test case "${name}"` : `Test case ${ordinal(index)}`;
}

/** What each top-level part of a graph is called. */
const GRAPH_PARTS: Record<string, string> = {
  id: "The journey's id",
  name: "The journey's name",
  description: "The journey's description",
  purpose: "The journey's purpose",
  version: "The journey's version number",
  start: 'The start step',
  nodes: 'The steps',
  edges: 'The connections',
  tests: 'The test cases',
  testRun: 'The test results of this version',
};

/** The lists of a graph, one and many. */
const LIST_NOUNS: Record<string, [string, string]> = { nodes: ['step', 'steps'], edges: ['connection', 'connections'], tests: ['test case', 'test cases'] };

const sentence = (subject: string, said: string) => `${subject} ${said}.`;

/** How the identifiers of a graph are written, for a pattern they do not match. */
const PATTERN_WORDS: Record<string, string> = {
  [NODE_ID_PATTERN]: 'a letter, then letters, digits, "-" or "_"; at most 64',
  [OUTCOME_PATTERN]: 'a lower-case letter, then lower-case letters, digits, "-" or "_"; at most 64',
  [JOURNEY_ID_PATTERN]: 'lower-case letters, digits and dashes; at most 64',
  [STEP_TYPE_PATTERN]: 'lower-case letters, digits and dashes',
};

function wrongWords(e: ErrorObject, schema: Schema | undefined): string {
  const how = e.keyword === 'pattern' ? PATTERN_WORDS[String((e.params as { pattern: string }).pattern)] : undefined;
  return how ? `is not written the expected way (${how})` : describeProblem(e, schema, 'graph');
}

/** Each ajv error of a flow graph (validated against `schema`) as a sentence in the canvas's words. */
export function describeFlowShapeErrors(errors: ErrorObject[] | null | undefined, input: unknown, schema: Schema, catalogue: StepCatalogue): ShapeProblem[] {
  const graph = isObject(input) ? input : {};
  const nodes = Array.isArray(graph.nodes) ? graph.nodes : [];
  const edges = Array.isArray(graph.edges) ? graph.edges : [];
  const tests = Array.isArray(graph.tests) ? graph.tests : [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const problems = narrowAlternatives(errors ?? []).map((e): ShapeProblem => {
    const [part, index, ...rest] = e.instancePath.split('/').slice(1);
    if (part === undefined) {
      if (!isObject(input)) return { message: 'This is not a journey: a journey is a group of steps and connections.' };
      return { message: sentence('The journey', wrongWords(e, schema)) };
    }
    const partSchema = properties[part];
    const itemSchema = (partSchema?.items ?? undefined) as Schema | undefined;
    const list = part === 'nodes' ? nodes : part === 'edges' ? edges : part === 'tests' ? tests : null;
    if (list && index !== undefined && itemSchema) {
      const i = Number(index);
      const item = list[i];
      const whole = part === 'nodes' ? stepWords(item, i, catalogue) : part === 'edges' ? connectionWords(item, i, nodes, catalogue) : testCaseWords(item, i);
      const located = {
        ...(part === 'nodes' && isObject(item) && typeof item.id === 'string' ? { nodeId: item.id } : {}),
        ...(part === 'edges' && isObject(item) && typeof item.id === 'string' ? { edgeId: item.id } : {}),
      };
      if (!rest.length) {
        return { message: sentence(whole, e.keyword === 'type' ? 'cannot be read' : wrongWords(e, itemSchema)), ...located };
      }
      const { subject, schema: at } = subjectOf(itemSchema, `/${rest.join('/')}`);
      return { message: `${whole}: ${sentence(subject, wrongWords(e, at))}`, ...located };
    }
    const noun = LIST_NOUNS[part];
    if (noun && index === undefined && (e.keyword === 'minItems' || e.keyword === 'maxItems')) {
      const limit = Number((e.params as { limit: number }).limit);
      const many = `${limit} ${limit === 1 ? noun[0] : noun[1]}`;
      return { message: e.keyword === 'minItems' ? `The journey needs at least ${limit === 1 ? `one ${noun[0]}` : many}.` : `A journey takes at most ${many}.` };
    }
    const { subject, schema: at } = subjectOf(partSchema ?? {}, `/${[index, ...rest].filter((s) => s !== undefined).join('/')}`.replace(/^\/$/, ''));
    const whole = GRAPH_PARTS[part] ?? `The journey's "${part}"`;
    return { message: subject ? `${whole}: ${sentence(subject, wrongWords(e, at))}` : sentence(whole, wrongWords(e, partSchema)) };
  });
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.message) && seen.add(p.message));
}

import type { Store } from '../store/port.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { FlowGraph } from '../flow/types.js';
import { analyseFlow, type FlowAnalysis } from '../flow/checks.js';
import { proveFlow, type AssuranceLevels, type BoundApp, type PathStep, type ProofInputs } from '../flow/proof.js';
import { expandSubflows, journeyOf, SubflowCycle, SUBFLOW_SEPARATOR, SUBFLOW_TYPE } from '../flow/subflow.js';
import { loadSubflowGraphs } from './subflows.js';
import { loadSchema } from '../identity/schema.js';
import { flowWords } from '../flow/problem-words.js';
import type { StepCatalogue } from '../flow/steps.js';
import { DEFAULT_LANGUAGE, type Language } from '../languages.js';

/** The lowest level, for apps that do not say what they require. */
export const DEFAULT_MIN_ACR = 'urn:gerbang:loa:1';

/** Problems the proof finds (the rest are the drawn graph's shape). */
const PROOF_CODES = new Set<string>(['never-ends', 'no-success', 'requirement-unmet', 'success-without-user', 'cycle-without-person', 'unknown-reference']);

export interface FlowProverDeps {
  store: Store;
  registry: NodeRegistry;
  /** Names of the social sign-in connections configured. */
  socialConnections: () => Promise<Iterable<string>>;
  /** Names of the sealed secrets HTTP request steps may put in headers (unchecked when absent). */
  httpSecrets?: () => Promise<Iterable<string>>;
  levels: AssuranceLevels;
}

/**
 * Runs the proof on publish against what exists now: consent purposes, connections, attributes and
 * journeys from the store and configuration, and the apps bound to the journey with their levels.
 * The admin API (check, save, publish, try) and the seeding of shipped journeys use this one.
 */
export class FlowProver {
  constructor(private readonly deps: FlowProverDeps) {}

  /** The graph's problems and step-ups, in the sentences of `lang` (English by default). */
  async analyse(graph: FlowGraph, also: { journeys?: string[]; graphs?: FlowGraph[] } = {}, lang: Language = DEFAULT_LANGUAGE): Promise<FlowAnalysis> {
    const catalogue = this.deps.registry.inLanguage(lang);
    const inputs = await this.inputs(graph, also, lang);
    const drawn = analyseFlow(graph, catalogue, inputs);
    if (!graph.nodes?.some((n) => n.type === SUBFLOW_TYPE)) return drawn;
    return this.analyseWithSubflows(graph, drawn, inputs, catalogue);
  }

  /**
   * A journey with subflow steps is proved with the steps of the journeys they run in their place
   * (what the child proves is what the parent has after it; what the child needs must be there before
   * it). Problems found inside a child are shown on the subflow step that runs it.
   */
  private async analyseWithSubflows(graph: FlowGraph, drawn: FlowAnalysis, inputs: ProofInputs, catalogue: StepCatalogue): Promise<FlowAnalysis> {
    // The shape of the drawn graph first; its own proof sees a subflow step as proving nothing, so it waits.
    const shape = drawn.problems.filter((p) => !PROOF_CODES.has(p.code) || p.code === 'unknown-reference');
    if (shape.length) return { problems: shape, stepUps: [] };
    const { children } = await loadSubflowGraphs(this.deps.store, graph);
    let expanded: FlowGraph;
    try {
      expanded = expandSubflows(graph, children, (type) => this.deps.registry.get(type)?.terminal);
    } catch (err) {
      if (!(err instanceof SubflowCycle)) throw err;
      const node = graph.nodes.find((n) => journeyOf(n) === err.chain[1]);
      const names = await Promise.all(err.chain.map(async (id) => (id === graph.id ? graph.name : ((await this.deps.store.flows.getActive(id))?.graph.name ?? id))));
      return {
        problems: [{ code: 'subflow-cycle', nodeId: node?.id, message: flowWords(inputs.lang).subflowCycle(`"${node?.label ?? node?.id}"`, names.join(' → ')) }],
        stepUps: [],
      };
    }
    const proof = proveFlow(expanded, catalogue, inputs);
    const top = (nodeId: string) => nodeId.split(SUBFLOW_SEPARATOR)[0];
    const mapPath = (path: PathStep[] | undefined): PathStep[] | undefined => {
      if (!path) return path;
      const mapped: PathStep[] = [];
      for (const step of path) {
        const nodeId = top(step.nodeId);
        const inside = nodeId !== step.nodeId;
        const last = mapped[mapped.length - 1];
        if (last?.nodeId === nodeId && inside) continue;
        // Leaving a child: the subflow step's outcome is the drawn edge that leads where the path goes.
        if (last && last.nodeId !== nodeId && graph.nodes.some((n) => n.id === last.nodeId && n.type === SUBFLOW_TYPE)) {
          last.outcome = graph.edges.find((e) => e.from === last.nodeId && e.to === nodeId)?.outcome ?? last.outcome;
        }
        mapped.push(inside ? { nodeId } : { ...step });
      }
      return mapped;
    };
    return {
      problems: proof.problems.map((p) => ({ ...p, nodeId: p.nodeId && top(p.nodeId), edgeId: p.edgeId?.includes(SUBFLOW_SEPARATOR) ? undefined : p.edgeId, path: mapPath(p.path) })),
      stepUps: proof.stepUps.map((s) => ({ ...s, path: mapPath(s.path) ?? [] })),
    };
  }

  /** What the proof looks up; `also` adds journeys about to exist (shipped ones seeded together). */
  async inputs(graph: FlowGraph, also: { journeys?: string[]; graphs?: FlowGraph[] } = {}, lang: Language = DEFAULT_LANGUAGE): Promise<ProofInputs> {
    const { store, registry } = this.deps;
    const summaries = await store.flows.list();
    const graphs: FlowGraph[] = [graph, ...(also.graphs ?? [])];
    for (const s of summaries) {
      if (s.id === graph.id) continue;
      const draft = await store.flows.getDraft(s.id);
      if (draft) graphs.push(draft.graph);
    }
    // Attributes that exist: the identity schema's, and those older journeys declare in their steps.
    const attributes = new Set((await loadSchema(store)).map((a) => a.key));
    for (const g of graphs) {
      for (const node of g.nodes) {
        const type = registry.get(node.type);
        if (type?.collects && registry.validateSettings(node.type, node.settings).length === 0) {
          for (const name of type.collects(node.settings)) attributes.add(name);
        }
      }
    }
    const apps: BoundApp[] = (await store.apps.list())
      .filter((a) => a.flowId === graph.id)
      .map((a) => ({ id: a.id, name: a.name, minAcr: a.minAcr ?? DEFAULT_MIN_ACR }));
    return {
      known: {
        'consent-purpose': new Set((await store.consents.listPurposes()).map((p) => p.id)),
        'social-connection': new Set(await this.deps.socialConnections()),
        ...(this.deps.httpSecrets ? { 'http-secret': new Set(await this.deps.httpSecrets()) } : {}),
        attribute: attributes,
        journey: new Set([graph.id, ...summaries.filter((s) => s.activeVersion !== null).map((s) => s.id), ...(also.journeys ?? [])]),
      },
      levels: { describe: (level) => flowWords(lang).levels[level] ?? level, ...this.deps.levels },
      apps,
      lang,
    };
  }
}

import type { Store } from '../store/port.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { FlowGraph } from '../flow/types.js';
import { analyseFlow, type FlowAnalysis } from '../flow/checks.js';
import type { AssuranceLevels, BoundApp, ProofInputs } from '../flow/proof.js';
import { loadSchema } from '../identity/schema.js';

/** The lowest level, for apps that do not say what they require. */
export const DEFAULT_MIN_ACR = 'urn:gerbang:loa:1';

/** The levels in the designer's words. */
const LEVEL_WORDS: Record<string, string> = {
  'urn:gerbang:loa:1': 'one factor',
  'urn:gerbang:loa:2': 'two factors of different kinds',
  'urn:gerbang:loa:3': 'a passkey',
};

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

  async analyse(graph: FlowGraph, also: { journeys?: string[]; graphs?: FlowGraph[] } = {}): Promise<FlowAnalysis> {
    return analyseFlow(graph, this.deps.registry, await this.inputs(graph, also));
  }

  /** What the proof looks up; `also` adds journeys about to exist (shipped ones seeded together). */
  async inputs(graph: FlowGraph, also: { journeys?: string[]; graphs?: FlowGraph[] } = {}): Promise<ProofInputs> {
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
      levels: { describe: (level) => LEVEL_WORDS[level] ?? level, ...this.deps.levels },
      apps,
    };
  }
}

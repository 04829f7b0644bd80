import type { ReferenceKind } from '../flow/steps.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { StoredFlowGraph, Store } from '../store/port.js';
import type { Language } from '../languages.js';

/** A journey that names something (a consent purpose, a social connection...), and where. */
export interface Use {
  journeyId: string;
  journeyName: string;
  /** `published`: the active version runs it now; `draft`: only the draft names it. */
  in: 'published' | 'draft';
  steps: string[];
}

/**
 * Which journeys name `kind`/`id` in their active version or their draft, read from the steps'
 * own `references` declarations. Deleting something a journey uses is refused with this list.
 */
export async function whereUsed(store: Store, registry: NodeRegistry, kind: ReferenceKind, id: string): Promise<Use[]> {
  const stepsNaming = (graph: StoredFlowGraph) =>
    graph.nodes
      .filter((n) => {
        const stepKind = registry.step(n.type);
        if (!stepKind || stepKind.validateSettings(n.settings).length > 0) return false;
        return stepKind.references(n.settings).some((r) => r.kind === kind && r.id === id);
      })
      .map((n) => n.label ?? n.id);
  const uses: Use[] = [];
  for (const summary of await store.flows.list()) {
    const active = summary.activeVersion === null ? null : await store.flows.getActive(summary.id);
    const published = active ? stepsNaming(active.graph) : [];
    if (published.length) {
      uses.push({ journeyId: summary.id, journeyName: summary.name, in: 'published', steps: published });
      continue;
    }
    const draft = await store.flows.getDraft(summary.id);
    const drafted = draft ? stepsNaming(draft.graph) : [];
    if (drafted.length) uses.push({ journeyId: summary.id, journeyName: summary.name, in: 'draft', steps: drafted });
  }
  return uses;
}

/** Where a journey uses it, in Bahasa Indonesia. */
const IN_ID: Record<Use['in'], string> = { published: 'terbit', draft: 'draf' };

/** "Sign in (published: Consent); …" — the refusal's words, in `lang`. */
export function describeUses(uses: Use[], lang: Language = 'en'): string {
  return uses.map((u) => `${u.journeyName} (${lang === 'id' ? IN_ID[u.in] : u.in}: ${u.steps.join(', ')})`).join('; ');
}

import type { Store, StoredFlowGraph } from '../store/port.js';
import { HttpError, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { PERMISSIONS } from './roles.js';
import { experimentOf, type AbSplitSettings } from '../nodes/ab-split.js';
import { experimentResult } from '../runtime/ab-stats.js';
import { changeDraft } from './drafts.js';

const PARAMS = paramsSchema({ id: 'slug', step: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } });
const PROMOTE = { type: 'object', additionalProperties: false, properties: { branch: { type: 'string', title: 'Branch', maxLength: 64 } } };

/**
 * The graph with an A/B split replaced by one of its branches: whatever led to the split leads where
 * that branch led; the split and its edges are gone. The other branches' steps stay (the checks show
 * what is no longer reached) so nothing built is lost.
 */
export function withBranchPromoted(graph: StoredFlowGraph, splitId: string, outcome: string): StoredFlowGraph {
  const target = graph.edges.find((e) => e.from === splitId && e.outcome === outcome)?.to;
  if (!target) throw new HttpError(400, 'invalid_request', { en: `The split has no connected branch "${outcome}".`, id: `Uji A/B ini tidak memiliki cabang terhubung "${outcome}".` });
  return {
    ...graph,
    start: graph.start === splitId ? target : graph.start,
    nodes: graph.nodes.filter((n) => n.id !== splitId),
    edges: graph.edges.filter((e) => e.from !== splitId).map((e) => (e.to === splitId ? { ...e, to: target } : e)),
  };
}

/** Admin API of A/B splits: results per branch with their significance, and promoting the winner. */
export function experimentsRouter({ store }: { store: Store }): RouteTable {
  const router = new RouteTable();

  const splitOf = async (flowId: string, stepId: string) => {
    const draft = await store.flows.getDraft(flowId);
    if (!draft) throw new NotFound({ en: 'No such journey.', id: 'Perjalanan tidak ditemukan.' });
    const active = await store.flows.getActive(flowId);
    // The published split decides the branches people are in; a split only in the draft has no results yet.
    const node = [active?.graph, draft.graph].flatMap((g) => g?.nodes ?? []).find((n) => n.id === stepId && n.type === 'ab-split');
    if (!node) throw new NotFound({ en: `The journey has no A/B split "${stepId}".`, id: `Perjalanan ini tidak memiliki uji A/B "${stepId}".` });
    return { draft, settings: node.settings as unknown as AbSplitSettings };
  };

  router.get(
    '/flows/:id/experiments/:step',
    { permission: PERMISSIONS.journeysRead, summary: 'Results of an A/B split per branch: people assigned, runs, success, drop-off, time to success, significance against the control, recommended winner', params: PARAMS },
    async (req, res) => {
      const flowId = String(req.params.id);
      const step = String(req.params.step);
      const { settings } = await splitOf(flowId, step);
      const counts = await store.experiments.results(experimentOf(flowId, step));
      res.json({ flowId, step, ...experimentResult(settings.branches.map((b) => b.outcome), counts) });
    },
  );

  router.post(
    '/flows/:id/experiments/:step/promote',
    { permission: PERMISSIONS.journeysWrite, summary: 'Make a draft with the split replaced by a branch (the recommended winner unless `branch` is given); publish it to end the experiment', params: PARAMS, body: PROMOTE },
    async (req, res) => {
      const flowId = String(req.params.id);
      const step = String(req.params.step);
      const { settings } = await splitOf(flowId, step);
      let branch = (req.body as { branch?: string }).branch;
      if (!branch) {
        const result = experimentResult(settings.branches.map((b) => b.outcome), await store.experiments.results(experimentOf(flowId, step)));
        if (!result.winner) {
          throw new HttpError(409, 'no_winner', {
            en: 'No branch is better than the others with 95 % confidence yet; name the branch to promote.',
            id: 'Belum ada cabang yang lebih baik daripada yang lain dengan keyakinan 95 %; sebutkan cabang yang akan dipromosikan.',
          });
        }
        branch = result.winner;
      }
      const promoted = branch;
      // Made on the draft as it is when written (an edit saved meanwhile is kept).
      const saved = await changeDraft(store, flowId, req.admin!.email ?? req.admin!.id, (draft) => {
        if (!draft.graph.nodes.some((n) => n.id === step)) throw new HttpError(409, 'conflict', { en: 'The draft no longer has this split.', id: 'Draf tidak lagi memiliki uji A/B ini.' });
        return { name: draft.name, graph: withBranchPromoted(draft.graph, step, promoted) };
      });
      res.json({ flowId, promoted: branch, draft: saved });
    },
  );

  return router;
}

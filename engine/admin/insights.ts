import { PERMISSIONS } from './roles.js';
import type { Store } from '../store/port.js';
import { BadRequest, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { idSchema, paramsSchema } from '../http/ids.js';
import { LANGUAGE_CODES } from '../languages.js';
import { funnelOf, type CountedGraph } from '../runtime/funnel.js';

const DAY = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' };
const FUNNEL_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' },
    app: idSchema('client'),
    lang: { type: 'string', enum: [...LANGUAGE_CODES] },
    from: DAY,
    to: DAY,
  },
};

/** Admin API: the funnel of a journey, read from the run event rollups (never from raw events). */
export function insightsRouter({ store, flushEvents }: { store: Store; flushEvents: () => Promise<void> }): RouteTable {
  return new RouteTable().get(
    '/flows/:id/funnel',
    {
      summary: 'Funnel of a journey: per step how many entered and left, per edge how many took it and their share; filters: version, app, lang, from/to (UTC days)',
      params: paramsSchema({ id: 'slug' }),
      query: FUNNEL_QUERY,
      permission: PERMISSIONS.journeysRead,
    },
    async (req, res) => {
      const flowId = String(req.params.id);
      const q = req.query as Record<string, string | undefined>;
      if (q.from && q.to && q.from > q.to) throw new BadRequest('`from` is after `to`.');
      const flow = await store.flows.getDraft(flowId);
      if (!flow) throw new NotFound('No such journey.');
      const version = q.version ? Number(q.version) : undefined;
      // This instance's events still in its buffer count too (others' arrive within their flush interval).
      await flushEvents();
      const rollups = await store.events.rollups({ flowId, version, app: q.app, lang: q.lang, fromDay: q.from, toDay: q.to });
      const versions = version !== undefined ? [version] : [...new Set(rollups.map((r) => r.version))];
      const graphs = new Map<number, CountedGraph>();
      for (const v of versions) {
        const stored = await store.flows.getVersion(flowId, v);
        if (stored) graphs.set(v, stored.graph);
      }
      if (version !== undefined && !graphs.size) throw new NotFound(`Journey ${flowId} has no version ${version}.`);
      res.json({ flowId, filter: { version: version ?? null, app: q.app ?? null, lang: q.lang ?? null, from: q.from ?? null, to: q.to ?? null }, versions, ...funnelOf(rollups, graphs) });
    },
  );
}

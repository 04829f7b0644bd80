import { PERMISSIONS } from './roles.js';
import type { Store } from '../store/port.js';
import { BadRequest, fieldRefused, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { idSchema, paramsSchema } from '../http/ids.js';
import { LANGUAGE_CODES } from '../languages.js';
import { funnelOf, type CountedGraph } from '../runtime/funnel.js';
import { dashboardCsv, dashboardOf, type Dashboard } from '../runtime/dashboard.js';
import { dayOf } from '../store/port.js';

const DAY = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', examples: ['2026-01-31'] };
const FUNNEL_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { type: 'string', title: 'Version', pattern: '^[1-9][0-9]{0,8}$', examples: ['3'] },
    app: { ...idSchema('client'), title: 'App', examples: ['my-app'] },
    lang: { type: 'string', title: 'Language', enum: [...LANGUAGE_CODES] },
    from: { ...DAY, title: 'From' },
    to: { ...DAY, title: 'To' },
  },
};

const DASHBOARD_QUERY = { type: 'object', additionalProperties: false, properties: { from: FUNNEL_QUERY.properties.from, to: FUNNEL_QUERY.properties.to } };
/** The longest range a dashboard shows: a year and a bit. */
const MAX_DASHBOARD_DAYS = 400;
const DAY_MS = 86_400_000;
/** A range that ends before it starts, said of its "From" field. */
const AFTER_TO = { en: 'is after To', id: 'jatuh setelah Sampai' };

/** The range asked for, by default the last 30 days to today (UTC); refused when backwards or too long. */
function dashboardRange(q: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const to = q.to ?? dayOf(now);
  const from = q.from ?? dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS));
  if (from > to) throw fieldRefused('query', DASHBOARD_QUERY, '/from', AFTER_TO);
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_DASHBOARD_DAYS) throw new BadRequest({ en: `A dashboard covers at most ${MAX_DASHBOARD_DAYS} days.`, id: `Dasbor mencakup paling banyak ${MAX_DASHBOARD_DAYS} hari.` });
  return { from, to };
}

/**
 * Admin API: the funnel of a journey, read from the run event rollups (never from raw events), and the
 * dashboard (sign-ups, sign-ins, failures, adoption, consent per day) read from the daily counters.
 */
export function insightsRouter({
  store,
  flushEvents,
  flushCounts,
  now = () => new Date(),
}: {
  store: Store;
  flushEvents: () => Promise<void>;
  /** Writes this instance's counts still in memory (others' arrive within their flush interval). */
  flushCounts: () => Promise<void>;
  now?: () => Date;
}): RouteTable {
  const dashboard = async (q: { from?: string; to?: string }): Promise<Dashboard> => {
    const { from, to } = dashboardRange(q, now());
    await flushCounts();
    return dashboardOf(await store.dailyCounts.range(from, to), from, to);
  };
  return new RouteTable()
    .get(
      '/dashboard',
      {
        summary: 'Dashboard: per UTC day sign-ups, sign-ins (with MFA, passkey, social), failures, lockouts, throttles, factors added and consent given/refused per purpose; from/to default to the last 30 days',
        query: DASHBOARD_QUERY,
        permission: PERMISSIONS.journeysRead,
      },
      async (req, res) => {
        res.json(await dashboard(req.query as { from?: string; to?: string }));
      },
    )
    .get(
      '/dashboard/csv',
      {
        summary: 'The dashboard as CSV (one row per day), for spreadsheets',
        query: DASHBOARD_QUERY,
        permission: PERMISSIONS.journeysRead,
      },
      async (req, res) => {
        const d = await dashboard(req.query as { from?: string; to?: string });
        res.type('text/csv; charset=utf-8').attachment(`gerbang-dashboard-${d.from}-to-${d.to}.csv`).send(dashboardCsv(d));
      },
    )
    .get(
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
      if (q.from && q.to && q.from > q.to) throw fieldRefused('query', FUNNEL_QUERY, '/from', AFTER_TO);
      const flow = await store.flows.getDraft(flowId);
      if (!flow) throw new NotFound({ en: 'No such journey.', id: 'Perjalanan tidak ditemukan.' });
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
      if (version !== undefined && !graphs.size) throw new NotFound({ en: `Journey ${flowId} has no version ${version}.`, id: `Perjalanan ${flowId} tidak memiliki versi ${version}.` });
      res.json({ flowId, filter: { version: version ?? null, app: q.app ?? null, lang: q.lang ?? null, from: q.from ?? null, to: q.to ?? null }, versions, ...funnelOf(rollups, graphs) });
    },
  );
}

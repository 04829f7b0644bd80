import type { Request, Response } from 'express';
import type { AuditEvent, AuditFilter, Store } from '../store/port.js';
import { BadRequest, fieldRefused } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { resolveAuditEvents } from './audit-resolution.js';
import { PERMISSIONS } from './roles.js';

const DAY_OR_TIME = { type: 'string', maxLength: 40, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2}))?$', examples: ['2026-01-31'] };
const FILTERS = {
  userId: { type: 'string', title: 'User id', maxLength: 64 },
  user: { type: 'string', title: 'User', maxLength: 254, description: "the user's id or email" },
  type: { type: 'string', title: 'Event type', maxLength: 64, description: 'e.g. signin, account.blocked' },
  app: { type: 'string', title: 'App', maxLength: 128, description: 'client id: sign-ins through the app and changes to it' },
  from: { ...DAY_OR_TIME, title: 'From', description: 'from this day (UTC) or time, inclusive' },
  to: { ...DAY_OR_TIME, title: 'To', description: 'up to this day (UTC, inclusive) or time (exclusive)' },
};
export const AUDIT_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...FILTERS,
    before: { type: 'string', title: 'Before', format: 'date-time', description: 'the `at` of the last event of the previous page' },
    beforeId: { type: 'string', title: 'Before event', maxLength: 64, description: 'the `id` of the last event of the previous page' },
    limit: { type: 'string', title: 'Events per page', pattern: '^[1-9][0-9]{0,2}$', examples: ['100'] },
  },
};
const EXPORT_QUERY = { type: 'object', additionalProperties: false, required: ['format'], properties: { ...FILTERS, format: { title: 'Format', enum: ['jsonl', 'csv'] } } };

/** At most this many events go into one export (newest first). */
const EXPORT_MAX = 50_000;
const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

const time = (value: string, endOfDay: boolean): Date => {
  const d = new Date(DAY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new BadRequest({ en: `"${value}" is not a date.`, id: `"${value}" bukan tanggal.` });
  return DAY.test(value) && endOfDay ? new Date(d.getTime() + 86_400_000) : d;
};

/** The store filter of an audit query: the user by id or email, the day range, the page. */
export async function auditFilter(store: Store, q: Record<string, string | undefined>, limit: number): Promise<AuditFilter | null> {
  let userId = q.userId;
  if (q.user) {
    const user = q.user.includes('@') ? await store.users.findByEmail(q.user) : { id: q.user };
    if (!user) return null;
    userId = user.id;
  }
  const from = q.from ? time(q.from, false) : undefined;
  const to = q.to ? time(q.to, true) : undefined;
  if (from && to && from >= to) throw fieldRefused('query', AUDIT_QUERY, '/from', { en: 'is after To', id: 'jatuh setelah Sampai' });
  const before = q.before ? new Date(q.before) : to;
  return { userId, type: q.type, appId: q.app, from, before: to && before && to < before ? to : before, beforeId: q.before ? q.beforeId : undefined, limit };
}

const CSV_COLUMNS = ['at', 'type', 'userId', 'actor', 'ip', 'details'] as const;
/** One CSV field (RFC 4180), also defused for spreadsheets: a leading = + - @ would be read as a formula. */
const csvField = (value: string) => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const csvLine = (e: AuditEvent) => CSV_COLUMNS.map((c) => csvField(c === 'at' ? e.at.toISOString() : c === 'details' ? JSON.stringify(e.details) : (e[c] ?? ''))).join(',');

/** Admin API: the audit trail, filtered and paged, and its export as JSON lines or CSV. */
export function auditRouter(store: Store): RouteTable {
  const routes = new RouteTable();
  routes.get('/audit', { summary: "The audit trail, newest first, each event with its user's email, who acted and the names of the journey, app or organisation it refers to; filters: user (id or email), type, app, from/to; pages with before + beforeId", query: AUDIT_QUERY, permission: PERMISSIONS.auditRead }, async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const filter = await auditFilter(store, q, q.limit ? Number(q.limit) : 100);
    res.json(filter ? await resolveAuditEvents(store, await store.audit.list(filter)) : []);
  });
  routes.get('/audit/export', { summary: 'The audit trail as a file: JSON lines or CSV, newest first, same filters (at most 50,000 events)', query: EXPORT_QUERY, permission: PERMISSIONS.auditRead }, async (req: Request, res: Response) => {
    const q = req.query as Record<string, string | undefined>;
    const csv = q.format === 'csv';
    const filter = await auditFilter(store, q, 1000);
    res.set('Content-Disposition', `attachment; filename="audit.${csv ? 'csv' : 'jsonl'}"`).type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    const lines: string[] = csv ? [CSV_COLUMNS.join(',')] : [];
    let sent = 0;
    let page = filter ? await store.audit.list(filter) : [];
    while (page.length && sent < EXPORT_MAX) {
      for (const e of page.slice(0, EXPORT_MAX - sent)) lines.push(csv ? csvLine(e) : JSON.stringify(e));
      sent += page.length;
      const last = page[page.length - 1];
      page = page.length < 1000 ? [] : await store.audit.list({ ...filter!, before: last.at, beforeId: last.id });
    }
    await store.audit.record({ at: new Date(), type: 'audit.exported', userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { format: q.format, events: Math.min(sent, EXPORT_MAX), filter: { user: q.user ?? q.userId ?? null, type: q.type ?? null, app: q.app ?? null, from: q.from ?? null, to: q.to ?? null } } });
    res.send(lines.length ? `${lines.join('\n')}\n` : '');
  });
  return routes;
}

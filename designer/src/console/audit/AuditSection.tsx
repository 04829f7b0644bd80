import { useEffect, useState } from 'react';
import { call } from '../../api';
import { useLang, useTexts, type Texts } from '../i18n';
import { useCan } from '../me';
import { hrefOf } from '../route';
import { DataTable, Field, messageOf } from '../ui';
import { ActorCell, DetailsCell, EventTypeSelect, eventName, type AuditEvent } from './event-words';

interface AppSummary {
  id: string;
  name: string;
}

const en = {
  title: 'Audit log',
  user: 'User (email or ID)',
  userColumn: 'User',
  type: 'Event type',
  event: 'Event',
  app: 'App',
  anyApp: 'Any app',
  from: 'From',
  to: 'To',
  apply: 'Apply filters',
  clear: 'Clear',
  time: 'Time',
  by: 'By',
  details: 'Details',
  none: 'No events match.',
  older: 'Older events',
  newest: 'Newest events',
  exportJsonl: 'Export JSON lines',
  exportCsv: 'Export CSV',
  exported: 'Export downloaded',
  loading: 'Loading…',
};
const TEXTS: Texts<typeof en> = {
  en,
  id: {
    title: 'Log audit',
    user: 'Pengguna (email atau ID)',
    userColumn: 'Pengguna',
    type: 'Jenis peristiwa',
    event: 'Peristiwa',
    app: 'Aplikasi',
    anyApp: 'Semua aplikasi',
    from: 'Dari',
    to: 'Sampai',
    apply: 'Terapkan filter',
    clear: 'Hapus filter',
    time: 'Waktu',
    by: 'Oleh',
    details: 'Rincian',
    none: 'Tidak ada peristiwa yang cocok.',
    older: 'Peristiwa lebih lama',
    newest: 'Peristiwa terbaru',
    exportJsonl: 'Ekspor JSON lines',
    exportCsv: 'Ekspor CSV',
    exported: 'Ekspor diunduh',
    loading: 'Memuat…',
  },
};

type Filters = { user: string; type: string; app: string; from: string; to: string };
const EMPTY: Filters = { user: '', type: '', app: '', from: '', to: '' };
const query = (f: Filters, extra: Record<string, string> = {}) =>
  new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])), ...extra }).toString();

/** The Audit log section, in words: filter by user, event, app and days; page back in time; export what is filtered (as stored). */
export function AuditSection() {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const canSeeUsers = useCan('users:read');
  const canSeeApps = useCan('apps:read');
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [cursor, setCursor] = useState<{ before: string; beforeId: string } | null>(null);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [apps, setApps] = useState<AppSummary[]>([]);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const PAGE = 50;

  useEffect(() => {
    if (canSeeApps) call<AppSummary[]>('GET', '/apps').then(setApps, () => setApps([]));
  }, [canSeeApps]);
  useEffect(() => {
    setEvents(null);
    call<AuditEvent[]>('GET', `/audit?${query(applied, { limit: String(PAGE), ...(cursor ?? {}) })}`).then(
      (e) => (setEvents(e), setError('')),
      (e: unknown) => (setEvents([]), setError(messageOf(e))),
    );
  }, [applied, cursor]);

  const date = (iso: string) => new Date(iso).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  const download = async (format: 'jsonl' | 'csv') => {
    setError('');
    setNote('');
    const res = await fetch(`/api/audit/export?${query(applied, { format })}`, { credentials: 'same-origin' });
    if (!res.ok) return setError(((await res.json().catch(() => ({}))) as { message?: string }).message ?? `HTTP ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `audit.${format}` });
    a.click();
    URL.revokeObjectURL(url);
    setNote(`${t.exported}: audit.${format}`);
  };

  return (
    <section>
      <h1>{t.title}</h1>
      <form
        className="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          setCursor(null);
          setApplied(draft);
        }}
      >
        <Field label={t.user}>{(f) => <input id={f.id} value={draft.user} onChange={set('user')} autoComplete="off" />}</Field>
        <Field label={t.type}>{(f) => <EventTypeSelect id={f.id} value={draft.type} onChange={(type) => setDraft({ ...draft, type })} />}</Field>
        {canSeeApps ? (
          <Field label={t.app}>
            {(f) => (
              <select id={f.id} value={draft.app} onChange={set('app')}>
                <option value="">{t.anyApp}</option>
                {apps.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label={t.from}>{(f) => <input id={f.id} type="date" value={draft.from} onChange={set('from')} />}</Field>
        <Field label={t.to}>{(f) => <input id={f.id} type="date" value={draft.to} onChange={set('to')} />}</Field>
        <div className="hstack">
          <button type="submit" className="primary">
            {t.apply}
          </button>
          <button type="button" onClick={() => (setDraft(EMPTY), setCursor(null), setApplied(EMPTY))}>
            {t.clear}
          </button>
        </div>
      </form>
      <div className="hstack">
        <button type="button" onClick={() => void download('jsonl')}>
          {t.exportJsonl}
        </button>
        <button type="button" onClick={() => void download('csv')}>
          {t.exportCsv}
        </button>
        <span aria-live="polite" className="success-note">
          {note}
        </span>
      </div>
      {error && <p role="alert" className="problem">{error}</p>}
      <DataTable
        rows={events}
        rowKey={(e) => e.id}
        loading={t.loading}
        empty={t.none}
        columns={[
          { header: t.time, cell: (e) => date(e.at) },
          { header: t.event, cell: (e) => eventName(e.type, lang) },
          { header: t.userColumn, cell: (e) => (e.userId ? canSeeUsers ? <a href={hrefOf('users', e.userId)}>{e.userEmail ?? e.userId}</a> : (e.userEmail ?? e.userId) : '—') },
          { header: t.by, cell: (e) => <ActorCell event={e} /> },
          { header: t.details, cell: (e) => <DetailsCell event={e} /> },
        ]}
      />
      <div className="pager">
        {cursor && (
          <button type="button" onClick={() => setCursor(null)}>
            {t.newest}
          </button>
        )}
        {events && events.length === PAGE && (
          <button type="button" onClick={() => setCursor({ before: events[PAGE - 1].at, beforeId: events[PAGE - 1].id })}>
            {t.older}
          </button>
        )}
      </div>
    </section>
  );
}

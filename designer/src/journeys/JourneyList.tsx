import { useEffect, useState } from 'react';
import { api, ApiError, type FlowSummary, type FlowTemplate } from '../api';
import { useTexts, type Texts } from '../console/i18n';
import { hrefOf } from '../console/route';

const TEXTS: Texts<{
  title: string;
  live: string;
  notPublished: string;
  changes: string;
  newTitle: string;
  name: string;
  start: string;
  blank: string;
  advanced: string;
  id: string;
  create: string;
  open: string;
  rename: string;
  duplicate: string;
  remove: string;
  save: string;
  cancel: string;
  confirmDelete: string;
  copyOf: string;
  usedBy: string;
  insights: string;
}> = {
  en: {
    title: 'Journeys',
    live: 'Live: version {n}',
    notPublished: 'Not published',
    changes: 'unpublished changes',
    newTitle: 'New journey',
    name: 'Name',
    start: 'Start from',
    blank: 'Blank (email, then success)',
    advanced: 'Advanced',
    id: 'Id (in links and the API)',
    create: 'Create journey',
    open: 'Open',
    rename: 'Rename',
    duplicate: 'Duplicate',
    remove: 'Delete',
    save: 'Save name',
    cancel: 'Cancel',
    confirmDelete: 'Delete "{name}" and all its versions? This cannot be undone.',
    copyOf: '{name} (copy)',
    usedBy: 'Customers reach it at {link}',
    insights: 'Insights',
  },
  id: {
    title: 'Perjalanan',
    live: 'Aktif: versi {n}',
    notPublished: 'Belum diterbitkan',
    changes: 'ada perubahan belum diterbitkan',
    newTitle: 'Perjalanan baru',
    name: 'Nama',
    start: 'Mulai dari',
    blank: 'Kosong (email, lalu berhasil)',
    advanced: 'Lanjutan',
    id: 'Id (di tautan dan API)',
    create: 'Buat perjalanan',
    open: 'Buka',
    rename: 'Ganti nama',
    duplicate: 'Gandakan',
    remove: 'Hapus',
    save: 'Simpan nama',
    cancel: 'Batal',
    confirmDelete: 'Hapus "{name}" beserta semua versinya? Ini tidak dapat dibatalkan.',
    copyOf: '{name} (salinan)',
    usedBy: 'Pelanggan membukanya di {link}',
    insights: 'Wawasan',
  },
};

const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

/** The journeys: live version and unpublished changes at a glance; create, rename, duplicate, delete. */
export function JourneyList(props: { onOpen: (id: string) => void }) {
  const t = useTexts(TEXTS);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [templates, setTemplates] = useState<FlowTemplate[]>([]);
  const [error, setError] = useState('');
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [template, setTemplate] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  const reload = () =>
    api
      .flows()
      .then(setFlows)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void reload();
    api.flowTemplates().then(setTemplates, () => setTemplates([]));
  }, []);

  const attempt = async (op: () => Promise<unknown>) => {
    setError('');
    try {
      await op();
      await reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : (err as Error).message);
    }
  };

  return (
    <section className="flows" aria-labelledby="journeys-title">
      <h1 id="journeys-title">{t.title}</h1>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {flows.map((f) => (
          <li key={f.id} className="flow-row">
            {renaming?.id === f.id ? (
              <form
                className="hstack"
                onSubmit={(e) => {
                  e.preventDefault();
                  void attempt(async () => {
                    await api.describeFlow(f.id, { name: renaming.name });
                    setRenaming(null);
                  });
                }}
              >
                <label className="field">
                  <span>{t.name}</span>
                  <input value={renaming.name} onChange={(e) => setRenaming({ id: f.id, name: e.target.value })} required />
                </label>
                <button type="submit">{t.save}</button>
                <button type="button" onClick={() => setRenaming(null)}>
                  {t.cancel}
                </button>
              </form>
            ) : (
              <button type="button" className="flow-card" onClick={() => props.onOpen(f.id)} data-testid={`open-${f.id}`}>
                <strong>{f.name}</strong>
                <small>
                  {f.activeVersion ? fill(t.live, { n: f.activeVersion }) : t.notPublished}
                  {f.activeVersion && f.unpublishedChanges ? ` · ${t.changes}` : ''}
                </small>
                {f.description && <small>{f.description}</small>}
              </button>
            )}
            <div className="hstack row-actions">
              <a className="secondary-link" href={hrefOf('journeys', f.id, 'insights')} aria-label={`${t.insights}: ${f.name}`}>
                {t.insights}
              </a>
              <button type="button" onClick={() => setRenaming({ id: f.id, name: f.name })} aria-label={`${t.rename} ${f.name}`}>
                {t.rename}
              </button>
              <button
                type="button"
                aria-label={`${t.duplicate} ${f.name}`}
                onClick={() => void attempt(() => api.duplicateFlow(f.id, fill(t.copyOf, { name: f.name })))}
              >
                {t.duplicate}
              </button>
              <button
                type="button"
                aria-label={`${t.remove} ${f.name}`}
                onClick={() => {
                  if (window.confirm(fill(t.confirmDelete, { name: f.name }))) void attempt(() => api.deleteFlow(f.id));
                }}
              >
                {t.remove}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <form
        className="new-journey"
        aria-labelledby="new-journey-title"
        onSubmit={(e) => {
          e.preventDefault();
          void attempt(async () => {
            const created = await api.createFlow({ name, ...(id ? { id } : {}), ...(template ? { template } : {}) });
            props.onOpen(created.id);
          });
        }}
      >
        <h2 id="new-journey-title">{t.newTitle}</h2>
        <label className="field">
          <span>{t.name}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Sign up with 2FA" required />
        </label>
        <label className="field">
          <span>{t.start}</span>
          <select value={template} onChange={(e) => setTemplate(e.target.value)}>
            <option value="">{t.blank}</option>
            {templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.name}
              </option>
            ))}
          </select>
        </label>
        <details>
          <summary>{t.advanced}</summary>
          <label className="field">
            <span>{t.id}</span>
            <input value={id} onChange={(e) => setId(e.target.value.toLowerCase())} pattern="[a-z0-9][a-z0-9\-]*" />
          </label>
        </details>
        <button type="submit">{t.create}</button>
      </form>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { api, formProblems, type FlowSummary, type FlowTemplate } from '../api';
import { useLang, useTexts, type Texts } from '../console/i18n';
import { hrefOf } from '../console/route';
import { Field, ListTitle, messageOf } from '../console/ui';
import { useAsk } from '../AskDialog';

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
  deleteTitle: string;
  deleteWhat: string;
  deleteNow: string;
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
    deleteTitle: 'Delete the journey "{name}"?',
    deleteWhat: 'The journey and all its versions are deleted. This cannot be undone.',
    deleteNow: 'Delete journey',
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
    deleteTitle: 'Hapus perjalanan "{name}"?',
    deleteWhat: 'Perjalanan ini beserta semua versinya dihapus. Ini tidak dapat dibatalkan.',
    deleteNow: 'Hapus perjalanan',
    copyOf: '{name} (salinan)',
    usedBy: 'Pelanggan membukanya di {link}',
    insights: 'Wawasan',
  },
};

/** The new-journey form's fields, as the body it sends names them. */
const NEW_FIELDS = ['name', 'id', 'template'];

const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

/** The journeys: live version and unpublished changes at a glance; create, rename, duplicate, delete. */
export function JourneyList(props: { onOpen: (id: string) => void }) {
  const t = useTexts(TEXTS);
  const { dialog, ask } = useAsk();
  const lang = useLang();
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [templates, setTemplates] = useState<FlowTemplate[]>([]);
  const [error, setError] = useState('');
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [template, setTemplate] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  /** What the API refused of the form being sent, by field (`name`, `id`, `template`), said under each. */
  const [refused, setRefused] = useState<{ form: 'new' | 'rename'; fields: Record<string, string> } | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  /** The new journey's form, opened by the list's "New journey" action. */
  const [creating, setCreating] = useState(false);

  const reload = () =>
    api
      .flows()
      .then(setFlows)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void reload();
  }, []);
  // The templates' names and descriptions come in the console's language: asked again when it changes.
  useEffect(() => {
    api.flowTemplates(lang).then(setTemplates, () => setTemplates([]));
  }, [lang]);

  /**
   * Runs an action of the list, then shows the list as it is now. A refusal of one of the form's fields
   * goes under that field (`form` names the form); anything else is said above the list.
   */
  const attempt = async (op: () => Promise<unknown>, form?: { name: 'new' | 'rename'; fields: readonly string[] }) => {
    setError('');
    setRefused(null);
    try {
      await op();
      await reload();
    } catch (err) {
      if (!form) return setError(messageOf(err));
      const { fields, other } = formProblems(err, form.fields);
      setRefused({ form: form.name, fields });
      setError(other);
      // An id refused is under "Advanced": opened so the person sees why.
      if (fields.id) setAdvancedOpen(true);
    }
  };
  /**
   * Puts the created journey's form away, emptied. The list stays mounted when the address goes to the
   * journey and straight back (one render sees only the last hash): its "New journey" would otherwise
   * find the form still open and close it.
   */
  const closeNewJourney = () => {
    setCreating(false);
    setName('');
    setId('');
    setTemplate('');
    setAdvancedOpen(false);
  };
  const refusedIn = (form: 'new' | 'rename') => (refused?.form === form ? refused.fields : {});

  return (
    <section className="flows" aria-labelledby="journeys-title">
      <ListTitle id="journeys-title" title={t.title} create={{ label: t.newTitle, open: creating, onToggle: () => setCreating(!creating), controls: 'new-journey' }} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {creating && (
        <form
          id="new-journey"
          className="new-journey card"
          aria-labelledby="new-journey-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(
              async () => {
                const created = await api.createFlow({ name, ...(id ? { id } : {}), ...(template ? { template } : {}) }, lang);
                closeNewJourney();
                props.onOpen(created.id);
              },
              { name: 'new', fields: NEW_FIELDS },
            );
          }}
        >
          <h2 id="new-journey-title">{t.newTitle}</h2>
          <Field label={t.name} problem={refusedIn('new').name}>
            {(field) => (
              <input
                id={field.id}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="Sign up with 2FA"
                required
                autoFocus
                aria-describedby={field.describedBy}
                aria-invalid={field.invalid}
              />
            )}
          </Field>
          <Field label={t.start} problem={refusedIn('new').template}>
            {(field) => (
              <select id={field.id} value={template} onChange={(e) => setTemplate(e.target.value)} aria-describedby={field.describedBy} aria-invalid={field.invalid}>
                <option value="">{t.blank}</option>
                {templates.map((tpl) => (
                  <option key={tpl.id} value={tpl.id}>
                    {tpl.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <details open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
            <summary>{t.advanced}</summary>
            <Field label={t.id} problem={refusedIn('new').id}>
              {(field) => (
                <input
                  id={field.id}
                  value={id}
                  onChange={(e) => setId(e.target.value.toLowerCase())}
                  aria-describedby={field.describedBy}
                  aria-invalid={field.invalid}
                />
              )}
            </Field>
          </details>
          <button type="submit">{t.create}</button>
        </form>
      )}
      <ul>
        {flows.map((f) => (
          <li key={f.id} className="flow-row">
            {renaming?.id === f.id ? (
              <form
                className="hstack rename-journey"
                noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  void attempt(
                    async () => {
                      await api.describeFlow(f.id, { name: renaming.name });
                      setRenaming(null);
                    },
                    { name: 'rename', fields: ['name'] },
                  );
                }}
              >
                <Field label={t.name} problem={refusedIn('rename').name}>
                  {(field) => (
                    <input
                      id={field.id}
                      value={renaming.name}
                      onChange={(e) => setRenaming({ id: f.id, name: e.target.value })}
                      required
                      aria-describedby={field.describedBy}
                      aria-invalid={field.invalid}
                    />
                  )}
                </Field>
                <button type="submit">{t.save}</button>
                <button
                  type="button"
                  onClick={() => {
                    setRenaming(null);
                    setRefused(null);
                  }}
                >
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
              <button
                type="button"
                onClick={() => {
                  setRenaming({ id: f.id, name: f.name });
                  if (refused?.form === 'rename') setRefused(null);
                }}
                aria-label={`${t.rename} ${f.name}`}
              >
                {t.rename}
              </button>
              <button
                type="button"
                aria-label={`${t.duplicate} ${f.name}`}
                onClick={() => void attempt(() => api.duplicateFlow(f.id, fill(t.copyOf, { name: f.name }), lang))}
              >
                {t.duplicate}
              </button>
              <button
                type="button"
                aria-label={`${t.remove} ${f.name}`}
                onClick={async () => {
                  const answer = await ask({
                    title: fill(t.deleteTitle, { name: f.name }),
                    body: <p>{t.deleteWhat}</p>,
                    answers: [{ id: 'delete', label: t.deleteNow, tone: 'danger' }],
                    cancel: t.cancel,
                  });
                  if (answer === 'delete') void attempt(() => api.deleteFlow(f.id, lang));
                }}
              >
                {t.remove}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {dialog}
    </section>
  );
}

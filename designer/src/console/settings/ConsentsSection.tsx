import { useEffect, useState } from 'react';
import { CONSOLE_LANGUAGES, useLang, useTexts, type Texts } from '../i18n';
import { hrefOf, navigate } from '../route';
import { Confirm, DataTable, Field, RecordListPage } from '../ui';
import { useCan } from '../me';
import { problemOf, settingsApi, showRefusal, type Decision, type Purpose } from './api';

const TEXTS: Texts<Record<string, string>> = {
  en: {
    title: 'Consent purposes', intro: 'What people are asked to agree to. A changed text is a new version, asked again; journeys pick purposes from this list.', add: 'New purpose', none: 'No purpose yet.', loading: 'Loading…',
    id: 'Identifier', idHint: 'Lower-case letters, digits and dashes; journeys name the purpose by it.', name: 'Name ({lang})', text: 'Text people agree to ({lang})', required: 'Required: people cannot continue without agreeing', version: 'Version',
    save: 'Save purpose', saved: 'Saved as version {version}.', back: '← All purposes', usedBy: 'Used by', notUsed: 'No journey uses it.', published: 'published', draft: 'draft', answers: 'Answers',
    granted: 'agreed', refused: 'refused', history: 'Acceptance history', noAnswers: 'Nobody answered yet.', when: 'When', who: 'User', answer: 'Answer', where: 'Where',
    remove: 'Delete purpose', removeQ: 'Delete this purpose? The answers already given stay as proof.', cancel: 'Cancel', yes: 'Yes', no: 'No',
  },
  id: {
    title: 'Tujuan persetujuan', intro: 'Hal yang diminta untuk disetujui. Teks yang berubah menjadi versi baru dan ditanyakan lagi; perjalanan memilih tujuan dari daftar ini.', add: 'Tujuan baru', none: 'Belum ada tujuan.', loading: 'Memuat…',
    id: 'Pengenal', idHint: 'Huruf kecil, angka, dan tanda hubung; perjalanan menyebut tujuan dengan ini.', name: 'Nama ({lang})', text: 'Teks yang disetujui ({lang})', required: 'Wajib: orang tidak dapat melanjutkan tanpa setuju', version: 'Versi',
    save: 'Simpan tujuan', saved: 'Tersimpan sebagai versi {version}.', back: '← Semua tujuan', usedBy: 'Dipakai oleh', notUsed: 'Tidak ada perjalanan yang memakainya.', published: 'terbit', draft: 'draf', answers: 'Jawaban',
    granted: 'setuju', refused: 'menolak', history: 'Riwayat persetujuan', noAnswers: 'Belum ada yang menjawab.', when: 'Kapan', who: 'Pengguna', answer: 'Jawaban', where: 'Di mana',
    remove: 'Hapus tujuan', removeQ: 'Hapus tujuan ini? Jawaban yang sudah diberikan tetap disimpan sebagai bukti.', cancel: 'Batal', yes: 'Ya', no: 'Tidak',
  },
};

/** Consent purposes: the list (`#/consents`), a new one (`#/consents/new`), one (`#/consents/<id>`). */
export function ConsentsSection(props: { rest: string[] }) {
  const [id] = props.rest;
  if (!id) return <PurposeList />;
  return <PurposePage key={id} id={id === 'new' ? null : id} />;
}

/** A purpose's name in the console's language, else in English, else its id. */
const nameIn = (name: Partial<Record<string, string>> | undefined, lang: string, id: string) => name?.[lang] || name?.en || id;

function PurposeList() {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const canWrite = useCan('settings:write');
  return (
    <RecordListPage
      title={t.title}
      intro={t.intro}
      add={canWrite && { href: hrefOf('consents', 'new'), label: t.add }}
      load={() => settingsApi.purposes()}
      rowKey={(p) => p.id}
      loading={t.loading}
      empty={t.none}
      columns={[
        { header: t.name.replace(' ({lang})', ''), cell: (p) => <a href={hrefOf('consents', p.id)}>{nameIn(p.name, lang, p.id)}</a> },
        { header: t.version, cell: (p) => p.version },
        { header: t.required.split(':')[0], cell: (p) => (p.required ? t.yes : t.no) },
        { header: t.usedBy, cell: (p) => p.usedBy?.map((u) => u.journeyName).join(', ') || '—' },
      ]}
    />
  );
}

function PurposePage(props: { id: string | null }) {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const canWrite = useCan('settings:write');
  const canSeeAnswers = useCan('users:read');
  const [purpose, setPurpose] = useState<Purpose | null>(null);
  const [decisions, setDecisions] = useState<Decision[]>([]);
  const [id, setId] = useState(props.id ?? '');
  const [name, setName] = useState<Record<string, string>>({});
  const [text, setText] = useState<Record<string, string>>({});
  const [required, setRequired] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!props.id) return;
    settingsApi.purpose(props.id).then((p) => {
      setPurpose(p);
      setName(p.name);
      setText(p.text);
      setRequired(p.required);
    }, (e: unknown) => setStatus(problemOf(e).message));
    if (canSeeAnswers) settingsApi.decisions(props.id).then(setDecisions, () => setDecisions([]));
  }, [props.id]);

  const save = async () => {
    setProblems({});
    setStatus('');
    const clean = (v: Record<string, string>) => Object.fromEntries(Object.entries(v).filter(([, s]) => s.trim()).map(([k, s]) => [k, s.trim()]));
    try {
      const saved = await settingsApi.savePurpose(id.trim(), { name: clean(name), text: clean(text), required, version: purpose?.version ?? 0 });
      setPurpose({ ...saved, usedBy: purpose?.usedBy, tally: purpose?.tally });
      setStatus(t.saved.replace('{version}', String(saved.version)));
      if (!props.id) navigate('consents', saved.id);
    } catch (e) {
      showRefusal(e, ['id', ...CONSOLE_LANGUAGES.flatMap((l) => [`name.${l.code}`, `text.${l.code}`])], { problems: setProblems, status: setStatus });
    }
  };
  const remove = async () => {
    try {
      await settingsApi.deletePurpose(props.id!);
      navigate('consents');
    } catch (e) {
      setConfirming(false);
      setStatus(problemOf(e).message);
    }
  };

  return (
    <section>
      <p><a href={hrefOf('consents')}>{t.back}</a></p>
      <h1>{props.id ? nameIn(purpose?.name, lang, props.id) : t.add}</h1>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {!props.id && (
          <Field label={t.id} hint={t.idHint} problem={problems.id}>
            {({ id: inputId, describedBy, invalid }) => <input id={inputId} value={id} onChange={(e) => setId(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
        )}
        {CONSOLE_LANGUAGES.map((l) => (
          <fieldset key={l.code}>
            <legend>{l.name}</legend>
            <Field label={t.name.replace('{lang}', l.name)} problem={problems[`name.${l.code}`]}>
              {({ id: inputId, describedBy, invalid }) => <input id={inputId} lang={l.code} value={name[l.code] ?? ''} onChange={(e) => setName({ ...name, [l.code]: e.target.value })} aria-describedby={describedBy} aria-invalid={invalid} readOnly={!canWrite} />}
            </Field>
            <Field label={t.text.replace('{lang}', l.name)} problem={problems[`text.${l.code}`]}>
              {({ id: inputId, describedBy, invalid }) => <textarea id={inputId} lang={l.code} rows={3} value={text[l.code] ?? ''} onChange={(e) => setText({ ...text, [l.code]: e.target.value })} aria-describedby={describedBy} aria-invalid={invalid} readOnly={!canWrite} />}
            </Field>
          </fieldset>
        ))}
        <label className="check">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} disabled={!canWrite} />
          {t.required}
        </label>
        {canWrite && <button type="submit" className="primary">{t.save}</button>}
      </form>
      {status && <p role="status">{status}</p>}
      {purpose && (
        <>
          <p>{t.version}: {purpose.version}</p>
          <h2>{t.usedBy}</h2>
          {purpose.usedBy?.length ? (
            <ul>{purpose.usedBy.map((u) => <li key={u.journeyId}><a href={hrefOf('journeys', u.journeyId)}>{u.journeyName}</a> ({u.in === 'published' ? t.published : t.draft})</li>)}</ul>
          ) : <p>{t.notUsed}</p>}
          <h2>{t.answers}</h2>
          {purpose.tally?.length ? (
            <ul>{purpose.tally.map((x) => <li key={`${x.version}-${x.granted}`}>{t.version} {x.version}: {x.count} {x.granted ? t.granted : t.refused}</li>)}</ul>
          ) : <p>{t.noAnswers}</p>}
          {canSeeAnswers && decisions.length > 0 && (
            <>
              <h2>{t.history}</h2>
              <DataTable
                rows={decisions}
                rowKey={(_, i) => String(i)}
                loading={t.loading}
                columns={[
                  { header: t.when, cell: (d) => new Date(d.at).toLocaleString() },
                  { header: t.who, cell: (d) => <a href={hrefOf('users', d.userId)}>{d.userId}</a> },
                  { header: t.version, cell: (d) => d.version },
                  { header: t.answer, cell: (d) => (d.granted ? t.granted : t.refused) },
                  { header: t.where, cell: (d) => d.channel },
                ]}
              />
            </>
          )}
          {canWrite && (confirming ? (
            <Confirm question={t.removeQ} confirm={t.remove} cancel={t.cancel} onConfirm={() => void remove()} onCancel={() => setConfirming(false)} />
          ) : <button type="button" className="danger" onClick={() => setConfirming(true)}>{t.remove}</button>)}
        </>
      )}
    </section>
  );
}

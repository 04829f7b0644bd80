import { useEffect, useState } from 'react';
import { useTexts, type Texts } from '../i18n';
import { hrefOf, navigate } from '../route';
import { Confirm, RecordListPage, Field } from '../ui';
import { useCan } from '../me';
import { problemOf, settingsApi, showRefusal, type ApiSecret } from './api';

const TEXTS: Texts<Record<string, string>> = {
  en: {
    title: 'API secrets', intro: 'Keys and tokens your APIs expect. An HTTP request step sends one in a header as {{secret.name}}; the value is sealed and never shown again.', add: 'New secret', none: 'No secret yet.', loading: 'Loading…',
    name: 'Name', nameHint: 'Lower-case letters, digits and _; a header writes it as {{secret.name}}.', description: 'Description', value: 'Value', newValue: 'New value', valueHint: 'Stored sealed. It is never shown again.', keepHint: 'Leave empty to keep the stored value; it is never shown again.',
    updated: 'Last changed', save: 'Save secret', saved: 'Saved. The value is sealed and will not be shown again.', back: '← All secrets', usedBy: 'Used by', notUsed: 'No journey uses it.', published: 'published', draft: 'draft',
    usage: 'In a header of an HTTP request step: {usage}', remove: 'Delete secret', removeQ: 'Delete this secret? Journeys can no longer send it.', cancel: 'Cancel',
  },
  id: {
    title: 'Rahasia API', intro: 'Kunci dan token yang diminta API Anda. Langkah permintaan HTTP mengirimnya di header sebagai {{secret.name}}; nilainya disegel dan tidak pernah ditampilkan lagi.', add: 'Rahasia baru', none: 'Belum ada rahasia.', loading: 'Memuat…',
    name: 'Nama', nameHint: 'Huruf kecil, angka, dan _; header menuliskannya sebagai {{secret.name}}.', description: 'Keterangan', value: 'Nilai', newValue: 'Nilai baru', valueHint: 'Disimpan tersegel. Tidak pernah ditampilkan lagi.', keepHint: 'Kosongkan untuk mempertahankan nilai yang tersimpan; nilainya tidak pernah ditampilkan lagi.',
    updated: 'Terakhir diubah', save: 'Simpan rahasia', saved: 'Tersimpan. Nilainya disegel dan tidak akan ditampilkan lagi.', back: '← Semua rahasia', usedBy: 'Dipakai oleh', notUsed: 'Tidak ada perjalanan yang memakainya.', published: 'terbit', draft: 'draf',
    usage: 'Di header langkah permintaan HTTP: {usage}', remove: 'Hapus rahasia', removeQ: 'Hapus rahasia ini? Perjalanan tidak dapat lagi mengirimnya.', cancel: 'Batal',
  },
};

/** API secrets of the HTTP request steps: the list (`#/secrets`), a new one (`#/secrets/new`), one (`#/secrets/<name>`). */
export function ApiSecretsSection(props: { rest: string[] }) {
  const [name] = props.rest;
  if (!name) return <SecretList />;
  return <SecretPage key={name} name={name === 'new' ? null : name} />;
}

function SecretList() {
  const t = useTexts(TEXTS);
  const canWrite = useCan('settings:write');
  return (
    <RecordListPage
      title={t.title}
      intro={t.intro}
      add={canWrite && { href: hrefOf('secrets', 'new'), label: t.add }}
      load={() => settingsApi.apiSecrets()}
      rowKey={(s) => s.name}
      loading={t.loading}
      empty={t.none}
      columns={[
        { header: t.name, cell: (s) => <a href={hrefOf('secrets', s.name)}>{s.name}</a> },
        { header: t.description, cell: (s) => s.description || '—' },
        { header: t.updated, cell: (s) => new Date(s.updatedAt).toLocaleString() },
      ]}
    />
  );
}

function SecretPage(props: { name: string | null }) {
  const t = useTexts(TEXTS);
  const canWrite = useCan('settings:write');
  const [secret, setSecret] = useState<ApiSecret | null>(null);
  const [name, setName] = useState(props.name ?? '');
  const [description, setDescription] = useState('');
  const [value, setValue] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!props.name) return;
    settingsApi.apiSecret(props.name).then((s) => {
      setSecret(s);
      setDescription(s.description);
    }, (e: unknown) => setStatus(problemOf(e).message));
  }, [props.name]);

  const save = async () => {
    setProblems({});
    setStatus('');
    try {
      const saved = await settingsApi.saveApiSecret(name.trim(), { ...(value ? { value } : {}), description: description.trim(), revision: secret?.revision ?? 0 });
      // The value leaves the page once it is sealed.
      setValue('');
      setSecret({ ...saved, usedBy: secret?.usedBy ?? [] });
      setStatus(t.saved);
      if (!props.name) navigate('secrets', saved.name);
    } catch (e) {
      showRefusal(e, ['name', 'description', 'value'], { problems: setProblems, status: setStatus });
    }
  };
  const remove = async () => {
    try {
      await settingsApi.deleteApiSecret(props.name!);
      navigate('secrets');
    } catch (e) {
      setConfirming(false);
      setStatus(problemOf(e).message);
    }
  };

  return (
    <section>
      <p><a href={hrefOf('secrets')}>{t.back}</a></p>
      <h1>{props.name ?? t.add}</h1>
      {props.name && <p className="muted">{t.usage.replace('{usage}', `{{secret.${props.name}}}`)}</p>}
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {!props.name && (
          <Field label={t.name} hint={t.nameHint} problem={problems.name}>
            {({ id, describedBy, invalid }) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} required pattern="[a-z][a-z0-9_]{0,63}" autoComplete="off" />}
          </Field>
        )}
        <Field label={t.description} problem={problems.description}>
          {({ id, describedBy, invalid }) => <input id={id} value={description} maxLength={200} onChange={(e) => setDescription(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} readOnly={!canWrite} />}
        </Field>
        {canWrite && (
          <Field label={props.name ? t.newValue : t.value} hint={props.name ? t.keepHint : t.valueHint} problem={problems.value}>
            {({ id, describedBy, invalid }) => <input id={id} type="password" value={value} maxLength={4096} onChange={(e) => setValue(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} required={!props.name} autoComplete="new-password" spellCheck={false} />}
          </Field>
        )}
        {canWrite && <button type="submit" className="primary">{t.save}</button>}
      </form>
      {status && <p role="status">{status}</p>}
      {secret && (
        <>
          <h2>{t.usedBy}</h2>
          {secret.usedBy?.length ? (
            <ul>{secret.usedBy.map((u) => <li key={u.journeyId}><a href={hrefOf('journeys', u.journeyId)}>{u.journeyName}</a> ({u.in === 'published' ? t.published : t.draft}: {u.steps.join(', ')})</li>)}</ul>
          ) : <p>{t.notUsed}</p>}
          {canWrite && (confirming ? (
            <Confirm question={t.removeQ} confirm={t.remove} cancel={t.cancel} onConfirm={() => void remove()} onCancel={() => setConfirming(false)} />
          ) : <button type="button" className="danger" onClick={() => setConfirming(true)}>{t.remove}</button>)}
        </>
      )}
    </section>
  );
}

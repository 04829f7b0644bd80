import { useEffect, useState } from 'react';
import { useTexts, type Texts } from '../i18n';
import { hrefOf, navigate } from '../route';
import { Confirm, CopyValue, RecordListPage, Field } from '../ui';
import { useCan } from '../me';
import { problemOf, settingsApi, showRefusal, type ConnectionCheck, type ConnectionKind, type ConnectionView } from './api';

const TEXTS: Texts<Record<string, string>> = {
  en: {
    title: 'Social connections', intro: 'Let people sign in with Google or any OpenID Connect or OAuth2 provider. A journey\'s social step offers the connections defined here.',
    add: 'New connection', none: 'No connection yet.', loading: 'Loading…', name: 'Name', label: 'Button label', kind: 'Provider type', source: 'Defined in',
    google: 'Google', oidc: 'OpenID Connect provider (by issuer URL)', oauth2: 'OAuth2 provider (with a userinfo URL)', fromConsole: 'Console', fromEnv: 'Environment variables (read only)',
    nameHint: 'Lower-case letters, digits and dashes; part of the callback URL.', issuer: 'Issuer URL', discover: 'Find the provider', found: 'Found: sign-in at {auth}, tokens at {token}.',
    clientId: 'Client ID', clientSecret: 'Client secret', secretKept: 'Stored sealed. Leave empty to keep it.', authUrl: 'Authorization URL', tokenUrl: 'Token URL', userinfoUrl: 'Userinfo URL',
    googleHint: 'Only to point Google sign-in elsewhere; leave empty for Google itself.', trusted: 'Trust the email addresses this provider gives, even when it does not mark them verified',
    save: 'Save connection', saved: 'Saved.', callback: 'Callback URL to register at the provider', test: 'Test connection', testing: 'Testing…', testOk: 'The connection works.', testFailed: 'The connection does not work yet.',
    remove: 'Delete connection', removeQ: 'Delete this connection? Journeys can no longer offer it.', cancel: 'Cancel', back: '← All connections', usedBy: 'Used by', notUsed: 'No journey uses it.', readOnly: 'This connection comes from environment variables; change it there.',
    published: 'published', draft: 'draft',
  },
  id: {
    title: 'Koneksi sosial', intro: 'Izinkan orang masuk dengan Google atau penyedia OpenID Connect atau OAuth2 mana pun. Langkah sosial pada perjalanan menawarkan koneksi yang didefinisikan di sini.',
    add: 'Koneksi baru', none: 'Belum ada koneksi.', loading: 'Memuat…', name: 'Nama', label: 'Label tombol', kind: 'Jenis penyedia', source: 'Didefinisikan di',
    google: 'Google', oidc: 'Penyedia OpenID Connect (lewat URL penerbit)', oauth2: 'Penyedia OAuth2 (dengan URL userinfo)', fromConsole: 'Konsol', fromEnv: 'Variabel lingkungan (hanya baca)',
    nameHint: 'Huruf kecil, angka, dan tanda hubung; bagian dari URL callback.', issuer: 'URL penerbit', discover: 'Temukan penyedia', found: 'Ditemukan: masuk di {auth}, token di {token}.',
    clientId: 'ID klien', clientSecret: 'Rahasia klien', secretKept: 'Disimpan tersegel. Kosongkan untuk mempertahankannya.', authUrl: 'URL otorisasi', tokenUrl: 'URL token', userinfoUrl: 'URL userinfo',
    googleHint: 'Hanya untuk mengarahkan Google ke tempat lain; kosongkan untuk Google sendiri.', trusted: 'Percayai alamat email dari penyedia ini meskipun tidak ditandai terverifikasi',
    save: 'Simpan koneksi', saved: 'Tersimpan.', callback: 'URL callback untuk didaftarkan di penyedia', test: 'Uji koneksi', testing: 'Menguji…', testOk: 'Koneksi berfungsi.', testFailed: 'Koneksi belum berfungsi.',
    remove: 'Hapus koneksi', removeQ: 'Hapus koneksi ini? Perjalanan tidak dapat menawarkannya lagi.', cancel: 'Batal', back: '← Semua koneksi', usedBy: 'Dipakai oleh', notUsed: 'Tidak ada perjalanan yang memakainya.', readOnly: 'Koneksi ini berasal dari variabel lingkungan; ubah di sana.',
    published: 'terbit', draft: 'draf',
  },
};

/** Social connections: the list (`#/connections`), a new one (`#/connections/new`), one (`#/connections/<name>`). */
export function ConnectionsSection(props: { rest: string[] }) {
  const [name] = props.rest;
  if (!name) return <ConnectionList />;
  return <ConnectionPage key={name} name={name === 'new' ? null : name} />;
}

function ConnectionList() {
  const t = useTexts(TEXTS);
  const canWrite = useCan('settings:write');
  return (
    <RecordListPage
      title={t.title}
      intro={t.intro}
      add={canWrite && { href: hrefOf('connections', 'new'), label: t.add }}
      load={() => settingsApi.connections()}
      rowKey={(c) => c.name}
      loading={t.loading}
      empty={t.none}
      columns={[
        { header: t.label, cell: (c) => <a href={hrefOf('connections', c.name)}>{c.label}</a> },
        { header: t.name, cell: (c) => <code>{c.name}</code> },
        { header: t.kind, cell: (c) => t[c.kind] },
        { header: t.source, cell: (c) => (c.source === 'console' ? t.fromConsole : t.fromEnv) },
      ]}
    />
  );
}

interface Form {
  name: string;
  kind: ConnectionKind;
  label: string;
  clientId: string;
  clientSecret: string;
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  trusted: boolean;
}

const EMPTY: Form = { name: '', kind: 'oidc', label: '', clientId: '', clientSecret: '', issuer: '', authorizationUrl: '', tokenUrl: '', userinfoUrl: '', trusted: false };

function ConnectionPage(props: { name: string | null }) {
  const t = useTexts(TEXTS);
  const canWrite = useCan('settings:write');
  const [view, setView] = useState<ConnectionView | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [found, setFound] = useState('');
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!props.name) return;
    settingsApi.connection(props.name).then((c) => {
      setView(c);
      setForm({ name: c.name, kind: c.kind, label: c.label, clientId: c.clientId, clientSecret: '', issuer: c.issuer ?? '', authorizationUrl: c.authorizationUrl ?? '', tokenUrl: c.tokenUrl ?? '', userinfoUrl: c.userinfoUrl ?? '', trusted: c.trusted === true });
    }, (e: unknown) => setStatus(problemOf(e).message));
  }, [props.name]);
  const readOnly = !canWrite || view?.source === 'environment';
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const text = (k: keyof Form, label: string, opts: { hint?: string; type?: string } = {}) => (
    <Field label={label} hint={opts.hint} problem={problems[k]}>
      {({ id, describedBy, invalid }) => (
        <input id={id} type={opts.type ?? 'text'} value={String(form[k])} onChange={set(k)} aria-describedby={describedBy} aria-invalid={invalid} readOnly={readOnly} autoComplete="off" />
      )}
    </Field>
  );

  const save = async () => {
    setBusy(true);
    setProblems({});
    setStatus('');
    setCheck(null);
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    try {
      const saved = await settingsApi.saveConnection(form.name, {
        kind: form.kind,
        label: form.label,
        clientId: form.clientId,
        clientSecret: optional(form.clientSecret),
        issuer: form.kind === 'oidc' ? optional(form.issuer) : undefined,
        authorizationUrl: form.kind !== 'oidc' ? optional(form.authorizationUrl) : undefined,
        tokenUrl: form.kind !== 'oidc' ? optional(form.tokenUrl) : undefined,
        userinfoUrl: form.kind !== 'oidc' ? optional(form.userinfoUrl) : undefined,
        trusted: form.trusted,
        revision: view?.revision ?? 0,
      });
      setView({ ...saved, usedBy: view?.usedBy ?? [] });
      setForm({ ...form, clientSecret: '' });
      setStatus(t.saved);
      if (!props.name) navigate('connections', saved.name);
    } catch (e) {
      showRefusal(e, Object.keys(form), { problems: setProblems, status: setStatus });
    } finally {
      setBusy(false);
    }
  };
  const discover = async () => {
    setProblems({});
    setFound('');
    try {
      const d = await settingsApi.discover(form.issuer.trim());
      setFound(t.found.replace('{auth}', d.authorizationUrl).replace('{token}', d.tokenUrl));
    } catch (e) {
      setProblems({ issuer: problemOf(e).message });
    }
  };
  const test = async () => {
    if (!view) return;
    setBusy(true);
    setCheck(null);
    setProblems({});
    try {
      const result = await settingsApi.testConnection(view.name);
      setCheck(result);
      const failed = result.checks.find((c) => !c.ok);
      if (result.field && failed) setProblems({ [result.field]: failed.message });
    } catch (e) {
      setStatus(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!view) return;
    try {
      await settingsApi.deleteConnection(view.name);
      navigate('connections');
    } catch (e) {
      setConfirming(false);
      setStatus(problemOf(e).message);
    }
  };

  return (
    <section>
      <p><a href={hrefOf('connections')}>{t.back}</a></p>
      <h1>{props.name ? (view?.label ?? props.name) : t.add}</h1>
      {view?.source === 'environment' && <p className="muted">{t.readOnly}</p>}
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {!props.name && text('name', t.name, { hint: t.nameHint })}
        <Field label={t.kind} problem={problems.kind}>
          {({ id, describedBy }) => (
            <select id={id} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as ConnectionKind })} aria-describedby={describedBy} disabled={readOnly}>
              <option value="google">{t.google}</option>
              <option value="oidc">{t.oidc}</option>
              <option value="oauth2">{t.oauth2}</option>
            </select>
          )}
        </Field>
        {text('label', t.label)}
        {form.kind === 'oidc' && (
          <>
            {text('issuer', t.issuer, { type: 'url' })}
            {!readOnly && <p><button type="button" onClick={() => void discover()} disabled={!form.issuer.trim()}>{t.discover}</button></p>}
            {found && <p role="status">{found}</p>}
          </>
        )}
        {text('clientId', t.clientId)}
        {!readOnly && text('clientSecret', t.clientSecret, { type: 'password', hint: view ? t.secretKept : undefined })}
        {form.kind !== 'oidc' && (
          <>
            {text('authorizationUrl', t.authUrl, { type: 'url', hint: form.kind === 'google' ? t.googleHint : undefined })}
            {text('tokenUrl', t.tokenUrl, { type: 'url', hint: form.kind === 'google' ? t.googleHint : undefined })}
            {text('userinfoUrl', t.userinfoUrl, { type: 'url', hint: form.kind === 'google' ? t.googleHint : undefined })}
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={form.trusted} onChange={(e) => setForm({ ...form, trusted: e.target.checked })} disabled={readOnly} />
          {t.trusted}
        </label>
        {props.name && problems.name && <p className="problem" role="alert">{problems.name}</p>}
        {!readOnly && <button type="submit" className="primary" disabled={busy}>{t.save}</button>}
      </form>
      {status && <p role="status">{status}</p>}
      {view && (
        <>
          <CopyValue label={t.callback} value={view.callbackUrl} />
          {canWrite && <p><button type="button" onClick={() => void test()} disabled={busy}>{busy ? t.testing : t.test}</button></p>}
          {check && (
            <div role="status">
              <p><strong>{check.ok ? t.testOk : t.testFailed}</strong></p>
              <ul>{check.checks.map((c) => <li key={c.name}>{c.ok ? '✓' : '✗'} {c.message}</li>)}</ul>
            </div>
          )}
          <h2>{t.usedBy}</h2>
          {view.usedBy && view.usedBy.length > 0 ? (
            <ul>{view.usedBy.map((u) => <li key={u.journeyId}><a href={hrefOf('journeys', u.journeyId)}>{u.journeyName}</a> ({u.in === 'published' ? t.published : t.draft})</li>)}</ul>
          ) : <p>{t.notUsed}</p>}
          {canWrite && view.source === 'console' && (confirming ? (
            <Confirm question={t.removeQ} confirm={t.remove} cancel={t.cancel} onConfirm={() => void remove()} onCancel={() => setConfirming(false)} />
          ) : <button type="button" className="danger" onClick={() => setConfirming(true)}>{t.remove}</button>)}
        </>
      )}
    </section>
  );
}

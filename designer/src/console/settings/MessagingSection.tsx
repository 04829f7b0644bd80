import { useEffect, useState } from 'react';
import { languageName, useLang, useTexts, type Texts } from '../i18n';
import { Field } from '../ui';
import { useCan } from '../me';
import { problemOf, settingsApi, showRefusal, type MailView, type MessageTexts, type SmsView } from './api';

const TEXTS: Texts<Record<string, string>> = {
  en: {
    title: 'Mail and SMS', loading: 'Loading…', mailTitle: 'Outgoing mail', smsTitle: 'Text messages (SMS)', textsTitle: 'Message texts',
    sourceConsole: 'Mail goes through the server set here.', sourceEnvironment: 'Mail goes through the server of the environment variables until you set one here.', sourceOutbox: 'No mail server yet: mails are written to the outbox folder of the data directory.',
    smsConsole: 'Text messages go through the provider set here.', smsEnvironment: 'Text messages go through the provider of the environment variables until you set one here.', smsOutbox: 'No SMS provider yet: messages are written to the outbox folder.',
    host: 'Mail server', port: 'Port', portHint: '465 = TLS from the start; 587 upgrades with STARTTLS.', user: 'User name', password: 'Password', passwordKept: 'Stored sealed. Leave empty to keep it.', from: 'Sender',
    saveMail: 'Save mail settings', saved: 'Saved.', testTo: 'Send a test to', sendTestMail: 'Send test mail', testSent: 'Test sent to {to}.',
    apiUrl: 'SMS API URL', apiUrlHint: 'Gerbang posts JSON {"to", "text"} here.', apiToken: 'API token', tokenKept: 'Stored sealed. Leave empty to keep it.', saveSms: 'Save SMS settings', testNumber: 'Send a test SMS to', testNumberHint: 'International format, e.g. +6281234567890', sendTestSms: 'Send test SMS',
    language: 'Message language', message: 'Text', wording: 'Your wording', shipped: 'Shipped wording: {text}', placeholders: 'Placeholders you can use: {list}. Must keep: {required}.', none: 'none', preview: 'Preview', saveWording: 'Save wording', restore: 'Restore shipped wording', previewOf: 'Preview of',
    mCode: 'Mail with a code', mLink: 'Mail with a sign-in link', mChanged: 'Email changed notice', mAttacked: 'Many failed sign-ins notice', mSms: 'Text message with a code', subject: 'Subject',
  },
  id: {
    title: 'Email dan SMS', loading: 'Memuat…', mailTitle: 'Email keluar', smsTitle: 'Pesan teks (SMS)', textsTitle: 'Teks pesan',
    sourceConsole: 'Email dikirim lewat server yang diatur di sini.', sourceEnvironment: 'Email dikirim lewat server dari variabel lingkungan sampai Anda mengatur server di sini.', sourceOutbox: 'Belum ada server email: email ditulis ke folder outbox di direktori data.',
    smsConsole: 'SMS dikirim lewat penyedia yang diatur di sini.', smsEnvironment: 'SMS dikirim lewat penyedia dari variabel lingkungan sampai Anda mengaturnya di sini.', smsOutbox: 'Belum ada penyedia SMS: pesan ditulis ke folder outbox.',
    host: 'Server email', port: 'Port', portHint: '465 = TLS sejak awal; 587 beralih dengan STARTTLS.', user: 'Nama pengguna', password: 'Kata sandi', passwordKept: 'Disimpan tersegel. Kosongkan untuk mempertahankannya.', from: 'Pengirim',
    saveMail: 'Simpan pengaturan email', saved: 'Tersimpan.', testTo: 'Kirim uji ke', sendTestMail: 'Kirim email uji', testSent: 'Uji terkirim ke {to}.',
    apiUrl: 'URL API SMS', apiUrlHint: 'Gerbang mengirim JSON {"to", "text"} ke sini.', apiToken: 'Token API', tokenKept: 'Disimpan tersegel. Kosongkan untuk mempertahankannya.', saveSms: 'Simpan pengaturan SMS', testNumber: 'Kirim SMS uji ke', testNumberHint: 'Format internasional, mis. +6281234567890', sendTestSms: 'Kirim SMS uji',
    language: 'Bahasa pesan', message: 'Teks', wording: 'Kata-kata Anda', shipped: 'Kata-kata bawaan: {text}', placeholders: 'Penanda yang dapat dipakai: {list}. Wajib ada: {required}.', none: 'tidak ada', preview: 'Pratinjau', saveWording: 'Simpan kata-kata', restore: 'Kembalikan kata-kata bawaan', previewOf: 'Pratinjau',
    mCode: 'Email berisi kode', mLink: 'Email berisi tautan masuk', mChanged: 'Pemberitahuan email diubah', mAttacked: 'Pemberitahuan banyak upaya masuk gagal', mSms: 'SMS berisi kode', subject: 'Subjek',
  },
};

/** Mail and SMS: the servers (secrets sealed), "send a test", and the wording of messages per language. */
export function MessagingSection() {
  const t = useTexts(TEXTS);
  return (
    <section>
      <h1>{t.title}</h1>
      <MailSettings />
      <SmsSettings />
      <Wording />
    </section>
  );
}

function MailSettings() {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const canWrite = useCan('settings:write');
  const [view, setView] = useState<MailView | null>(null);
  const [form, setForm] = useState({ host: '', port: '587', user: '', password: '', from: '' });
  const [to, setTo] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const load = (v: MailView) => {
    setView(v);
    setForm({ host: v.host ?? '', port: String(v.port ?? 587), user: v.user ?? '', password: '', from: v.from });
  };
  useEffect(() => {
    settingsApi.mail().then(load, (e: unknown) => setStatus(problemOf(e).message));
  }, []);
  const fail = (e: unknown) => showRefusal(e, [...Object.keys(form), 'to'], { problems: setProblems, status: setStatus });
  const save = async () => {
    setProblems({});
    setStatus('');
    try {
      load(await settingsApi.saveMail({ host: form.host.trim(), port: Number(form.port), user: form.user.trim() || undefined, password: form.password || undefined, from: form.from.trim(), revision: view?.revision ?? 0 }));
      setStatus(t.saved);
    } catch (e) {
      fail(e);
    }
  };
  const test = async () => {
    setProblems({});
    setStatus('');
    try {
      await settingsApi.testMail(to.trim(), lang);
      setStatus(t.testSent.replace('{to}', to.trim()));
    } catch (e) {
      fail(e);
    }
  };
  const input = (k: keyof typeof form, label: string, opts: { type?: string; hint?: string; autoComplete?: string } = {}) => (
    <Field label={label} hint={opts.hint} problem={problems[k]}>
      {({ id, describedBy, invalid }) => <input id={id} type={opts.type ?? 'text'} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} aria-describedby={describedBy} aria-invalid={invalid} readOnly={!canWrite} autoComplete={opts.autoComplete ?? 'off'} />}
    </Field>
  );
  if (!view) return <p>{status || t.loading}</p>;
  return (
    <>
      <h2>{t.mailTitle}</h2>
      <p className="muted">{{ console: t.sourceConsole, environment: t.sourceEnvironment, outbox: t.sourceOutbox }[view.source]}</p>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {input('host', t.host)}
        {input('port', t.port, { type: 'number', hint: t.portHint })}
        {input('user', t.user)}
        {input('password', t.password, { type: 'password', hint: view.hasPassword ? t.passwordKept : undefined, autoComplete: 'new-password' })}
        {input('from', t.from)}
        {canWrite && <button type="submit" className="primary">{t.saveMail}</button>}
      </form>
      {canWrite && (
        <form onSubmit={(e) => { e.preventDefault(); void test(); }}>
          <Field label={t.testTo} problem={problems.to}>
            {({ id, describedBy, invalid }) => <input id={id} type="email" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <button type="submit" disabled={!to.trim()}>{t.sendTestMail}</button>
        </form>
      )}
      {status && <p role="status">{status}</p>}
    </>
  );
}

function SmsSettings() {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const canWrite = useCan('settings:write');
  const [view, setView] = useState<SmsView | null>(null);
  const [form, setForm] = useState({ apiUrl: '', apiToken: '' });
  const [to, setTo] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const load = (v: SmsView) => {
    setView(v);
    setForm({ apiUrl: v.apiUrl ?? '', apiToken: '' });
  };
  useEffect(() => {
    settingsApi.sms().then(load, (e: unknown) => setStatus(problemOf(e).message));
  }, []);
  const fail = (e: unknown) => showRefusal(e, ['apiUrl', 'apiToken', 'to'], { problems: setProblems, status: setStatus });
  if (!view) return null;
  return (
    <>
      <h2>{t.smsTitle}</h2>
      <p className="muted">{{ console: t.smsConsole, environment: t.smsEnvironment, outbox: t.smsOutbox }[view.source]}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setProblems({});
          setStatus('');
          settingsApi.saveSms({ apiUrl: form.apiUrl.trim(), apiToken: form.apiToken || undefined, revision: view.revision }).then((v) => (load(v), setStatus(t.saved)), fail);
        }}
      >
        <Field label={t.apiUrl} hint={t.apiUrlHint} problem={problems.apiUrl}>
          {({ id, describedBy, invalid }) => <input id={id} type="url" value={form.apiUrl} onChange={(e) => setForm({ ...form, apiUrl: e.target.value })} aria-describedby={describedBy} aria-invalid={invalid} readOnly={!canWrite} />}
        </Field>
        <Field label={t.apiToken} hint={view.hasToken ? t.tokenKept : undefined} problem={problems.apiToken}>
          {({ id, describedBy, invalid }) => <input id={id} type="password" value={form.apiToken} onChange={(e) => setForm({ ...form, apiToken: e.target.value })} aria-describedby={describedBy} aria-invalid={invalid} readOnly={!canWrite} autoComplete="new-password" />}
        </Field>
        {canWrite && <button type="submit" className="primary">{t.saveSms}</button>}
      </form>
      {canWrite && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setProblems({});
            setStatus('');
            settingsApi.testSms(to.trim(), lang).then(() => setStatus(t.testSent.replace('{to}', to.trim())), fail);
          }}
        >
          <Field label={t.testNumber} hint={t.testNumberHint} problem={problems.to}>
            {({ id, describedBy, invalid }) => <input id={id} type="tel" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <button type="submit" disabled={!to.trim()}>{t.sendTestSms}</button>
        </form>
      )}
      {status && <p role="status">{status}</p>}
    </>
  );
}

function Wording() {
  const t = useTexts(TEXTS);
  const consoleLang = useLang();
  const canWrite = useCan('settings:write');
  const [data, setData] = useState<MessageTexts | null>(null);
  // The messages' language starts as the console's: an Indonesian team rewords the Indonesian texts first.
  const [lang, setLang] = useState<string>(consoleLang);
  const [key, setKey] = useState('code.intro');
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState('');
  const [status, setStatus] = useState('');
  const [preview, setPreview] = useState<{ subject?: string; text: string } | null>(null);
  useEffect(() => {
    settingsApi.messageTexts().then(setData, (e: unknown) => setStatus(problemOf(e).message));
  }, []);
  const entry = data?.texts.find((x) => x.key === key);
  useEffect(() => {
    setDraft(entry ? (entry.custom[lang] ?? entry.shipped[lang] ?? '') : '');
    setProblem('');
    setPreview(null);
  }, [key, lang, data]);
  if (!data || !entry) return null;
  const message = entry.message;
  const showPreview = () => {
    setProblem('');
    settingsApi.previewMessage(message, lang, draft.trim() ? { [key]: draft } : {}).then(setPreview, (e: unknown) => setProblem(problemOf(e).message));
  };
  const save = (value: string | null) => {
    setProblem('');
    setStatus('');
    settingsApi.saveMessageTexts(lang, { [key]: value }, data.revision).then((d) => (setData(d), setStatus(t.saved)), (e: unknown) => setProblem(problemOf(e).message));
  };
  const list = (xs: string[]) => (xs.length ? xs.map((p) => `{${p}}`).join(', ') : t.none);
  const nameOf = (x: MessageTexts['texts'][number]) => x.name[consoleLang] ?? x.name.en ?? x.key;
  return (
    <>
      <h2>{t.textsTitle}</h2>
      <div className="settings-row">
        <Field label={t.language}>
          {({ id }) => (
            <select id={id} value={lang} onChange={(e) => setLang(e.target.value)}>
              {data.languages.map((l) => <option key={l} value={l}>{languageName(l)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t.message}>
          {({ id }) => (
            <select id={id} value={key} onChange={(e) => setKey(e.target.value)}>
              {[...data.texts]
                .sort((a, b) => nameOf(a).localeCompare(nameOf(b), consoleLang))
                .map((x) => <option key={x.key} value={x.key}>{nameOf(x)}</option>)}
            </select>
          )}
        </Field>
      </div>
      <Field label={t.wording} hint={`${t.shipped.replace('{text}', entry.shipped[lang] ?? '')} ${t.placeholders.replace('{list}', list(entry.placeholders)).replace('{required}', list(entry.required))}`} problem={problem}>
        {({ id, describedBy, invalid }) => <textarea id={id} rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} readOnly={!canWrite} />}
      </Field>
      <div className="settings-row">
        <button type="button" onClick={showPreview}>{t.preview}</button>
        {canWrite && <button type="button" className="primary" onClick={() => save(draft)}>{t.saveWording}</button>}
        {canWrite && entry.custom[lang] !== undefined && <button type="button" onClick={() => save(null)}>{t.restore}</button>}
      </div>
      {status && <p role="status">{status}</p>}
      {preview && (
        <figure className="message-preview" aria-label={t.previewOf}>
          {preview.subject && <p><strong>{t.subject}:</strong> {preview.subject}</p>}
          <pre>{preview.text}</pre>
        </figure>
      )}
    </>
  );
}

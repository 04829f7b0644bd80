import { useEffect, useState } from 'react';
import { useLang, useTexts, type Texts } from '../i18n';
import { Field } from '../ui';
import { useCan } from '../me';
import { call } from '../../api';
import { problemOf, settingsApi, showRefusal, type ContrastCheck, type ThemeInput } from './api';
import { PreviewFrame } from '../../PreviewFrame';
import { ColourField, isColourOrEmpty } from './ColourField';

const TEXTS: Texts<Record<string, string>> = {
  en: {
    title: 'Branding', intro: 'How the sign-in pages look. The global theme applies to every app; an app can override it.', appliesTo: 'Applies to', global: 'All apps (global theme)',
    name: 'Name shown', logo: 'Logo URL', logoHint: 'https:// address or a path on this server; empty: the name is shown.', primary: 'Primary colour', background: 'Background colour', text: 'Text colour',
    pickPrimary: 'Pick the primary colour', pickBackground: 'Pick the background colour', pickText: 'Pick the text colour', byDefault: 'Empty: {value}, the default.', notAColour: 'Write a colour as # and 3 or 6 hex digits, like #0f766e.', notSaved: 'Nothing saved: correct the colours marked above.',
    inherited: 'Empty: {value} from the global theme.', contrast: 'Contrast', ok: 'readable', poor: 'too low', save: 'Save branding', saved: 'Saved: people see it at their next page.', previewLang: 'Preview language', previewTitle: 'Preview of the sign-in page', loading: 'Loading…',
  },
  id: {
    title: 'Merek', intro: 'Tampilan halaman masuk. Tema global berlaku untuk semua aplikasi; aplikasi dapat menimpanya.', appliesTo: 'Berlaku untuk', global: 'Semua aplikasi (tema global)',
    name: 'Nama yang ditampilkan', logo: 'URL logo', logoHint: 'Alamat https:// atau jalur di server ini; kosong: nama yang ditampilkan.', primary: 'Warna utama', background: 'Warna latar', text: 'Warna teks',
    pickPrimary: 'Pilih warna utama', pickBackground: 'Pilih warna latar', pickText: 'Pilih warna teks', byDefault: 'Kosong: {value}, bawaan.', notAColour: 'Tulis warna dengan # dan 3 atau 6 digit heksadesimal, misalnya #0f766e.', notSaved: 'Tidak ada yang disimpan: perbaiki warna yang ditandai di atas.',
    inherited: 'Kosong: {value} dari tema global.', contrast: 'Kontras', ok: 'terbaca', poor: 'terlalu rendah', save: 'Simpan merek', saved: 'Tersimpan: orang melihatnya di halaman berikutnya.', previewLang: 'Bahasa pratinjau', previewTitle: 'Pratinjau halaman masuk', loading: 'Memuat…',
  },
};

type Key = 'name' | 'logoUrl' | 'primaryColor' | 'backgroundColor' | 'textColor';
const KEYS: Key[] = ['name', 'logoUrl', 'primaryColor', 'backgroundColor', 'textColor'];
type ColourKey = 'primaryColor' | 'backgroundColor' | 'textColor';
const COLOUR_KEYS: ColourKey[] = ['primaryColor', 'backgroundColor', 'textColor'];

interface AppSummary {
  id: string;
  name: string;
  type: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  flowId: string | null;
  branding: ThemeInput;
}

/** Branding: the global theme and each app's overrides, with contrast checks and a live preview of the real sign-in page. */
export function BrandingSection() {
  const t = useTexts(TEXTS);
  // The contrast checks name their colour pairs in the console's language: asked again when it changes.
  const consoleLang = useLang();
  const canWrite = useCan('settings:write');
  const canWriteApps = useCan('apps:write');
  const [apps, setApps] = useState<AppSummary[]>([]);
  const [target, setTarget] = useState('');
  const [revision, setRevision] = useState(0);
  const [globalTheme, setGlobalTheme] = useState<Record<Key, string> | null>(null);
  // The environment's theme: what an emptied field of the global theme falls back to.
  const [baseTheme, setBaseTheme] = useState<Record<Key, string> | null>(null);
  const [form, setForm] = useState<Record<Key, string>>({ name: '', logoUrl: '', primaryColor: '', backgroundColor: '', textColor: '' });
  // The preview starts in the console's language.
  const [previewLang, setPreviewLang] = useState<string>(consoleLang);
  const [preview, setPreview] = useState<{ html: string; contrast: ContrastCheck[] } | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');

  const fill = (b: ThemeInput) => setForm(Object.fromEntries(KEYS.map((k) => [k, b[k] ?? ''])) as Record<Key, string>);
  const loadGlobal = () =>
    settingsApi.branding().then((b) => {
      setRevision(b.revision);
      const fields = (theme: typeof b.theme) => ({ name: theme.name, logoUrl: theme.logoUrl ?? '', primaryColor: theme.primaryColor, backgroundColor: theme.backgroundColor, textColor: theme.textColor });
      setGlobalTheme(fields(b.theme));
      setBaseTheme(fields(b.base));
      return b;
    });
  useEffect(() => {
    loadGlobal().then((b) => fill(b.custom), (e: unknown) => setStatus(problemOf(e).message));
    call<AppSummary[]>('GET', '/apps').then((list) => setApps(list.filter((a) => a.type !== 'machine')), () => setApps([]));
  }, []);
  useEffect(() => {
    setProblems({});
    setStatus('');
    if (!target) void loadGlobal().then((b) => fill(b.custom));
    else fill(apps.find((a) => a.id === target)?.branding ?? {});
  }, [target]);
  const notColours = COLOUR_KEYS.some((k) => !isColourOrEmpty(form[k]));
  // The live preview follows what is typed (a moment after the last key); a text that is not a colour is told beside it instead.
  useEffect(() => {
    if (notColours) return;
    const theme = Object.fromEntries(KEYS.filter((k) => form[k].trim()).map((k) => [k, form[k].trim()])) as ThemeInput;
    const timer = setTimeout(() => {
      settingsApi.previewBranding(theme, previewLang, target || undefined).then(
        (p) => (setPreview(p), setProblems({})),
        (e: unknown) => showRefusal(e, KEYS, { problems: setProblems, status: () => undefined }, 'theme'),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [form, previewLang, target, consoleLang]);

  const save = async () => {
    setProblems({});
    setStatus('');
    if (notColours) return setStatus(t.notSaved);
    const custom = Object.fromEntries(KEYS.map((k) => [k, form[k].trim()])) as ThemeInput;
    try {
      if (!target) {
        const saved = await settingsApi.saveBranding({ ...custom, revision });
        setRevision(saved.revision);
      } else {
        const app = apps.find((a) => a.id === target)!;
        const branding = Object.fromEntries(Object.entries(custom).filter(([, v]) => v)) as ThemeInput;
        await call('PUT', `/apps/${encodeURIComponent(app.id)}`, { name: app.name, type: app.type, redirectUris: app.redirectUris, postLogoutRedirectUris: app.postLogoutRedirectUris, ...(app.flowId ? { flowId: app.flowId } : {}), branding });
        setApps(apps.map((a) => (a.id === app.id ? { ...a, branding } : a)));
      }
      setStatus(t.saved);
    } catch (e) {
      // An app's theme is the `branding` of the app it saves.
      showRefusal(e, KEYS, { problems: setProblems, status: setStatus }, target ? 'branding' : undefined);
    }
  };

  const failing = (preview?.contrast ?? []).filter((c) => !c.ok);
  // A colour people could not read on the preview: told beside the field to change.
  const contrastProblem = (k: Key) => failing.filter((c) => c.field === k).map((c) => `${c.what}: ${c.ratio}:1 (${t.poor}, ≥ ${c.minimum}:1)`).join('; ');
  const input = (k: Key, label: string, hint?: string) => {
    const inheritedHint = target && globalTheme ? t.inherited.replace('{value}', globalTheme[k] || '—') : undefined;
    const poor = contrastProblem(k);
    return (
      <Field label={label} hint={[hint, inheritedHint].filter(Boolean).join(' ') || undefined} problem={problems[k] ?? (poor || null)}>
        {({ id, describedBy, invalid }) => <input id={id} type="text" value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} aria-describedby={describedBy} aria-invalid={invalid} readOnly={!(target ? canWriteApps : canWrite)} />}
      </Field>
    );
  };
  const colour = (k: ColourKey, label: string, pickerLabel: string) => {
    const fallback = (target ? globalTheme?.[k] : baseTheme?.[k]) ?? '';
    const poor = contrastProblem(k);
    return (
      <ColourField
        label={label}
        pickerLabel={pickerLabel}
        value={form[k]}
        fallback={fallback}
        hint={(target ? t.inherited : t.byDefault).replace('{value}', fallback || '—')}
        problem={problems[k] ?? (poor || null)}
        invalidText={t.notAColour}
        readOnly={!(target ? canWriteApps : canWrite)}
        onChange={(value) => setForm((f) => ({ ...f, [k]: value }))}
      />
    );
  };
  if (!globalTheme) return <p>{status || t.loading}</p>;
  return (
    <section>
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      <Field label={t.appliesTo}>
        {({ id }) => (
          <select id={id} value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t.global}</option>
            {apps.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        )}
      </Field>
      <div className="branding-layout">
        <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
          {input('name', t.name)}
          {input('logoUrl', t.logo, t.logoHint)}
          {colour('primaryColor', t.primary, t.pickPrimary)}
          {colour('backgroundColor', t.background, t.pickBackground)}
          {colour('textColor', t.text, t.pickText)}
          {preview && (
            <div role="status" aria-label={t.contrast}>
              <strong>{t.contrast}</strong>
              <ul>{preview.contrast.map((c) => <li key={c.what}>{c.what}: {c.ratio}:1 — {c.ok ? t.ok : t.poor}</li>)}</ul>
            </div>
          )}
          {(target ? canWriteApps : canWrite) && <button type="submit" className="primary">{t.save}</button>}
          {status && <p role="status">{status}</p>}
        </form>
        <div>
          <Field label={t.previewLang}>
            {({ id }) => (
              <select id={id} value={previewLang} onChange={(e) => setPreviewLang(e.target.value)}>
                <option value="en">English</option>
                <option value="id">Bahasa Indonesia</option>
              </select>
            )}
          </Field>
          {preview && <PreviewFrame title={t.previewTitle} html={preview.html} className="branding-preview" />}
        </div>
      </div>
    </section>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api';
import { useTexts, type Texts } from '../i18n';
import { Field, messageOf, useAction } from '../ui';
import { CAPTCHA_PROVIDERS, protectionApi, type CaptchaKeys, type CaptchaProvider } from './api';

const TEXTS: Texts<{
  title: string;
  intro: string;
  siteKey: string;
  secret: string;
  secretKept: string;
  secretNew: string;
  verifyUrl: string;
  verifyUrlHint: string;
  save: string;
  saved: string;
  remove: string;
  removed: string;
  notSet: string;
  set: string;
}> = {
  en: {
    title: 'CAPTCHA providers',
    intro: 'The bot challenge step can ask a CAPTCHA instead of the self-hosted proof of work: choose the provider in the step\'s settings, and set its keys here. The secret is stored encrypted and never shown again.',
    siteKey: 'Site key',
    secret: 'Secret key',
    secretKept: 'Leave empty to keep the stored secret.',
    secretNew: 'Needed to check the answers with the provider.',
    verifyUrl: 'Verify API address (optional)',
    verifyUrlHint: "Only for an enterprise or regional endpoint; empty uses the provider's.",
    save: 'Save keys',
    saved: 'Keys saved.',
    remove: 'Remove keys',
    removed: 'Keys removed.',
    notSet: 'No keys set',
    set: 'Keys set',
  },
  id: {
    title: 'Penyedia CAPTCHA',
    intro: 'Langkah tantangan bot dapat meminta CAPTCHA sebagai ganti proof-of-work yang di-host sendiri: pilih penyedianya di pengaturan langkah, dan atur kuncinya di sini. Rahasia disimpan terenkripsi dan tidak pernah ditampilkan lagi.',
    siteKey: 'Kunci situs',
    secret: 'Kunci rahasia',
    secretKept: 'Kosongkan untuk mempertahankan rahasia yang tersimpan.',
    secretNew: 'Diperlukan untuk memeriksa jawaban dengan penyedia.',
    verifyUrl: 'Alamat API verifikasi (opsional)',
    verifyUrlHint: 'Hanya untuk endpoint enterprise atau regional; kosong memakai milik penyedia.',
    save: 'Simpan kunci',
    saved: 'Kunci disimpan.',
    remove: 'Hapus kunci',
    removed: 'Kunci dihapus.',
    notSet: 'Belum ada kunci',
    set: 'Kunci sudah diatur',
  },
};

/** One provider's keys: site key, secret (write-only) and an optional verify API address. */
function ProviderForm(props: { provider: CaptchaProvider; title: string; current: CaptchaKeys | undefined; onChanged: () => void }) {
  const t = useTexts(TEXTS);
  const [siteKey, setSiteKey] = useState(props.current?.siteKey ?? '');
  const [secret, setSecret] = useState('');
  const [verifyUrl, setVerifyUrl] = useState(props.current?.verifyUrl ?? '');
  const { act, busy, problem, refused, status } = useAction(() => {
    setSecret(''); // the secret leaves the page once it is sealed
    props.onChanged();
  });

  return (
    <form
      aria-label={props.title}
      onSubmit={(e) => {
        e.preventDefault();
        void act(() => protectionApi.saveCaptcha(props.provider, { siteKey: siteKey.trim(), ...(secret ? { secret } : {}), verifyUrl: verifyUrl.trim() || null }), t.saved, ['siteKey', 'secret', 'verifyUrl']);
      }}
    >
      <h3>
        {props.title} <span className="muted">({props.current ? t.set : t.notSet})</span>
      </h3>
      <Field label={t.siteKey} problem={refused.siteKey}>
        {(f) => <input id={f.id} value={siteKey} onChange={(e) => setSiteKey(e.target.value)} required spellCheck={false} autoComplete="off" aria-describedby={f.describedBy} aria-invalid={f.invalid} />}
      </Field>
      <Field label={t.secret} hint={props.current ? t.secretKept : t.secretNew} problem={refused.secret}>
        {(f) => <input id={f.id} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid} autoComplete="new-password" />}
      </Field>
      <Field label={t.verifyUrl} hint={t.verifyUrlHint} problem={refused.verifyUrl}>
        {(f) => <input id={f.id} type="url" value={verifyUrl} onChange={(e) => setVerifyUrl(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid} spellCheck={false} />}
      </Field>
      {problem && <p role="alert">{problem}</p>}
      {status && <p role="status">{status}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t.save}
        </button>
        {props.current && (
          <button type="button" disabled={busy} onClick={() => void act(() => protectionApi.removeCaptcha(props.provider), t.removed)}>
            {t.remove}
          </button>
        )}
      </div>
    </form>
  );
}

/** The CAPTCHA providers' keys; hidden for someone who may not read the settings. */
export function CaptchaSettings() {
  const t = useTexts(TEXTS);
  const [keys, setKeys] = useState<CaptchaKeys[] | null>(null);
  const [hidden, setHidden] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(() => {
    protectionApi.captcha().then(
      (r) => setKeys(r.providers),
      (e) => (e instanceof ApiError && e.status === 403 ? setHidden(true) : setProblem(messageOf(e))),
    );
  }, []);
  useEffect(load, [load]);
  if (hidden) return null;
  return (
    <>
      <h2>{t.title}</h2>
      <p className="muted">{t.intro}</p>
      {problem && <p role="alert">{problem}</p>}
      {keys &&
        CAPTCHA_PROVIDERS.map((p) => <ProviderForm key={p.id} provider={p.id} title={p.title} current={keys.find((k) => k.provider === p.id)} onChanged={load} />)}
    </>
  );
}

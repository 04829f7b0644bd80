import { useState } from 'react';
import { useTexts, type Texts } from '../i18n';
import { Field, useAction } from '../ui';
import { protectionApi, THRESHOLD_KEYS, type ProtectionSettings, type ThresholdsView } from './api';

type Labels = Record<keyof ProtectionSettings, string>;

const TEXTS: Texts<{ save: string; saved: string; reset: string; resetDone: string; fromConfiguration: string; changedBy: string } & Labels> = {
  en: {
    save: 'Save thresholds',
    saved: 'Thresholds saved. Every instance uses them within a few seconds.',
    reset: "Use the configuration's values",
    resetDone: "The configuration's values apply again.",
    fromConfiguration: 'configuration: {value}',
    changedBy: 'Last changed by {by}, {at}.',
    pairFailures: 'Wrong passwords or codes from one address before it is blocked for the account',
    pairBlockMinutes: 'Minutes that address stays blocked for the account',
    accountFailures: 'Failures on one account before it is slowed down (and its owner emailed)',
    addressFailures: 'Failures from one address before it is refused',
    windowMinutes: 'Window of the account and address counts (minutes)',
    botChallengeAfterFailures: 'Failures from one address before the bot challenge is asked',
    botChallengeDifficulty: 'Proof-of-work difficulty (largest number tried)',
  },
  id: {
    save: 'Simpan ambang batas',
    saved: 'Ambang batas disimpan. Setiap instans memakainya dalam beberapa detik.',
    reset: 'Pakai nilai konfigurasi',
    resetDone: 'Nilai konfigurasi berlaku lagi.',
    fromConfiguration: 'konfigurasi: {value}',
    changedBy: 'Terakhir diubah oleh {by}, {at}.',
    pairFailures: 'Kata sandi atau kode salah dari satu alamat sebelum alamat itu diblokir untuk akun',
    pairBlockMinutes: 'Menit alamat itu tetap diblokir untuk akun',
    accountFailures: 'Kegagalan pada satu akun sebelum akun diperlambat (dan pemiliknya diberi tahu)',
    addressFailures: 'Kegagalan dari satu alamat sebelum alamat itu ditolak',
    windowMinutes: 'Jendela hitungan akun dan alamat (menit)',
    botChallengeAfterFailures: 'Kegagalan dari satu alamat sebelum tantangan bot diminta',
    botChallengeDifficulty: 'Tingkat kesulitan proof-of-work (angka terbesar yang dicoba)',
  },
};

/** The thresholds as a form (for who may change the settings): saved for every instance, or reset to the configuration's. */
export function ThresholdsForm(props: { view: ThresholdsView; onChanged: () => void }) {
  const t = useTexts(TEXTS);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(THRESHOLD_KEYS.map((k) => [k, String(props.view.values[k])])));
  const { act, busy, problem, refused, status } = useAction(props.onChanged);

  const save = () =>
    act(() => protectionApi.saveThresholds({ ...(Object.fromEntries(THRESHOLD_KEYS.map((k) => [k, Number(values[k])])) as unknown as ProtectionSettings), revision: props.view.revision }), t.saved, THRESHOLD_KEYS);

  return (
    <form
      aria-label={t.save}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {THRESHOLD_KEYS.map((k) => (
        <Field key={k} label={t[k]} hint={t.fromConfiguration.replace('{value}', String(props.view.defaults[k]))} problem={refused[k]}>
          {(f) => <input id={f.id} type="number" inputMode="numeric" min={1} step={1} required value={values[k]} onChange={(e) => setValues({ ...values, [k]: e.target.value })} aria-describedby={f.describedBy} aria-invalid={f.invalid} />}
        </Field>
      ))}
      {props.view.updatedBy && props.view.updatedAt && <p className="muted">{t.changedBy.replace('{by}', props.view.updatedBy).replace('{at}', new Date(props.view.updatedAt).toLocaleString())}</p>}
      {problem && <p role="alert">{problem}</p>}
      {status && <p role="status">{status}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t.save}
        </button>
        {props.view.revision > 0 && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                await protectionApi.resetThresholds();
                setValues(Object.fromEntries(THRESHOLD_KEYS.map((k) => [k, String(props.view.defaults[k])])));
              }, t.resetDone)
            }
          >
            {t.reset}
          </button>
        )}
      </div>
    </form>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { useTexts, type Texts } from '../i18n';
import { Confirm, messageOf } from '../ui';
import { protectionApi, THRESHOLD_KEYS, type Block, type ProtectionSettings, type ThresholdsView } from './api';
import { CaptchaSettings } from './CaptchaSettings';
import { ThresholdsForm } from './ThresholdsForm';
import { useCan } from '../me';
import { RiskDecisions, type RiskRow } from './RiskDecisions';

const TEXTS: Texts<{
  title: string;
  intro: string;
  blocks: string;
  none: string;
  kind: string;
  account: string;
  address: string;
  failures: string;
  until: string;
  pair: string;
  blocked: string;
  challenged: string;
  slowed: string;
  unblock: string;
  action: string;
  unblockQuestion: string;
  cancel: string;
  unblocked: string;
  refresh: string;
  risk: string;
  riskIntro: string;
  thresholds: string;
  thresholdsIntro: string;
  pairFailures: string;
  pairBlockMinutes: string;
  accountFailures: string;
  addressFailures: string;
  windowMinutes: string;
  botChallengeAfterFailures: string;
  botChallengeDifficulty: string;
}> = {
  en: {
    title: 'Attack protection',
    intro: 'Failed sign-ins are counted per address and account, per account and per address, shared by every instance. Nothing here locks a customer out for everyone.',
    blocks: 'Blocked and slowed now',
    none: 'Nothing is blocked or slowed right now.',
    kind: 'What',
    account: 'Account',
    address: 'Address',
    failures: 'Failures',
    until: 'Until',
    pair: 'Address blocked for this account',
    blocked: 'Address refused (many accounts)',
    challenged: 'Address asked the bot challenge',
    slowed: 'Account slowed down',
    unblock: 'Unblock',
    action: 'Action',
    unblockQuestion: 'End this block now?',
    cancel: 'Cancel',
    unblocked: 'Unblocked.',
    refresh: 'Refresh',
    risk: 'Recent risk decisions',
    riskIntro: 'What the risk step of a journey decided, and why (newest first).',
    thresholds: 'Thresholds',
    thresholdsIntro: 'The same on every instance: the configuration\'s values unless changed here (the password step may set its own per-account limit).',
    pairFailures: 'Wrong passwords or codes from one address before it is blocked for the account',
    pairBlockMinutes: 'Minutes that address stays blocked for the account',
    accountFailures: 'Failures on one account before it is slowed down (and its owner emailed)',
    addressFailures: 'Failures from one address before it is refused',
    windowMinutes: 'Window of the account and address counts (minutes)',
    botChallengeAfterFailures: 'Failures from one address before the bot challenge is asked',
    botChallengeDifficulty: 'Proof-of-work difficulty (largest number tried)',
  },
  id: {
    title: 'Perlindungan serangan',
    intro: 'Upaya masuk gagal dihitung per alamat dan akun, per akun, dan per alamat, bersama untuk semua instans. Tidak ada yang mengunci pelanggan untuk semua orang.',
    blocks: 'Diblokir dan diperlambat saat ini',
    none: 'Saat ini tidak ada yang diblokir atau diperlambat.',
    kind: 'Apa',
    account: 'Akun',
    address: 'Alamat',
    failures: 'Gagal',
    until: 'Sampai',
    pair: 'Alamat diblokir untuk akun ini',
    blocked: 'Alamat ditolak (banyak akun)',
    challenged: 'Alamat diminta tantangan bot',
    slowed: 'Akun diperlambat',
    unblock: 'Buka blokir',
    action: 'Tindakan',
    unblockQuestion: 'Akhiri blokir ini sekarang?',
    cancel: 'Batal',
    unblocked: 'Blokir dibuka.',
    refresh: 'Muat ulang',
    risk: 'Keputusan risiko terbaru',
    riskIntro: 'Apa yang diputuskan langkah risiko dalam perjalanan, dan mengapa (terbaru dulu).',
    thresholds: 'Ambang batas',
    thresholdsIntro: 'Sama di setiap instans: nilai konfigurasi kecuali diubah di sini (langkah kata sandi dapat menetapkan batas per akunnya sendiri).',
    pairFailures: 'Kata sandi atau kode salah dari satu alamat sebelum alamat itu diblokir untuk akun',
    pairBlockMinutes: 'Menit alamat itu tetap diblokir untuk akun',
    accountFailures: 'Kegagalan pada satu akun sebelum akun diperlambat (dan pemiliknya diberi tahu)',
    addressFailures: 'Kegagalan dari satu alamat sebelum alamat itu ditolak',
    windowMinutes: 'Jendela hitungan akun dan alamat (menit)',
    botChallengeAfterFailures: 'Kegagalan dari satu alamat sebelum tantangan bot diminta',
    botChallengeDifficulty: 'Tingkat kesulitan proof-of-work (angka terbesar yang dicoba)',
  },
};


/** Blocked addresses and slowed accounts, with unblock, and the thresholds in force. */
export function ProtectionSection() {
  const t = useTexts(TEXTS);
  const [data, setData] = useState<{ settings: ProtectionSettings; thresholds: ThresholdsView; blocks: Block[] } | null>(null);
  const canChange = useCan('settings:write');
  const [problem, setProblem] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [risk, setRisk] = useState<RiskRow[] | null>(null);

  const load = useCallback(() => {
    protectionApi.get().then(setData, (e) => setProblem(messageOf(e)));
    protectionApi.risk().then((r) => setRisk(r.decisions), (e) => setProblem(messageOf(e)));
  }, []);
  useEffect(load, [load]);

  const unblock = async (key: string) => {
    setBusy(true);
    try {
      await protectionApi.unblock(key);
      setStatus(t.unblocked);
      setAsking(null);
      load();
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const what = (b: Block) => (b.kind === 'pair' ? t.pair : b.state === 'challenged' ? t.challenged : b.state === 'slowed' ? t.slowed : t.blocked);

  return (
    <section aria-labelledby="protection-title">
      <h1 id="protection-title">{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {problem && <p role="alert">{problem}</p>}
      {status && <p role="status">{status}</p>}
      <h2>{t.blocks}</h2>
      <button type="button" onClick={load}>
        {t.refresh}
      </button>
      {data && data.blocks.length === 0 && <p>{t.none}</p>}
      {data && data.blocks.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t.kind}</th>
              <th>{t.account}</th>
              <th>{t.address}</th>
              <th>{t.failures}</th>
              <th>{t.until}</th>
              <th>{t.action}</th>
            </tr>
          </thead>
          <tbody>
            {data.blocks.map((b) => (
              <tr key={b.key}>
                <td>{what(b)}</td>
                <td>{b.account ?? '—'}</td>
                <td>{b.address ?? '—'}</td>
                <td>{b.failures}</td>
                <td>{new Date(b.until).toLocaleString()}</td>
                <td>
                  {asking === b.key ? (
                    <Confirm question={t.unblockQuestion} confirm={t.unblock} cancel={t.cancel} busy={busy} onConfirm={() => void unblock(b.key)} onCancel={() => setAsking(null)} />
                  ) : (
                    <button type="button" aria-label={`${t.unblock}: ${[b.account, b.address].filter(Boolean).join(', ')}`} onClick={() => setAsking(b.key)}>
                      {t.unblock}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t.risk}</h2>
      <p className="muted">{t.riskIntro}</p>
      <RiskDecisions rows={risk} withAccount label={t.risk} />
      <h2>{t.thresholds}</h2>
      <p className="muted">{t.thresholdsIntro}</p>
      {data && canChange && <ThresholdsForm view={data.thresholds} onChanged={load} />}
      {data && !canChange && (
        <dl>
          {THRESHOLD_KEYS.map((k) => (
            <div key={k}>
              <dt>{t[k]}</dt>
              <dd>{data.settings[k]}</dd>
            </div>
          ))}
        </dl>
      )}
      <CaptchaSettings />
    </section>
  );
}

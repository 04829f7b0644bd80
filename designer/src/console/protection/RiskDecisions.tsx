import { useLang, useTexts, type Texts } from '../i18n';
import { hrefOf } from '../route';
import { DataTable } from '../ui';

/** A decision of the risk step: what the console reads from the audit trail (`risk.assessed`). */
export interface RiskRow {
  id: string;
  at: string;
  userId?: string | null;
  email?: string | null;
  ip: string | null;
  level: string;
  score: number;
  reasons: string[];
}

type Words = {
  when: string;
  account: string;
  address: string;
  risk: string;
  score: string;
  reasons: string;
  none: string;
  loading: string;
  noReason: string;
  low: string;
  medium: string;
  high: string;
  'new-browser': string;
  'new-network': string;
  'account-failures': string;
  'address-failures': string;
  'breached-password': string;
};

const TEXTS: Texts<Words> = {
  en: {
    when: 'When',
    account: 'Account',
    address: 'Address',
    risk: 'Risk',
    score: 'Score',
    reasons: 'Why',
    none: 'No risk checks yet.',
    loading: 'Loading…',
    noReason: 'Nothing unusual',
    low: 'Low',
    medium: 'Medium',
    high: 'High',
    'new-browser': 'a browser never used for this account',
    'new-network': 'a network never used for this account',
    'account-failures': 'several failed sign-ins on the account',
    'address-failures': 'several failed sign-ins from the address',
    'breached-password': 'a password known from data breaches',
  },
  id: {
    when: 'Waktu',
    account: 'Akun',
    address: 'Alamat',
    risk: 'Risiko',
    score: 'Skor',
    reasons: 'Alasan',
    none: 'Belum ada pemeriksaan risiko.',
    loading: 'Memuat…',
    noReason: 'Tidak ada yang aneh',
    low: 'Rendah',
    medium: 'Sedang',
    high: 'Tinggi',
    'new-browser': 'peramban yang belum pernah dipakai untuk akun ini',
    'new-network': 'jaringan yang belum pernah dipakai untuk akun ini',
    'account-failures': 'beberapa upaya masuk gagal pada akun',
    'address-failures': 'beberapa upaya masuk gagal dari alamat ini',
    'breached-password': 'kata sandi yang dikenal dari kebocoran data',
  },
};

/** The risk step's decisions in words: level, score and the reasons; with the account unless on its own page. */
export function RiskDecisions(props: { rows: RiskRow[] | null; withAccount: boolean; label: string }) {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const date = (iso: string) => new Date(iso).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const word = (key: string) => (key in t ? t[key as keyof Words] : key);
  return (
    <DataTable
      label={props.label}
      rows={props.rows}
      rowKey={(r) => r.id}
      loading={t.loading}
      empty={t.none}
      columns={[
        { header: t.when, cell: (r) => date(r.at) },
        props.withAccount && { header: t.account, cell: (r) => (r.userId && r.email ? <a href={hrefOf('users', r.userId)}>{r.email}</a> : '—') },
        { header: t.address, cell: (r) => r.ip ?? '—' },
        { header: t.risk, cell: (r) => <span className={`risk risk-${r.level}`}>{word(r.level)}</span> },
        { header: t.score, cell: (r) => r.score },
        { header: t.reasons, cell: (r) => (r.reasons.length ? r.reasons.map(word).join('; ') : t.noReason) },
      ]}
    />
  );
}

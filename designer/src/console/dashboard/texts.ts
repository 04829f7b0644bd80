import type { Texts } from '../i18n';

export const DASHBOARD_TEXTS: Texts<{
  title: string;
  from: string;
  to: string;
  csv: string;
  loading: string;
  badRange: string;
  totals: string;
  signups: string;
  signins: string;
  failures: string;
  lockouts: string;
  throttles: string;
  mfa: string;
  passkey: string;
  social: string;
  activity: string;
  security: string;
  adoption: string;
  adoptionHint: string;
  consent: string;
  consentHint: string;
  noConsent: string;
  purpose: string;
  given: string;
  refused: string;
  optIn: string;
  asTable: string;
  day: string;
  signupsBy: string;
  noActivity: string;
}> = {
  en: {
    title: 'Dashboard',
    from: 'From',
    to: 'To',
    csv: 'Download CSV',
    loading: 'Loading…',
    badRange: '"From" must not be after "To".',
    totals: 'In this period',
    signups: 'Sign-ups',
    signins: 'Sign-ins',
    failures: 'Failed sign-ins',
    lockouts: 'Lockouts',
    throttles: 'Throttled attempts',
    mfa: 'With a second factor',
    passkey: 'With a passkey',
    social: 'Through a social connection',
    activity: 'Sign-ups and sign-ins per day',
    security: 'Failures, lockouts and throttles per day',
    adoption: 'MFA, passkey and social share of sign-ins per day',
    adoptionHint: 'Share of the day\'s sign-ins.',
    consent: 'Consent opt-in per purpose per day',
    consentHint: 'Share of the decisions that gave consent.',
    noConsent: 'No consent decisions in this period.',
    purpose: 'Purpose',
    given: 'Given',
    refused: 'Refused',
    optIn: 'Opt-in',
    asTable: 'Show as a table',
    day: 'Day (UTC)',
    signupsBy: 'Sign-ups by method',
    noActivity: 'Nothing happened in this period yet.',
  },
  id: {
    title: 'Dasbor',
    from: 'Dari',
    to: 'Sampai',
    csv: 'Unduh CSV',
    loading: 'Memuat…',
    badRange: '"Dari" tidak boleh setelah "Sampai".',
    totals: 'Dalam periode ini',
    signups: 'Pendaftaran',
    signins: 'Masuk',
    failures: 'Gagal masuk',
    lockouts: 'Penguncian',
    throttles: 'Percobaan yang dibatasi',
    mfa: 'Dengan faktor kedua',
    passkey: 'Dengan passkey',
    social: 'Melalui koneksi sosial',
    activity: 'Pendaftaran dan masuk per hari',
    security: 'Kegagalan, penguncian, dan pembatasan per hari',
    adoption: 'Porsi MFA, passkey, dan sosial dari proses masuk per hari',
    adoptionHint: 'Porsi dari proses masuk hari itu.',
    consent: 'Persetujuan per tujuan per hari',
    consentHint: 'Porsi keputusan yang memberi persetujuan.',
    noConsent: 'Tidak ada keputusan persetujuan dalam periode ini.',
    purpose: 'Tujuan',
    given: 'Diberikan',
    refused: 'Ditolak',
    optIn: 'Setuju',
    asTable: 'Tampilkan sebagai tabel',
    day: 'Hari (UTC)',
    signupsBy: 'Pendaftaran menurut cara',
    noActivity: 'Belum ada aktivitas dalam periode ini.',
  },
};

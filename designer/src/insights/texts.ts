import type { Texts } from '../console/i18n';

/** The Insights view's texts, in the console's languages. */
export const INSIGHTS_TEXTS: Texts<{
  title: string;
  back: string;
  openDesigner: string;
  filters: string;
  version: string;
  allVersions: string;
  versionN: string;
  live: string;
  app: string;
  allApps: string;
  language: string;
  allLanguages: string;
  from: string;
  to: string;
  compare: string;
  noComparison: string;
  compareNeedsVersion: string;
  entered: string;
  left: string;
  dropped: string;
  endedHere: string;
  meanTime: string;
  largestDrop: string;
  people: string;
  started: string;
  completed: string;
  summary: string;
  whereTheyLeave: string;
  nobodyLeft: string;
  noRuns: string;
  loading: string;
  onlyIn: string;
  notInVersion: string;
  canvas: string;
  success: string;
  failure: string;
  abandoned: string;
  sameDays: string;
}> = {
  en: {
    title: 'Insights: {name}',
    back: '← Journeys',
    openDesigner: 'Open in the designer',
    filters: 'Filters',
    version: 'Version',
    allVersions: 'All versions',
    versionN: 'Version {n}',
    live: '(live)',
    app: 'App',
    allApps: 'All apps',
    language: 'Language',
    allLanguages: 'All languages',
    from: 'From',
    to: 'To',
    compare: 'Compare with',
    noComparison: 'No comparison',
    compareNeedsVersion: 'Choose a version to compare it with another.',
    entered: 'Entered',
    left: 'Left',
    dropped: 'Dropped',
    endedHere: 'Ended here',
    meanTime: 'Mean time on step',
    largestDrop: 'Largest drop-off',
    people: 'Who took it',
    started: 'Started',
    completed: 'Completed',
    summary: 'Summary',
    whereTheyLeave: 'Where people leave',
    nobodyLeft: 'Nobody left the journey before its end.',
    noRuns: 'No runs match these filters yet.',
    loading: 'Loading…',
    onlyIn: 'Steps only in {label}: {steps}',
    notInVersion: 'not in this version',
    canvas: 'The journey with its funnel',
    success: 'success',
    failure: 'failure',
    abandoned: 'abandoned',
    sameDays: 'The dates are UTC days; "From" must not be after "To".',
  },
  id: {
    title: 'Wawasan: {name}',
    back: '← Perjalanan',
    openDesigner: 'Buka di desainer',
    filters: 'Filter',
    version: 'Versi',
    allVersions: 'Semua versi',
    versionN: 'Versi {n}',
    live: '(aktif)',
    app: 'Aplikasi',
    allApps: 'Semua aplikasi',
    language: 'Bahasa',
    allLanguages: 'Semua bahasa',
    from: 'Dari',
    to: 'Sampai',
    compare: 'Bandingkan dengan',
    noComparison: 'Tanpa perbandingan',
    compareNeedsVersion: 'Pilih satu versi untuk membandingkannya dengan versi lain.',
    entered: 'Masuk',
    left: 'Keluar',
    dropped: 'Berhenti',
    endedHere: 'Berakhir di sini',
    meanTime: 'Rata-rata waktu di langkah',
    largestDrop: 'Paling banyak berhenti',
    people: 'Yang melaluinya',
    started: 'Mulai',
    completed: 'Selesai',
    summary: 'Ringkasan',
    whereTheyLeave: 'Di mana orang berhenti',
    nobodyLeft: 'Tidak ada yang berhenti sebelum akhir perjalanan.',
    noRuns: 'Belum ada proses yang cocok dengan filter ini.',
    loading: 'Memuat…',
    onlyIn: 'Langkah yang hanya ada di {label}: {steps}',
    notInVersion: 'tidak ada di versi ini',
    canvas: 'Perjalanan beserta corongnya',
    success: 'berhasil',
    failure: 'gagal',
    abandoned: 'ditinggalkan',
    sameDays: 'Tanggal dalam hari UTC; "Dari" tidak boleh setelah "Sampai".',
  },
};

export const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

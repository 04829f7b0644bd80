import type { Texts } from '../console/i18n';

/**
 * The settings form's own words (the fields' titles come from the step types' schemas). Kept apart
 * from the components so every control of the form reads from one dictionary per language.
 */
export const FORM_TEXTS: Texts<{
  choose: string;
  loading: string;
  missing: string;
  add: string;
  addPlain: string;
  addTo: string;
  remove: string;
  moveUp: string;
  moveDown: string;
  copy: string;
  removeRow: string;
  moveUpRow: string;
  moveDownRow: string;
  copyRow: string;
  row: string;
  translate: string;
  translateHint: string;
  inLanguage: string;
  olderField: string;
  followSchema: string;
  required: string;
  optional: string;
  opEquals: string;
  opNotEquals: string;
  opExists: string;
  opNotExists: string;
  opContains: string;
  opIn: string;
  opGreaterThan: string;
  opLessThan: string;
}> = {
  en: {
    choose: 'Choose…',
    loading: 'Loading…',
    missing: '{value} (does not exist)',
    add: 'Add {item}',
    addPlain: 'Add',
    addTo: 'Add to “{list}”',
    remove: 'Remove',
    moveUp: 'Move up',
    moveDown: 'Move down',
    copy: 'Copy',
    removeRow: 'Remove {row}',
    moveUpRow: 'Move up {row}',
    moveDownRow: 'Move down {row}',
    copyRow: 'Copy {row}',
    row: '{item} {n}',
    translate: 'Translate',
    translateHint: 'A language left empty shows the text above.',
    inLanguage: '{field} in {language}',
    olderField: 'This question was written into the step by an older version of the journey. New questions come from the identity schema.',
    followSchema: 'As the identity schema says',
    required: 'Required',
    optional: 'Optional',
    opEquals: 'is',
    opNotEquals: 'is not',
    opExists: 'has a value',
    opNotExists: 'has no value',
    opContains: 'contains',
    opIn: 'is one of',
    opGreaterThan: 'is more than',
    opLessThan: 'is less than',
  },
  id: {
    choose: 'Pilih…',
    loading: 'Memuat…',
    missing: '{value} (tidak ada)',
    add: 'Tambah {item}',
    addPlain: 'Tambah',
    addTo: 'Tambah ke “{list}”',
    remove: 'Hapus',
    moveUp: 'Naikkan',
    moveDown: 'Turunkan',
    copy: 'Salin',
    removeRow: 'Hapus {row}',
    moveUpRow: 'Naikkan {row}',
    moveDownRow: 'Turunkan {row}',
    copyRow: 'Salin {row}',
    row: '{item} {n}',
    translate: 'Terjemahkan',
    translateHint: 'Bahasa yang dikosongkan menampilkan teks di atas.',
    inLanguage: '{field} dalam {language}',
    olderField: 'Pertanyaan ini ditulis langsung di langkah oleh versi perjalanan yang lebih lama. Pertanyaan baru diambil dari skema identitas.',
    followSchema: 'Sesuai skema identitas',
    required: 'Wajib',
    optional: 'Opsional',
    opEquals: 'sama dengan',
    opNotEquals: 'tidak sama dengan',
    opExists: 'memiliki nilai',
    opNotExists: 'tidak memiliki nilai',
    opContains: 'memuat',
    opIn: 'salah satu dari',
    opGreaterThan: 'lebih dari',
    opLessThan: 'kurang dari',
  },
};

/** "Attribute to ask" -> "attribute to ask" inside a sentence; acronyms ("URL of…") keep their case. */
export function inSentence(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
}

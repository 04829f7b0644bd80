import type { DeliveryState, DomainEventType as EventType } from '../../../../engine/store/port/outbox.js';

/*
 * The words of webhook events, delivery states and receivers' answers in both console languages: pure
 * data and functions (no React), so the engine's tests check them against what the engine emits.
 */

/** Each event as a person reads it, with what it means; the keys are every event the engine emits. */
export const EVENT_WORDS: Record<EventType, Record<'en' | 'id', { label: string; hint: string }>> = {
  'user.created': {
    en: { label: 'A person signed up', hint: 'A new account, from a sign-up journey, an invitation or an import.' },
    id: { label: 'Seseorang mendaftar', hint: 'Akun baru, dari perjalanan pendaftaran, undangan, atau impor.' },
  },
  'user.signed_in': {
    en: { label: 'A person signed in', hint: 'Every completed sign-in, with the journey and the factors used.' },
    id: { label: 'Seseorang masuk', hint: 'Setiap proses masuk yang selesai, dengan perjalanan dan faktor yang dipakai.' },
  },
  'profile.updated': {
    en: { label: 'A person changed their profile', hint: 'Answers to profile questions, from a journey, the account page or the console.' },
    id: { label: 'Seseorang mengubah profilnya', hint: 'Jawaban pertanyaan profil, dari perjalanan, halaman akun, atau konsol.' },
  },
  'user.updated': {
    en: { label: 'A person changed their email address', hint: 'The account itself changed, such as a new verified email address.' },
    id: { label: 'Seseorang mengubah alamat emailnya', hint: 'Akunnya sendiri berubah, misalnya alamat email baru yang telah diverifikasi.' },
  },
  'consent.changed': {
    en: { label: 'A person gave or withdrew consent', hint: 'Agreeing to or refusing a consent purpose, with its version.' },
    id: { label: 'Seseorang memberi atau menarik persetujuan', hint: 'Menyetujui atau menolak tujuan persetujuan, beserta versinya.' },
  },
  'user.deleted': {
    en: { label: 'An account was deleted', hint: 'Only the account’s id is sent: remove the person from your systems too.' },
    id: { label: 'Sebuah akun dihapus', hint: 'Hanya id akun yang dikirim: hapus juga orang tersebut dari sistem Anda.' },
  },
};

/** The events in the order the form lists them (every key of EVENT_WORDS). */
export const EVENT_TYPES = Object.keys(EVENT_WORDS) as EventType[];

export const STATE_WORDS: Record<DeliveryState, Record<'en' | 'id', string>> = {
  pending: { en: 'Waiting to be sent', id: 'Menunggu dikirim' },
  delivered: { en: 'Delivered', id: 'Terkirim' },
  dead: { en: 'Failed (dead letter)', id: 'Gagal (dead letter)' },
};

const ANSWER_WORDS: Record<'en' | 'id', { redirected: string; noAnswer: string; cancelled: string; refused: string; notFound: string }> = {
  en: {
    redirected: 'redirected ({status}{to}); not followed',
    noAnswer: 'no answer within {seconds} s',
    cancelled: 'cancelled: the sender stopped',
    refused: 'the connection was refused ({code})',
    notFound: 'no such host ({code})',
  },
  id: {
    redirected: 'dialihkan ({status}{to}); tidak diikuti',
    noAnswer: 'tidak ada jawaban dalam {seconds} detik',
    cancelled: 'dibatalkan: pengirim berhenti',
    refused: 'koneksi ditolak ({code})',
    notFound: 'host tidak ditemukan ({code})',
  },
};

/**
 * What the receiver answered last, in the console's language: the relay records its status and a short
 * English reason (connectors/webhooks.ts); the known reasons are said in words, anything else as recorded.
 */
export function lastAnswerWords(d: { lastStatus: number | null; lastError: string | null }, lang: 'en' | 'id'): string {
  const w = ANSWER_WORDS[lang];
  const error = d.lastError;
  if (!error) return d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '—';
  const redirected = /^redirected \((\d+)(?: to (.+))?\); not followed$/.exec(error);
  if (redirected) return w.redirected.replace('{status}', redirected[1]).replace('{to}', redirected[2] ? ` → ${redirected[2]}` : '');
  const late = /^no answer within (\d+) s$/.exec(error);
  if (late) return w.noAnswer.replace('{seconds}', late[1]);
  if (error.startsWith('cancelled')) return w.cancelled;
  if (error === 'ECONNREFUSED' || error === 'ECONNRESET') return w.refused.replace('{code}', error);
  if (error === 'ENOTFOUND' || error === 'EAI_AGAIN') return w.notFound.replace('{code}', error);
  return error;
}

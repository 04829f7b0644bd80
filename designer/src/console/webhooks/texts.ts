import type { Texts } from '../i18n';
import type { DeliveryState, EventType } from './api';

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

type Key =
  | 'title' | 'intro' | 'add' | 'none' | 'loading' | 'back'
  | 'url' | 'urlHint' | 'description' | 'descriptionHint' | 'events' | 'eventsHint' | 'enabled' | 'enabledHint' | 'status' | 'on' | 'off'
  | 'lastDelivery' | 'noDelivery'
  | 'attributes' | 'attributesHint' | 'email' | 'release' | 'purposeOf' | 'always' | 'onlyWith'
  | 'create' | 'save' | 'saved' | 'cancel' | 'settingsTitle'
  | 'secretTitle' | 'secretOnce' | 'secretLabel' | 'secretKept' | 'rotate' | 'rotateQuestion' | 'rotateNow'
  | 'deliveries' | 'deliveriesIntro' | 'stateFilter' | 'allStates' | 'noDeliveries' | 'event' | 'state' | 'attemptOne' | 'attemptMany' | 'lastError' | 'created' | 'nextAttempt'
  | 'replay' | 'replayed' | 'refresh' | 'messageId'
  | 'remove' | 'removeQuestion' | 'removeNow';

export const WEBHOOK_TEXTS: Texts<Record<Key, string>> = {
  en: {
    title: 'Webhooks',
    intro: 'Tell your other systems (a CRM, a data warehouse) what happens: each endpoint receives the events you choose, signed per Standard Webhooks, and retried until it answers.',
    add: 'New endpoint',
    none: 'No endpoint yet.',
    loading: 'Loading…',
    back: '← All webhooks',
    url: 'Endpoint URL',
    urlHint: 'Where your system receives events: https (http only to localhost).',
    description: 'Description',
    descriptionHint: 'For your colleagues, e.g. "CRM contacts".',
    events: 'Events to send',
    eventsHint: 'Choose at least one.',
    enabled: 'Send events to this endpoint',
    enabledHint: 'Untick to pause: while paused, new events are not sent to it, not even later; deliveries already waiting are sent once it is on again.',
    status: 'Status',
    on: 'On',
    off: 'Paused',
    lastDelivery: 'Last delivery',
    noDelivery: 'Nothing sent yet',
    attributes: 'Details of the person it may receive',
    attributesHint: 'Only the details ticked here are sent. A detail tied to a consent purpose is sent only while the person agrees to it.',
    email: 'Email address',
    release: 'Send {attribute}',
    purposeOf: 'Consent needed for {attribute}',
    always: 'None: always send',
    onlyWith: 'Only with consent to: {purpose}',
    create: 'Create endpoint',
    save: 'Save changes',
    saved: 'Saved.',
    cancel: 'Cancel',
    settingsTitle: 'Settings',
    secretTitle: 'Signing secret',
    secretOnce: 'Copy the signing secret now and give it to the receiving system: it will not be shown again.',
    secretLabel: 'Signing secret',
    secretKept: 'The secret is stored encrypted and never shown again. Rotate it to issue a new one.',
    rotate: 'Rotate secret',
    rotateQuestion: 'The current secret stops signing at once: the receiving system must switch to the new one, or it will refuse the next events. Rotate it?',
    rotateNow: 'Rotate now',
    deliveries: 'Deliveries',
    deliveriesIntro: 'The newest first. A delivery that kept failing becomes a dead letter; replay it once the receiving system is fixed.',
    stateFilter: 'Show',
    allStates: 'All deliveries',
    noDeliveries: 'No delivery to show.',
    event: 'Event',
    state: 'State',
    attemptOne: '{count} attempt',
    attemptMany: '{count} attempts',
    lastError: 'Last answer',
    created: 'Happened',
    nextAttempt: 'next try {when}',
    replay: 'Replay',
    replayed: 'Sent again: the delivery is waiting to be sent.',
    refresh: 'Refresh',
    messageId: 'webhook-id {id}',
    remove: 'Delete endpoint',
    removeQuestion: 'Delete this endpoint and its deliveries? It receives no more events.',
    removeNow: 'Delete',
  },
  id: {
    title: 'Webhook',
    intro: 'Beri tahu sistem Anda yang lain (CRM, gudang data) apa yang terjadi: setiap endpoint menerima peristiwa yang Anda pilih, ditandatangani menurut Standard Webhooks, dan dicoba lagi sampai dijawab.',
    add: 'Endpoint baru',
    none: 'Belum ada endpoint.',
    loading: 'Memuat…',
    back: '← Semua webhook',
    url: 'URL endpoint',
    urlHint: 'Tempat sistem Anda menerima peristiwa: https (http hanya ke localhost).',
    description: 'Keterangan',
    descriptionHint: 'Untuk rekan kerja Anda, misalnya "Kontak CRM".',
    events: 'Peristiwa yang dikirim',
    eventsHint: 'Pilih setidaknya satu.',
    enabled: 'Kirim peristiwa ke endpoint ini',
    enabledHint: 'Hapus centang untuk menjeda: selama dijeda, peristiwa baru tidak dikirim ke endpoint ini, juga tidak nanti; pengiriman yang sudah menunggu dikirim setelah diaktifkan kembali.',
    status: 'Status',
    on: 'Aktif',
    off: 'Dijeda',
    lastDelivery: 'Pengiriman terakhir',
    noDelivery: 'Belum ada yang dikirim',
    attributes: 'Data orang yang boleh diterimanya',
    attributesHint: 'Hanya data yang dicentang di sini yang dikirim. Data yang terikat pada tujuan persetujuan hanya dikirim selama orang tersebut menyetujuinya.',
    email: 'Alamat email',
    release: 'Kirim {attribute}',
    purposeOf: 'Persetujuan yang diperlukan untuk {attribute}',
    always: 'Tidak ada: selalu kirim',
    onlyWith: 'Hanya dengan persetujuan: {purpose}',
    create: 'Buat endpoint',
    save: 'Simpan perubahan',
    saved: 'Tersimpan.',
    cancel: 'Batal',
    settingsTitle: 'Pengaturan',
    secretTitle: 'Rahasia penandatanganan',
    secretOnce: 'Salin rahasia penandatanganan sekarang dan berikan kepada sistem penerima: rahasia ini tidak akan ditampilkan lagi.',
    secretLabel: 'Rahasia penandatanganan',
    secretKept: 'Rahasia disimpan terenkripsi dan tidak pernah ditampilkan lagi. Rotasi untuk menerbitkan yang baru.',
    rotate: 'Rotasi rahasia',
    rotateQuestion: 'Rahasia saat ini langsung berhenti dipakai untuk menandatangani: sistem penerima harus beralih ke yang baru, atau akan menolak peristiwa berikutnya. Rotasi sekarang?',
    rotateNow: 'Rotasi sekarang',
    deliveries: 'Pengiriman',
    deliveriesIntro: 'Yang terbaru lebih dulu. Pengiriman yang terus gagal menjadi dead letter; putar ulang setelah sistem penerima diperbaiki.',
    stateFilter: 'Tampilkan',
    allStates: 'Semua pengiriman',
    noDeliveries: 'Tidak ada pengiriman untuk ditampilkan.',
    event: 'Peristiwa',
    state: 'Keadaan',
    attemptOne: '{count} percobaan',
    attemptMany: '{count} percobaan',
    lastError: 'Jawaban terakhir',
    created: 'Terjadi',
    nextAttempt: 'dicoba lagi {when}',
    replay: 'Putar ulang',
    replayed: 'Dikirim lagi: pengiriman menunggu untuk dikirim.',
    refresh: 'Muat ulang',
    messageId: 'webhook-id {id}',
    remove: 'Hapus endpoint',
    removeQuestion: 'Hapus endpoint ini beserta pengirimannya? Endpoint ini tidak lagi menerima peristiwa.',
    removeNow: 'Hapus',
  },
};

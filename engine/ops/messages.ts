/** Texts of the "temporarily unavailable" pages, merged into the hosted pages' catalogue. */
export const opsMessages: Record<string, Record<string, string>> = {
  en: {
    'unavailable.title': 'Temporarily unavailable',
    'unavailable.overloaded': 'Many people are signing in right now. Please try again in a few seconds.',
    'unavailable.store': 'We cannot save anything at the moment. Nothing was lost: try again in a little while and you continue where you were.',
    'unavailable.retry': 'Try again',
    'unavailable.protection': 'Signing in is paused for a moment to keep accounts safe: we cannot count failed attempts right now, so nothing was checked. Try again in a little while.',
  },
  id: {
    'unavailable.title': 'Sementara tidak tersedia',
    'unavailable.overloaded': 'Banyak orang sedang masuk saat ini. Silakan coba lagi dalam beberapa detik.',
    'unavailable.store': 'Kami tidak dapat menyimpan apa pun saat ini. Tidak ada yang hilang: coba lagi sebentar lagi dan Anda melanjutkan dari langkah terakhir.',
    'unavailable.retry': 'Coba lagi',
    'unavailable.protection': 'Proses masuk dijeda sebentar demi keamanan akun: kami tidak dapat menghitung percobaan gagal saat ini, jadi tidak ada yang diperiksa. Coba lagi sebentar lagi.',
  },
};

/** Texts of an attempt the sign-in throttles refused, shared by every step that checks a secret. */
export const protectionMessages = {
  en: {
    'protection.pair': 'Too many wrong attempts from your network for this account. Try again in {minutes} minutes.',
    'protection.account': 'This account has had many failed sign-ins, so it is slowed down to protect it. Wait {seconds} seconds and try again.',
    'protection.address': 'Too many failed sign-ins from your network. Try again in {minutes} minutes.',
  },
  id: {
    'protection.pair': 'Terlalu banyak percobaan salah dari jaringan Anda untuk akun ini. Coba lagi dalam {minutes} menit.',
    'protection.account': 'Akun ini mengalami banyak upaya masuk gagal, sehingga diperlambat untuk melindunginya. Tunggu {seconds} detik lalu coba lagi.',
    'protection.address': 'Terlalu banyak upaya masuk gagal dari jaringan Anda. Coba lagi dalam {minutes} menit.',
  },
};

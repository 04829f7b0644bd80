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

/** Texts of the "this wasn't me" page (from the new-device email), merged into the hosted pages' catalogue. */
export const notMeMessages: Record<string, Record<string, string>> = {
  en: {
    'notMe.title': 'This wasn\'t me',
    'notMe.intro': 'If someone else signed in to your account, we sign it out everywhere, in every app, and you choose a new password.',
    'notMe.confirm': 'Sign out everywhere',
    'notMe.done': 'Your account was signed out everywhere. Now choose a new password.',
    'notMe.invalid': 'This link has expired or was already used. You can still choose a new password.',
    'notMe.reset': 'Choose a new password',
  },
  id: {
    'notMe.title': 'Ini bukan saya',
    'notMe.intro': 'Jika orang lain masuk ke akun Anda, kami mengeluarkannya dari semua perangkat dan aplikasi, lalu Anda memilih kata sandi baru.',
    'notMe.confirm': 'Keluar dari semua perangkat',
    'notMe.done': 'Akun Anda telah dikeluarkan dari semua perangkat. Sekarang pilih kata sandi baru.',
    'notMe.invalid': 'Tautan ini sudah kedaluwarsa atau sudah dipakai. Anda tetap dapat memilih kata sandi baru.',
    'notMe.reset': 'Pilih kata sandi baru',
  },
};

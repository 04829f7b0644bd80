import { protectionMessages } from '../../protection/messages.js';

/** Texts of the authenticator-app factor (TOTP), per language. */
export const totpMessages = {
  en: {
    ...protectionMessages.en,
    'mfa.method.totp': 'an authenticator app',
    'totp.enroll.title': 'Set up an authenticator app',
    'totp.enroll.intro': 'Use an app such as Google Authenticator, Microsoft Authenticator or 1Password to get a new code every 30 seconds.',
    'totp.enroll.start': 'Set up an authenticator app',
    'totp.enroll.scan': 'Scan this code with your authenticator app, then enter the 6-digit code it shows.',
    'totp.enroll.qr': 'QR code for your authenticator app',
    'totp.enroll.manual': 'Cannot scan? Enter this key in the app:',
    'totp.enroll.confirm': 'Confirm',
    'totp.code': '6-digit code',
    'totp.name': 'Authenticator app',
    'totp.wrong': 'That code is not right, or was already used. Enter the current code from your app.',
    'totp.challenge.title': 'Enter your code',
    'totp.challenge.intro': 'Open your authenticator app and enter the 6-digit code.',
    'totp.challenge.verify': 'Verify',
  },
  id: {
    ...protectionMessages.id,
    'mfa.method.totp': 'aplikasi autentikator',
    'totp.enroll.title': 'Siapkan aplikasi autentikator',
    'totp.enroll.intro': 'Gunakan aplikasi seperti Google Authenticator, Microsoft Authenticator atau 1Password untuk mendapatkan kode baru setiap 30 detik.',
    'totp.enroll.start': 'Siapkan aplikasi autentikator',
    'totp.enroll.scan': 'Pindai kode ini dengan aplikasi autentikator Anda, lalu masukkan 6 digit kode yang ditampilkan.',
    'totp.enroll.qr': 'Kode QR untuk aplikasi autentikator Anda',
    'totp.enroll.manual': 'Tidak bisa memindai? Masukkan kunci ini di aplikasi:',
    'totp.enroll.confirm': 'Konfirmasi',
    'totp.code': 'Kode 6 digit',
    'totp.name': 'Aplikasi autentikator',
    'totp.wrong': 'Kode itu salah atau sudah dipakai. Masukkan kode terbaru dari aplikasi Anda.',
    'totp.challenge.title': 'Masukkan kode Anda',
    'totp.challenge.intro': 'Buka aplikasi autentikator Anda dan masukkan 6 digit kode.',
    'totp.challenge.verify': 'Verifikasi',
  },
};

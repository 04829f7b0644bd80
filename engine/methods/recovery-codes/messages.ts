import { protectionMessages } from '../../protection/messages.js';

/** Texts of recovery codes (using one, and the page that shows them once), per language. */
export const recoveryCodeMessages = {
  en: {
    ...protectionMessages.en,
    'mfa.method.recovery-codes': 'a recovery code',
    'recovery.name': 'Recovery codes',
    'recovery.title': 'Use a recovery code',
    'recovery.intro': 'Enter one of the recovery codes you saved. Each code works once.',
    'recovery.code': 'Recovery code',
    'recovery.wrong': 'That recovery code is not valid or was already used.',
    'recovery.fewLeft': 'Only {n} recovery codes left. Create new ones in your account.',
    'recovery.show.title': 'Save your recovery codes',
    'recovery.show.intro': 'If you lose your phone, each of these codes lets you in once. They are shown only now: keep them somewhere safe.',
    'recovery.show.saved': 'I have saved them',
    'recovery.verify': 'Verify',
  },
  id: {
    ...protectionMessages.id,
    'mfa.method.recovery-codes': 'kode pemulihan',
    'recovery.name': 'Kode pemulihan',
    'recovery.title': 'Gunakan kode pemulihan',
    'recovery.intro': 'Masukkan salah satu kode pemulihan yang Anda simpan. Setiap kode hanya berlaku sekali.',
    'recovery.code': 'Kode pemulihan',
    'recovery.wrong': 'Kode pemulihan itu tidak valid atau sudah dipakai.',
    'recovery.fewLeft': 'Tinggal {n} kode pemulihan. Buat yang baru di akun Anda.',
    'recovery.show.title': 'Simpan kode pemulihan Anda',
    'recovery.show.intro': 'Jika ponsel Anda hilang, setiap kode ini memungkinkan Anda masuk satu kali. Kode hanya ditampilkan sekarang: simpan di tempat aman.',
    'recovery.show.saved': 'Sudah saya simpan',
    'recovery.verify': 'Verifikasi',
  },
};

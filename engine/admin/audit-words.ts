import type { Language } from '../languages.js';

/**
 * The audit log in words: what each recorded event type means, what its details are called and what
 * the sign-in methods are, in every language of the console. Pure data, read by the console (compiled
 * in, so switching language needs no request) and kept beside the engine that records the events: a
 * unit test reads every type recorded in the engine's source and fails when one has no words here.
 * The codes themselves stay what the store, the exports and the SIEM stream carry.
 */
export type Words = Record<Language, string>;

/** The console's groups of event types (the filter's sections), in the order they are offered. */
export const AUDIT_EVENT_GROUPS = {
  signin: { en: 'Sign-in', id: 'Masuk' },
  account: { en: 'Accounts', id: 'Akun' },
  protection: { en: 'Attack protection', id: 'Perlindungan serangan' },
  admins: { en: 'Administrators', id: 'Administrator' },
  apps: { en: 'Apps', id: 'Aplikasi' },
  journeys: { en: 'Journeys', id: 'Perjalanan' },
  organisations: { en: 'Organisations', id: 'Organisasi' },
  settings: { en: 'Settings', id: 'Pengaturan' },
} as const satisfies Record<string, Words>;
export type AuditEventGroup = keyof typeof AUDIT_EVENT_GROUPS;

export interface AuditEventWords extends Words {
  group: AuditEventGroup;
}

const event = (group: AuditEventGroup, en: string, id: string): AuditEventWords => ({ group, en, id });

/** Every event type the engine records, described. */
export const AUDIT_EVENT_WORDS: Record<string, AuditEventWords> = {
  signin: event('signin', 'Successful sign-in', 'Berhasil masuk'),
  'signin.failed': event('signin', 'Failed sign-in (wrong password)', 'Gagal masuk (kata sandi salah)'),
  'signin.blocked': event('signin', 'Sign-in refused: account blocked', 'Masuk ditolak: akun diblokir'),
  'signin.throttled': event('signin', 'Sign-in paused after too many attempts', 'Masuk dijeda setelah terlalu banyak percobaan'),
  'signin.new-device': event('signin', 'Sign-in from a new device', 'Masuk dari perangkat baru'),
  'signin.disowned': event('signin', 'Sign-in reported as "not me"', 'Masuk dilaporkan sebagai "bukan saya"'),
  signup: event('signin', 'Account created (sign-up)', 'Akun dibuat (pendaftaran)'),
  'mfa.failed': event('signin', 'Wrong second-factor code', 'Kode faktor kedua salah'),
  'mfa.remembered': event('signin', 'Second factor remembered on this browser', 'Faktor kedua diingat di peramban ini'),
  'mfa.browser-remembered': event('signin', 'Browser remembered after a second factor', 'Peramban diingat setelah faktor kedua'),
  'assurance.step-up': event('signin', 'Extra verification required (step-up)', 'Verifikasi tambahan diperlukan (step-up)'),
  'risk.assessed': event('signin', 'Sign-in risk assessed', 'Risiko masuk dinilai'),
  'organisation.chosen': event('signin', 'Organisation chosen at sign-in', 'Organisasi dipilih saat masuk'),

  'profile.updated': event('account', 'Profile updated', 'Profil diperbarui'),
  'password.changed': event('account', 'Password changed', 'Kata sandi diubah'),
  'password.breached': event('account', 'Password found in a data breach', 'Kata sandi ditemukan dalam kebocoran data'),
  'email.verified': event('account', 'Email address verified', 'Alamat email diverifikasi'),
  'email.changed': event('account', 'Email address changed', 'Alamat email diubah'),
  'email.change-undone': event('account', 'Email change undone', 'Perubahan email dibatalkan'),
  'verification.sent': event('account', 'Verification email sent', 'Email verifikasi dikirim'),
  'factor.added': event('account', 'Second factor added', 'Faktor kedua ditambahkan'),
  'factor.removed': event('account', 'Sign-in method removed', 'Metode masuk dihapus'),
  'factors.reset': event('account', 'Second factors reset', 'Faktor kedua diatur ulang'),
  'identity.linked': event('account', 'Social account linked', 'Akun sosial ditautkan'),
  'identity.unlinked': event('account', 'Social account unlinked', 'Tautan akun sosial dilepas'),
  'identity.removed': event('account', 'Unverified social link removed', 'Tautan akun sosial yang belum terverifikasi dihapus'),
  'session.revoked': event('account', 'Session signed out', 'Sesi dikeluarkan'),
  'sessions.revoked': event('account', 'All sessions signed out', 'Semua sesi dikeluarkan'),
  'consent.changed': event('account', 'Consent changed', 'Persetujuan diubah'),
  'account.blocked': event('account', 'Account blocked', 'Akun diblokir'),
  'account.unblocked': event('account', 'Account unblocked', 'Blokir akun dibuka'),
  'account.unlocked': event('account', 'Account unlocked', 'Kunci akun dibuka'),
  'account.exported': event('account', 'Account data exported', 'Data akun diekspor'),
  'account.deleted': event('account', 'Account deleted', 'Akun dihapus'),

  'bot.passed': event('protection', 'Bot check passed', 'Pemeriksaan bot lolos'),
  'bot.challenged': event('protection', 'Bot check not passed', 'Pemeriksaan bot tidak lolos'),
  'protection.unblocked': event('protection', 'Throttle lifted', 'Pembatasan dicabut'),
  'protection.thresholds-changed': event('protection', 'Protection thresholds changed', 'Ambang perlindungan diubah'),
  'protection.thresholds-reset': event('protection', 'Protection thresholds reset', 'Ambang perlindungan dikembalikan'),
  'protection.captcha-saved': event('protection', 'CAPTCHA settings saved', 'Pengaturan CAPTCHA disimpan'),
  'protection.captcha-removed': event('protection', 'CAPTCHA removed', 'CAPTCHA dihapus'),

  'admin.invited': event('admins', 'Administrator invited', 'Administrator diundang'),
  'admin.invitation.accepted': event('admins', 'Administrator invitation accepted', 'Undangan administrator diterima'),
  'admin.roles.changed': event('admins', "Administrator's role changed", 'Peran administrator diubah'),
  'admin.removed': event('admins', 'Administrator removed', 'Administrator dihapus'),
  'audit.exported': event('admins', 'Audit log exported', 'Log audit diekspor'),

  'app.created': event('apps', 'App created', 'Aplikasi dibuat'),
  'app.updated': event('apps', 'App updated', 'Aplikasi diperbarui'),
  'app.deleted': event('apps', 'App deleted', 'Aplikasi dihapus'),
  'app.secret.rotated': event('apps', 'App secret rotated', 'Rahasia aplikasi diganti'),
  'app.permissions.saved': event('apps', 'App permissions saved', 'Izin aplikasi disimpan'),
  'oidc.keys.rotated': event('apps', 'Signing keys rotated', 'Kunci penandatanganan diganti'),

  'flow.created': event('journeys', 'Journey created', 'Perjalanan dibuat'),
  'flow.renamed': event('journeys', 'Journey renamed', 'Perjalanan diganti namanya'),
  'flow.duplicated': event('journeys', 'Journey duplicated', 'Perjalanan diduplikasi'),
  'flow.deleted': event('journeys', 'Journey deleted', 'Perjalanan dihapus'),
  'flow.published': event('journeys', 'Journey published', 'Perjalanan diterbitkan'),
  'flow.rolled-back': event('journeys', 'Journey rolled back', 'Perjalanan dikembalikan ke versi sebelumnya'),
  'flow.test-case-recorded': event('journeys', 'Test case recorded', 'Kasus uji direkam'),

  'organisation.created': event('organisations', 'Organisation created', 'Organisasi dibuat'),
  'organisation.updated': event('organisations', 'Organisation updated', 'Organisasi diperbarui'),
  'organisation.deleted': event('organisations', 'Organisation deleted', 'Organisasi dihapus'),
  'organisation.provider.set': event('organisations', 'Organisation sign-in provider set', 'Penyedia masuk organisasi diatur'),
  'organisation.provider.removed': event('organisations', 'Organisation sign-in provider removed', 'Penyedia masuk organisasi dihapus'),
  'organisation.role.saved': event('organisations', 'Organisation role saved', 'Peran organisasi disimpan'),
  'organisation.role.deleted': event('organisations', 'Organisation role deleted', 'Peran organisasi dihapus'),
  'organisation.member.added': event('organisations', 'Member added to an organisation', 'Anggota ditambahkan ke organisasi'),
  'organisation.member.roles': event('organisations', "Member's roles changed", 'Peran anggota diubah'),
  'organisation.member.removed': event('organisations', 'Member removed from an organisation', 'Anggota dikeluarkan dari organisasi'),
  'organisation.invitation.sent': event('organisations', 'Organisation invitation sent', 'Undangan organisasi dikirim'),
  'organisation.invitation.revoked': event('organisations', 'Organisation invitation revoked', 'Undangan organisasi dicabut'),
  'organisation.invitation.accepted': event('organisations', 'Organisation invitation accepted', 'Undangan organisasi diterima'),

  'consent.purpose.saved': event('settings', 'Consent purpose saved', 'Tujuan persetujuan disimpan'),
  'consent.purpose.deleted': event('settings', 'Consent purpose deleted', 'Tujuan persetujuan dihapus'),
  'attribute.saved': event('settings', 'User attribute saved', 'Atribut pengguna disimpan'),
  'attribute.reset': event('settings', 'User attribute reset', 'Atribut pengguna dikembalikan'),
  'attribute.deleted': event('settings', 'User attribute deleted', 'Atribut pengguna dihapus'),
  'settings.branding.saved': event('settings', 'Branding saved', 'Tampilan merek disimpan'),
  'settings.branding.reset': event('settings', 'Branding reset', 'Tampilan merek dikembalikan'),
  'settings.mail.saved': event('settings', 'Email server saved', 'Server email disimpan'),
  'settings.mail.reset': event('settings', 'Email server reset', 'Server email dikembalikan'),
  'settings.mail.tested': event('settings', 'Test email sent', 'Email uji dikirim'),
  'settings.sms.saved': event('settings', 'SMS gateway saved', 'Gateway SMS disimpan'),
  'settings.sms.reset': event('settings', 'SMS gateway reset', 'Gateway SMS dikembalikan'),
  'settings.sms.tested': event('settings', 'Test SMS sent', 'SMS uji dikirim'),
  'settings.message-texts.saved': event('settings', 'Message texts saved', 'Teks pesan disimpan'),
  'settings.social-connection.saved': event('settings', 'Social connection saved', 'Koneksi sosial disimpan'),
  'settings.social-connection.deleted': event('settings', 'Social connection deleted', 'Koneksi sosial dihapus'),
  'settings.http-secret.saved': event('settings', 'HTTP secret saved', 'Rahasia HTTP disimpan'),
  'settings.http-secret.deleted': event('settings', 'HTTP secret deleted', 'Rahasia HTTP dihapus'),
};

/** The names of detail keys; a key not named here is shown as it is. */
export const AUDIT_DETAIL_LABELS: Record<string, Words> = {
  flowId: { en: 'Journey', id: 'Perjalanan' },
  appId: { en: 'App', id: 'Aplikasi' },
  orgId: { en: 'Organisation', id: 'Organisasi' },
  amr: { en: 'Sign-in methods', id: 'Metode masuk' },
  requestId: { en: 'Request ID', id: 'ID permintaan' },
  reason: { en: 'Reason', id: 'Alasan' },
  userAgent: { en: 'Browser', id: 'Peramban' },
  device: { en: 'Device', id: 'Perangkat' },
  factor: { en: 'Factor', id: 'Faktor' },
  attempts: { en: 'Attempts', id: 'Percobaan' },
  usedUp: { en: 'Attempts used up', id: 'Percobaan habis' },
  lockedMinutes: { en: 'Locked for (minutes)', id: 'Dikunci selama (menit)' },
  scope: { en: 'Throttled by', id: 'Dibatasi menurut' },
  provider: { en: 'Provider', id: 'Penyedia' },
  providers: { en: 'Providers', id: 'Penyedia' },
  method: { en: 'Method', id: 'Metode' },
  email: { en: 'Email', id: 'Email' },
  from: { en: 'From', id: 'Dari' },
  to: { en: 'To', id: 'Menjadi' },
  via: { en: 'Via', id: 'Melalui' },
  days: { en: 'Days', id: 'Hari' },
  fields: { en: 'Fields', id: 'Kolom' },
  sessions: { en: 'Sessions ended', id: 'Sesi diakhiri' },
  session: { en: 'Session', id: 'Sesi' },
  removed: { en: 'Removed', id: 'Dihapus' },
  purposeId: { en: 'Consent purpose', id: 'Tujuan persetujuan' },
  version: { en: 'Version', id: 'Versi' },
  granted: { en: 'Granted', id: 'Diberikan' },
  channel: { en: 'Channel', id: 'Saluran' },
  role: { en: 'Role', id: 'Peran' },
  roles: { en: 'Roles', id: 'Peran' },
  name: { en: 'Name', id: 'Nama' },
  type: { en: 'Type', id: 'Jenis' },
  format: { en: 'Format', id: 'Format' },
  events: { en: 'Events', id: 'Peristiwa' },
  filter: { en: 'Filter', id: 'Filter' },
  required: { en: 'Required level', id: 'Tingkat yang diperlukan' },
  reached: { en: 'Level reached', id: 'Tingkat yang dicapai' },
  because: { en: 'Because', id: 'Karena' },
  level: { en: 'Risk level', id: 'Tingkat risiko' },
  score: { en: 'Risk score', id: 'Skor risiko' },
  reasons: { en: 'Reasons', id: 'Alasan' },
  node: { en: 'Step', id: 'Langkah' },
  action: { en: 'Action', id: 'Tindakan' },
  kids: { en: 'Key IDs', id: 'ID kunci' },
  key: { en: 'Key', id: 'Kunci' },
  connection: { en: 'Connection', id: 'Koneksi' },
  secret: { en: 'Secret', id: 'Rahasia' },
  revision: { en: 'Revision', id: 'Revisi' },
  secretChanged: { en: 'Secret changed', id: 'Rahasia diubah' },
  passwordChanged: { en: 'Password changed', id: 'Kata sandi diubah' },
  tokenChanged: { en: 'Token changed', id: 'Token diubah' },
  valueChanged: { en: 'Value changed', id: 'Nilai diubah' },
  linkSent: { en: 'Invitation link sent', id: 'Tautan undangan dikirim' },
  permissions: { en: 'Permissions', id: 'Izin' },
  invitationId: { en: 'Invitation', id: 'Undangan' },
  template: { en: 'Template', id: 'Templat' },
  resetDraft: { en: 'Draft replaced', id: 'Draf diganti' },
  testCases: { en: 'Test cases', id: 'Kasus uji' },
  subjectHash: { en: 'Account fingerprint', id: 'Sidik akun' },
  host: { en: 'Host', id: 'Host' },
  port: { en: 'Port', id: 'Port' },
  lang: { en: 'Language', id: 'Bahasa' },
  keys: { en: 'Texts', id: 'Teks' },
  changed: { en: 'Changed', id: 'Diubah' },
  created: { en: 'Account created', id: 'Akun dibuat' },
  solved: { en: 'Solved', id: 'Terpecahkan' },
  by: { en: 'Passed by', id: 'Lolos melalui' },
  source: { en: 'Source', id: 'Sumber' },
  domains: { en: 'Domains', id: 'Domain' },
  issuer: { en: 'Issuer', id: 'Penerbit' },
};

/** Sign-in methods (RFC 8176 `amr` values as the engine records them) in words. */
export { SIGN_IN_METHOD_WORDS } from '../identity/method-words.js';

/** Second factors and sign-in methods as the engine names them in details (`factor`, `method`, `removed`…). */
export const FACTOR_WORDS: Record<string, Words> = {
  password: { en: 'password', id: 'kata sandi' },
  'email-code': { en: 'email code', id: 'kode email' },
  totp: { en: 'authenticator app', id: 'aplikasi autentikator' },
  webauthn: { en: 'passkey', id: 'passkey' },
  sms: { en: 'SMS code', id: 'kode SMS' },
  'recovery-codes': { en: 'recovery codes', id: 'kode pemulihan' },
  'remembered-browser': { en: 'remembered browser', id: 'peramban yang diingat' },
};

/** Texts of the social sign-in step, per language. */
export const socialMessages = {
  en: {
    'social.title': 'Sign in',
    'social.continueWith': 'Continue with {provider}',
    'social.email': 'Continue with email',
    'social.cancelled': 'You cancelled the sign-in at {provider}.',
    'social.failed': 'Signing in with {provider} did not work. Please try again.',
    'social.noEmail': '{provider} did not share an email address, which we need for your account.',
    'social.unverified': 'This email address belongs to an account here, but {provider} has not verified it.',
    'social.link': 'An account with {email} already exists. Enter its password to link {provider} to it.',
    'social.unverifiedNew': '{provider} has not verified your email address. Verify it there, or continue with email.',
    'social.verifyEmail': '{provider} has not verified {email}. We sent a code to it to check that it is yours.',
  },
  id: {
    'social.title': 'Masuk',
    'social.continueWith': 'Lanjutkan dengan {provider}',
    'social.email': 'Lanjutkan dengan email',
    'social.cancelled': 'Anda membatalkan proses masuk di {provider}.',
    'social.failed': 'Masuk dengan {provider} tidak berhasil. Silakan coba lagi.',
    'social.noEmail': '{provider} tidak membagikan alamat email, yang kami perlukan untuk akun Anda.',
    'social.unverified': 'Alamat email ini milik akun di sini, tetapi {provider} belum memverifikasinya.',
    'social.link': 'Akun dengan {email} sudah ada. Masukkan kata sandinya untuk menautkan {provider}.',
    'social.unverifiedNew': '{provider} belum memverifikasi alamat email Anda. Verifikasi di sana, atau lanjutkan dengan email.',
    'social.verifyEmail': '{provider} belum memverifikasi {email}. Kami mengirim kode ke alamat itu untuk memastikan bahwa itu milik Anda.',
  },
};

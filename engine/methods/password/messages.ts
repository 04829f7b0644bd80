/** Texts of the password steps (sign-in, sign-up, new password), per language. */

/** What a password breaks of the policy; also shown by the account pages when a password is changed. */
const policyMessages = {
  en: {
    'password.policy.minLength': 'Use at least {n} characters.',
    'password.policy.maxLength': 'Use at most {n} characters.',
    'password.policy.lowercase': 'Add a lower-case letter.',
    'password.policy.uppercase': 'Add an upper-case letter.',
    'password.policy.digit': 'Add a digit.',
    'password.policy.symbol': 'Add a symbol.',
    'password.policy.notEmail': 'Do not use your email address as password.',
    'password.policy.breached': 'This password appears in known data breaches, so it is easy to guess. Choose another one.',
  },
  id: {
    'password.policy.minLength': 'Gunakan minimal {n} karakter.',
    'password.policy.maxLength': 'Gunakan maksimal {n} karakter.',
    'password.policy.lowercase': 'Tambahkan huruf kecil.',
    'password.policy.uppercase': 'Tambahkan huruf besar.',
    'password.policy.digit': 'Tambahkan angka.',
    'password.policy.symbol': 'Tambahkan simbol.',
    'password.policy.notEmail': 'Jangan gunakan alamat email sebagai kata sandi.',
    'password.policy.breached': 'Kata sandi ini muncul dalam kebocoran data yang diketahui, sehingga mudah ditebak. Pilih yang lain.',
  },
};

export const passwordSignInMessages = {
  en: {
    'password.title': 'Enter your password',
    'password.email': 'Email address',
    'password.password': 'Password',
    'password.submit': 'Sign in',
    'password.wrong': 'That password is not right. Please try again.',
    'password.locked': 'Too many wrong passwords from your network for this account. Try again in {minutes} minutes, or reset your password.',
    'password.slowed': 'This account has had many failed sign-ins, so it is slowed down to protect it. Wait {seconds} seconds and try again.',
    'password.throttled': 'Too many failed sign-ins from your network. Try again in {minutes} minutes.',
    'password.forgot': 'Forgot password?',
    'password.breached.title': 'Choose a new password',
    'password.breached.intro': 'The password you signed in with appears in known data breaches, so others may know it. Choose a new one to continue.',
  },
  id: {
    'password.title': 'Masukkan kata sandi Anda',
    'password.email': 'Alamat email',
    'password.password': 'Kata sandi',
    'password.submit': 'Masuk',
    'password.wrong': 'Kata sandi salah. Silakan coba lagi.',
    'password.locked': 'Terlalu banyak kata sandi salah dari jaringan Anda untuk akun ini. Coba lagi dalam {minutes} menit, atau atur ulang kata sandi Anda.',
    'password.slowed': 'Akun ini mengalami banyak upaya masuk gagal, sehingga diperlambat untuk melindunginya. Tunggu {seconds} detik lalu coba lagi.',
    'password.throttled': 'Terlalu banyak upaya masuk gagal dari jaringan Anda. Coba lagi dalam {minutes} menit.',
    'password.forgot': 'Lupa kata sandi?',
    'password.breached.title': 'Pilih kata sandi baru',
    'password.breached.intro': 'Kata sandi yang Anda gunakan muncul dalam kebocoran data yang diketahui, sehingga orang lain mungkin mengetahuinya. Pilih yang baru untuk melanjutkan.',
  },
};

export const registrationMessages = {
  en: {
    ...policyMessages.en,
    'register.title': 'Create your account',
    'register.email': 'Email address',
    'register.password': 'Choose a password',
    'register.hint': 'At least {n} characters.',
    'register.submit': 'Create account',
    'register.duplicate': 'An account with this email already exists. Sign in instead.',
  },
  id: {
    ...policyMessages.id,
    'register.title': 'Buat akun Anda',
    'register.email': 'Alamat email',
    'register.password': 'Pilih kata sandi',
    'register.hint': 'Minimal {n} karakter.',
    'register.submit': 'Buat akun',
    'register.duplicate': 'Akun dengan email ini sudah ada. Silakan masuk.',
  },
};

export const setPasswordMessages = {
  en: {
    ...policyMessages.en,
    'setPassword.title': 'Choose a new password',
    'setPassword.password': 'New password',
    'setPassword.confirm': 'Repeat the new password',
    'setPassword.mismatch': 'The two passwords are not the same.',
    'setPassword.submit': 'Save password',
    'setPassword.done': 'Your password was changed. You were signed out on other devices.',
  },
  id: {
    ...policyMessages.id,
    'setPassword.title': 'Pilih kata sandi baru',
    'setPassword.password': 'Kata sandi baru',
    'setPassword.confirm': 'Ulangi kata sandi baru',
    'setPassword.mismatch': 'Kedua kata sandi tidak sama.',
    'setPassword.submit': 'Simpan kata sandi',
    'setPassword.done': 'Kata sandi Anda telah diubah. Anda telah dikeluarkan dari perangkat lain.',
  },
};

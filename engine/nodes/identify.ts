import type { NodeType } from './types.js';
import { isEmail } from '../identity/attributes.js';
import { localisedTextSchema } from '../identity/attributes.js';
import { normaliseEmail } from '../store/port.js';
import { LOCALISED_TEXT_WORDS } from './designer-words.js';

interface IdentifySettings {
  heading?: string | Record<string, string>;
}

/** Identifier-first: asks for the email, then branches on whether an account exists. */
export const identifyNode: NodeType<IdentifySettings> = {
  type: 'identify',
  title: 'Ask for email',
  description: 'Asks for the email address first, then continues as a known or a new user.',
  icon: '@',
  category: 'identify',
  words: {
    id: {
      title: 'Minta email',
      description: 'Meminta alamat email terlebih dahulu, lalu melanjutkan sebagai pengguna yang sudah dikenal atau pengguna baru.',
      outcomes: {
        known: 'Sudah punya akun',
        unknown: 'Pengguna baru',
      },
      settings: {
        ...LOCALISED_TEXT_WORDS.id,
        'Page heading': 'Judul halaman',
        'Left empty, the page says “Sign in or create an account”.': 'Bila dikosongkan, halaman menampilkan “Masuk atau buat akun”.',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { heading: { ...localisedTextSchema, title: 'Page heading', description: 'Left empty, the page says “Sign in or create an account”.' } },
  },
  defaultSettings: {},
  outcomes: () => [
    { name: 'known', label: 'Has an account', provides: { facts: ['email'], forgets: ['email-verified'] } },
    { name: 'unknown', label: 'New user', provides: { facts: ['email'], forgets: ['email-verified'] } },
  ],
  messages: {
    en: {
      'identify.title': 'Sign in or create an account',
      'identify.intro': 'Enter your email address to continue.',
      'identify.email': 'Email address',
      'identify.continue': 'Continue',
    },
    id: {
      'identify.title': 'Masuk atau buat akun',
      'identify.intro': 'Masukkan alamat email Anda untuk melanjutkan.',
      'identify.email': 'Alamat email',
      'identify.continue': 'Lanjutkan',
    },
  },
  render: (ctx) => ({
    title: ctx.text(ctx.settings.heading, ctx.t('identify.title')),
    intro: ctx.t('identify.intro'),
    fields: [
      { name: 'email', label: ctx.t('identify.email'), type: 'email', required: true, autocomplete: 'username', value: ctx.state.email ?? '' },
    ],
    actions: [{ value: 'continue', label: ctx.t('identify.continue') }],
  }),
  submit: async (ctx, input) => {
    const email = normaliseEmail(input.email ?? '');
    if (!isEmail(email)) return { invalid: { fields: { email: ctx.t('field.email') } } };
    const user = await ctx.services.store.users.findByEmail(email);
    return { outcome: user ? 'known' : 'unknown', patch: { email } };
  },
};

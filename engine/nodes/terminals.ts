import type { NodeType } from './types.js';
import { localisedTextSchema } from '../identity/attributes.js';
import { LOCALISED_TEXT_WORDS } from './designer-words.js';

interface EndSettings {
  message?: string | Record<string, string>;
}

const endSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { message: { ...localisedTextSchema, title: 'Message shown to the user' } },
};

/** Ends the journey signed in: a session, or (for an app) the OpenID Connect answer. */
export const successNode: NodeType<EndSettings> = {
  type: 'success',
  title: 'Success',
  description: 'Ends the journey: the user is signed in and goes back to the app.',
  icon: '✔',
  // Signing in needs someone to sign in: the proof on publish refuses a success reachable without.
  requires: ['user'],
  category: 'end',
  words: {
    id: {
      title: 'Berhasil',
      description: 'Mengakhiri perjalanan: pengguna masuk dan kembali ke aplikasi.',
      outcomes: {},
      settings: {
        ...LOCALISED_TEXT_WORDS.id,
        'Message shown to the user': 'Pesan yang ditampilkan kepada pengguna',
      },
    },
  },
  terminal: 'success',
  settingsSchema: endSettingsSchema,
  defaultSettings: {},
  outcomes: () => [],
};

/** Ends the journey without signing in, with a message and a way to start again. */
export const failureNode: NodeType<EndSettings> = {
  type: 'failure',
  title: 'Failure',
  description: 'Ends the journey without signing in and shows a message.',
  icon: '✖',
  category: 'end',
  words: {
    id: {
      title: 'Gagal',
      description: 'Mengakhiri perjalanan tanpa masuk dan menampilkan pesan.',
      outcomes: {},
      settings: {
        ...LOCALISED_TEXT_WORDS.id,
        'Message shown to the user': 'Pesan yang ditampilkan kepada pengguna',
      },
    },
  },
  terminal: 'failure',
  settingsSchema: endSettingsSchema,
  defaultSettings: {},
  outcomes: () => [],
  messages: {
    en: { 'failure.title': 'We could not sign you in', 'failure.default': 'Please try again later.', 'failure.again': 'Start again', 'failure.back': 'Back to the app' },
    id: { 'failure.title': 'Kami tidak dapat memasukkan Anda', 'failure.default': 'Silakan coba lagi nanti.', 'failure.again': 'Mulai lagi', 'failure.back': 'Kembali ke aplikasi' },
  },
  render: (ctx) => {
    const notice = ctx.state.notice ? ctx.t(ctx.state.notice.key, ctx.state.notice.vars) : undefined;
    return {
      title: ctx.t('failure.title'),
      intro: ctx.text(ctx.settings.message, ctx.t('failure.default')),
      error: notice,
      fields: [],
      actions: [],
      blocks: [{ kind: 'link', href: '/login', label: ctx.t('failure.again') }],
    };
  },
};

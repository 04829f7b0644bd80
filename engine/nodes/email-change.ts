import type { NodeContext, NodeType, StepResult } from './types.js';
import { isEmail } from '../identity/attributes.js';
import { DuplicateError, normaliseEmail } from '../store/port.js';
import { EMAIL_UNDO_DAYS, issueEmailUndoLink } from './email-change-undo.js';
import { domainEvents } from '../outbox/domain-events.js';

/** Both steps declare `requires: ['user']`: the runtime checks it before the step runs. */
const signedIn = (ctx: NodeContext<unknown>) => ctx.user!;

const changeMessages = {
  en: {
    'newEmail.title': 'Change your email address',
    'newEmail.intro': 'Your email address is {email}. We will send a code to the new address to check it.',
    'newEmail.email': 'New email address',
    'newEmail.submit': 'Send code',
    'newEmail.same': 'This is already your email address.',
    'newEmail.taken': 'This email address cannot be used. Choose another one.',
    'changeEmail.taken': 'This email address was taken meanwhile. Choose another one.',
    'changeEmail.done': 'Your email address is now {email}.',
  },
  id: {
    'newEmail.title': 'Ubah alamat email Anda',
    'newEmail.intro': 'Alamat email Anda adalah {email}. Kami akan mengirim kode ke alamat baru untuk memeriksanya.',
    'newEmail.email': 'Alamat email baru',
    'newEmail.submit': 'Kirim kode',
    'newEmail.same': 'Ini sudah alamat email Anda.',
    'newEmail.taken': 'Alamat email ini tidak dapat digunakan. Pilih yang lain.',
    'changeEmail.taken': 'Alamat email ini sudah dipakai akun lain. Pilih yang lain.',
    'changeEmail.done': 'Alamat email Anda sekarang {email}.',
  },
};

/** First piece of an email change: asks the signed-in user for the new address (not yet changed). */
export const newEmailNode: NodeType<Record<string, never>> = {
  type: 'new-email',
  title: 'Ask for new email',
  description: 'Asks a signed-in user for their new email address. Follow it with "Verify email" and "Change email".',
  icon: '@+',
  category: 'profile',
  words: {
    id: {
      title: 'Minta email baru',
      description: 'Meminta alamat email baru kepada pengguna yang sudah masuk. Lanjutkan dengan "Verifikasi email" dan "Ubah email".',
      outcomes: {
        entered: 'Email baru dimasukkan',
      },
      settings: {},
    },
  },
  requires: ['user'],
  settingsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultSettings: {},
  outcomes: () => [{ name: 'entered', label: 'New email entered', provides: { facts: ['new-email', 'email'], forgets: ['email-verified'] } }],
  messages: changeMessages,
  render: (ctx) => ({
    title: ctx.t('newEmail.title'),
    intro: ctx.t('newEmail.intro', { email: signedIn(ctx).email }),
    fields: [{ name: 'email', label: ctx.t('newEmail.email'), type: 'email', required: true, autocomplete: 'email' }],
    actions: [{ value: 'continue', label: ctx.t('newEmail.submit') }],
  }),
  submit: async (ctx, input): Promise<StepResult> => {
    const user = signedIn(ctx);
    const email = normaliseEmail(input.email ?? '');
    if (!isEmail(email)) return { invalid: { fields: { email: ctx.t('field.email') } } };
    if (email === user.email) return { invalid: { fields: { email: ctx.t('newEmail.same') } } };
    // The user is signed in, so saying "taken" reveals little; the change itself re-checks atomically.
    if (await ctx.services.store.users.findByEmail(email)) return { invalid: { fields: { email: ctx.t('newEmail.taken') } } };
    return { outcome: 'entered', patch: { email } };
  },
};

/**
 * Last piece of an email change: after the new address was verified, makes it the account's email
 * (uniqueness enforced by the store) and tells the old address.
 */
export const changeEmailNode: NodeType<Record<string, never>> = {
  type: 'change-email',
  title: 'Change email',
  description: 'Makes the verified new email the account email and tells the old address, with a link to undo the change for 7 days. Place it after "Verify email".',
  icon: '@✓',
  category: 'profile',
  words: {
    id: {
      title: 'Ubah email',
      description: 'Menjadikan email baru yang terverifikasi sebagai email akun dan memberi tahu alamat lama, dengan tautan untuk membatalkan perubahan selama 7 hari. Tempatkan setelah "Verifikasi email".',
      outcomes: {
        changed: 'Email diubah',
        taken: 'Email sudah dipakai sementara itu',
      },
      settings: {},
    },
  },
  // Only a new address whose mailbox was proved after it was typed in becomes the account's email.
  requires: ['user', 'new-email', 'email-verified'],
  settingsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultSettings: {},
  outcomes: () => [
    { name: 'changed', label: 'Email changed' },
    { name: 'taken', label: 'Email taken meanwhile' },
  ],
  messages: changeMessages,
  auto: async (ctx) => {
    const user = signedIn(ctx);
    const email = ctx.state.email!;
    const { store, mailer, logger } = ctx.services;
    try {
      await store.users.changeEmail(user.id, email, domainEvents.userUpdated('email', ctx.services.clock.now()));
    } catch (err) {
      if (err instanceof DuplicateError) return { outcome: 'taken', notice: { kind: 'error', key: 'changeEmail.taken' } };
      throw err;
    }
    await ctx.audit.record('email.changed', { userId: user.id, details: { from: user.email, to: email } });
    // The old address is told, with a link to take the account back if this was not its owner.
    const undoLink = await issueEmailUndoLink(ctx.services.codes, ctx.services.publicUrl, user.id, user.email);
    mailer
      .sendEmailChanged({ to: user.email, lang: ctx.lang, newEmail: email, undoLink, undoDays: EMAIL_UNDO_DAYS })
      .catch((e: unknown) => logger.error('notifying the old email address failed', { error: String(e) }));
    return { outcome: 'changed', notice: { kind: 'info', key: 'changeEmail.done', vars: { email } } };
  },
};

import type { NodeContext, NodeType, StepResult } from './types.js';
import {
  DEFAULT_EMAIL_CODE_SETTINGS,
  emailCodeSchemaProperties,
  emailLinkOpened,
  renderEmailCode,
  submitEmailCode,
  withAmr,
  type EmailCodeSettings,
  type EmailCodeUse,
} from '../methods/codes/email-step.js';
import { codeMessages } from '../methods/codes/messages.js';
import { DuplicateError } from '../store/port.js';
import { forgetUnprovedIdentities } from '../methods/social/mailbox-proved.js';
import { domainEvents } from '../outbox/domain-events.js';
import { EMAIL_CODE_WORDS } from './designer-words.js';
import { knownLanguage } from '../languages.js';

interface PasswordlessSettings extends EmailCodeSettings {
  allowSignup: boolean;
}

/** The declared requirement `email` guarantees an address (the runtime checks it before the step). */
const addressOf = (ctx: NodeContext<PasswordlessSettings>): string => (ctx.state.email ?? ctx.user?.email)!;

/** Unknown addresses get no mail when sign-up is off (the page looks the same). */
async function useOf(ctx: NodeContext<PasswordlessSettings>): Promise<EmailCodeUse> {
  const address = addressOf(ctx);
  const deliver = ctx.settings.allowSignup || Boolean(await ctx.services.store.users.findByEmail(address));
  return { address, purpose: 'signin', deliver };
}

async function signIn(ctx: NodeContext<PasswordlessSettings>): Promise<StepResult> {
  const { store } = ctx.services;
  const email = addressOf(ctx);
  const amr = withAmr(ctx.state.amr, 'otp');
  const existing = await store.users.findByEmail(email);
  if (existing) {
    await store.users.markEmailVerified(existing.id, email);
    await forgetUnprovedIdentities(ctx, existing, email);
    return { outcome: 'signed-in', patch: { userId: existing.id, amr } };
  }
  if (!ctx.settings.allowSignup) return { outcome: 'failed' };
  try {
    const user = await store.users.create({ email, emailVerified: true, language: knownLanguage(ctx.lang) }, undefined, undefined, domainEvents.userCreated('email-code'));
    await ctx.audit.record('signup', { userId: user.id, details: { method: 'email-code' } });
    return { outcome: 'signed-up', patch: { userId: user.id, amr } };
  } catch (err) {
    // Created by a racing request meanwhile: it is the same mailbox owner, so sign in.
    if (!(err instanceof DuplicateError)) throw err;
    const user = await store.users.findByEmail(email);
    return user ? { outcome: 'signed-in', patch: { userId: user.id, amr } } : { outcome: 'failed' };
  }
}

/** Signs in with only an email: a one-time code or magic link as the first factor. */
export const passwordlessNode: NodeType<PasswordlessSettings> = {
  type: 'passwordless',
  title: 'Email sign-in (no password)',
  description: 'Signs in by a code or link sent to the email address. Can create the account for new addresses.',
  icon: '✉',
  requires: ['email'],
  category: 'authenticate',
  words: {
    id: {
      title: 'Masuk lewat email (tanpa kata sandi)',
      description: 'Masuk dengan kode atau tautan yang dikirim ke alamat email. Dapat membuat akun untuk alamat baru.',
      outcomes: {
        'signed-in': 'Berhasil masuk',
        'signed-up': 'Akun dibuat',
        failed: 'Tidak terverifikasi',
      },
      settings: {
        ...EMAIL_CODE_WORDS.id,
        'Create an account for new email addresses': 'Buat akun untuk alamat email baru',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['method', 'ttlMinutes', 'maxAttempts', 'maxSendsPerHour', 'allowSignup'],
    properties: {
      ...emailCodeSchemaProperties,
      allowSignup: { type: 'boolean', default: true, title: 'Create an account for new email addresses' },
    },
  },
  defaultSettings: { ...DEFAULT_EMAIL_CODE_SETTINGS, allowSignup: true },
  outcomes: () => [
    { name: 'signed-in', label: 'Signed in', provides: { facts: ['user', 'email-verified'], amr: ['otp'] } },
    { name: 'signed-up', label: 'Account created', provides: { facts: ['user', 'email-verified'], amr: ['otp'] } },
    { name: 'failed', label: 'Not verified' },
  ],
  messages: codeMessages,
  render: async (ctx) => renderEmailCode(ctx, await useOf(ctx)),
  submit: async (ctx, input) => submitEmailCode(ctx, input, await useOf(ctx), () => signIn(ctx)),
  callback: async (ctx, request) => emailLinkOpened(ctx, request.query, (await useOf(ctx)).address, () => signIn(ctx)),
};

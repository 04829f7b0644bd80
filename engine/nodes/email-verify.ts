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
import { forgetUnprovedIdentities } from '../methods/social/mailbox-proved.js';
import { EMAIL_CODE_WORDS } from './designer-words.js';

interface EmailVerifySettings extends EmailCodeSettings {
  onlyExistingAccounts: boolean;
}

/** The declared requirement `email` guarantees an address (the runtime checks it before the step). */
const addressOf = (ctx: NodeContext<EmailVerifySettings>): string => (ctx.state.email ?? ctx.user?.email)!;

/** Where the code goes and what for. With `onlyExistingAccounts`, unknown addresses get no mail (same page). */
async function useOf(ctx: NodeContext<EmailVerifySettings>): Promise<EmailCodeUse> {
  const address = addressOf(ctx);
  const reset = ctx.settings.onlyExistingAccounts;
  const deliver = !reset || Boolean(ctx.user) || Boolean(await ctx.services.store.users.findByEmail(address));
  return { address, purpose: reset ? 'reset' : 'verify', deliver };
}

async function verified(ctx: NodeContext<EmailVerifySettings>): Promise<StepResult> {
  const address = addressOf(ctx);
  const user = ctx.user ?? (await ctx.services.store.users.findByEmail(address));
  if (!user) return { outcome: 'verified', patch: { email: address, verifiedEmail: address } };
  const marked = await ctx.services.store.users.markEmailVerified(user.id, address);
  if (marked) await ctx.audit.record('email.verified', { userId: user.id, details: { email: address } });
  await forgetUnprovedIdentities(ctx, user, address);
  // Proving the mailbox identifies its account (this is what lets a password reset continue).
  return { outcome: 'verified', patch: { userId: user.id, email: address, verifiedEmail: address, amr: withAmr(ctx.state.amr, 'otp') } };
}

/** Sends a code or magic link to the email of the journey and continues once it comes back. */
export const emailVerifyNode: NodeType<EmailVerifySettings> = {
  type: 'email-verify',
  title: 'Verify email',
  description:
    'Sends a code or a link to the email address and waits until it comes back. Marks the email of the account as verified.',
  icon: '✉✓',
  requires: ['email'],
  category: 'authenticate',
  words: {
    id: {
      title: 'Verifikasi email',
      description: 'Mengirim kode atau tautan ke alamat email dan menunggu sampai kembali. Menandai email akun sebagai terverifikasi.',
      outcomes: {
        verified: 'Email terverifikasi',
        failed: 'Terlalu banyak kode salah',
      },
      settings: {
        ...EMAIL_CODE_WORDS.id,
        'Only send to addresses that have an account': 'Hanya kirim ke alamat yang memiliki akun',
        'For password reset: the page looks the same either way, so nobody learns whether an account exists.': 'Untuk pengaturan ulang kata sandi: halamannya tampak sama dalam kedua keadaan, sehingga tidak ada yang tahu apakah sebuah akun ada.',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['method', 'ttlMinutes', 'maxAttempts', 'maxSendsPerHour', 'onlyExistingAccounts'],
    properties: {
      ...emailCodeSchemaProperties,
      onlyExistingAccounts: {
        type: 'boolean',
        default: false,
        title: 'Only send to addresses that have an account',
        description: 'For password reset: the page looks the same either way, so nobody learns whether an account exists.',
      },
    },
  },
  defaultSettings: { ...DEFAULT_EMAIL_CODE_SETTINGS, onlyExistingAccounts: false },
  outcomes: (s) => [
    // Without "only existing accounts" a new address is verified without an account behind it.
    {
      name: 'verified',
      label: 'Email verified',
      provides: s.onlyExistingAccounts ? { facts: ['email-verified', 'user'], amr: ['otp'] } : { facts: ['email-verified'] },
    },
    { name: 'failed', label: 'Too many wrong codes' },
  ],
  messages: codeMessages,
  render: async (ctx) => renderEmailCode(ctx, await useOf(ctx)),
  submit: async (ctx, input) => submitEmailCode(ctx, input, await useOf(ctx), () => verified(ctx)),
  callback: async (ctx, request) => emailLinkOpened(ctx, request.query, (await useOf(ctx)).address, () => verified(ctx)),
};

import type { NodeType, StepResult } from './types.js';
import type { Fact } from '../flow/steps.js';
import type { SocialConnection } from '../methods/social/connection.js';
import { socialMessages } from '../methods/social/messages.js';
import { finishSignIn, startSignIn, type SocialSettings } from '../methods/social/sign-in.js';
import { linkPendingIdentity } from '../methods/social/link.js';

/**
 * "Continue with Google / <any OpenID provider>": signs in a linked account, provisions a new one
 * from the provider's claims (BYOI), or asks the owner of an existing account with the same email to
 * prove it before linking.
 */
export const socialNode: NodeType<SocialSettings> = {
  type: 'social',
  title: 'Social sign-in',
  description: 'Buttons to continue with Google or any OpenID Connect / OAuth2 provider. New people get an account from the provider\'s profile.',
  icon: 'G',
  category: 'identify',
  words: {
    id: {
      title: 'Masuk dengan akun sosial',
      description: 'Tombol untuk melanjutkan dengan Google atau penyedia OpenID Connect / OAuth2 mana pun. Orang baru mendapat akun dari profil di penyedia itu.',
      outcomes: {
        'signed-in': 'Berhasil masuk',
        'signed-up': 'Akun baru',
        'link-required': 'Email milik akun yang sudah ada',
        'verify-email': 'Email tidak diverifikasi oleh penyedia',
        email: 'Memilih email',
        cancelled: 'Dibatalkan di penyedia',
        failed: 'Gagal',
      },
      settings: {
        Providers: 'Daftar penyedia',
        Provider: 'Penyedia',
        'Also offer "continue with email"': 'Tawarkan juga "lanjutkan dengan email"',
        'Verify emails the provider did not': 'Verifikasi email yang tidak diverifikasi penyedia',
        'When a provider (not declared trusted) does not mark the email verified, send a code to it before an account is created or linked. Off: such sign-ins are refused.': 'Bila penyedia (yang tidak dinyatakan tepercaya) tidak menandai email sebagai terverifikasi, kirim kode ke email itu sebelum akun dibuat atau ditautkan. Nonaktif: proses masuk seperti itu ditolak.',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['connections', 'allowEmail'],
    properties: {
      connections: { type: 'array', title: 'Providers', minItems: 1, items: { type: 'string', title: 'Provider', pattern: '^[a-z0-9][a-z0-9-]{0,31}$', 'x-picker': 'social-connection' } },
      allowEmail: { type: 'boolean', default: true, title: 'Also offer "continue with email"' },
      verifyEmail: {
        type: 'boolean',
        default: true,
        title: 'Verify emails the provider did not',
        description: 'When a provider (not declared trusted) does not mark the email verified, send a code to it before an account is created or linked. Off: such sign-ins are refused.',
      },
    },
  },
  defaultSettings: { connections: ['google'], allowEmail: true, verifyEmail: true },
  references: (s) => s.connections.map((id) => ({ kind: 'social-connection', id })),
  outcomes: (s) => [
    { name: 'signed-in', label: 'Signed in', provides: { facts: ['user'], amr: ['fed'], forgets: ['email-verified'] } },
    { name: 'signed-up', label: 'New account', provides: { facts: ['user', 'email'], amr: ['fed'], forgets: ['email-verified'] } },
    { name: 'link-required', label: 'Email belongs to an existing account', provides: { facts: ['email', 'social-pending'], forgets: ['email-verified'] } },
    // Followed by "Verify email", then "Link social account" (which creates the account if there is none).
    ...(s.verifyEmail ? [{ name: 'verify-email', label: 'Email not verified by the provider', provides: { facts: ['email', 'social-pending'] as Fact[], forgets: ['email-verified'] as Fact[] } }] : []),
    ...(s.allowEmail ? [{ name: 'email', label: 'Chose email instead' }] : []),
    { name: 'cancelled', label: 'Cancelled at the provider' },
    { name: 'failed', label: 'Failed' },
  ],
  messages: socialMessages,
  render: async (ctx) => {
    const buttons = (await Promise.all(ctx.settings.connections.map((name) => ctx.services.social.get(name))))
      .filter((c): c is SocialConnection => Boolean(c))
      .map((c) => ({ value: `connect:${c.name}`, label: ctx.t('social.continueWith', { provider: c.label }), kind: 'secondary' as const }));
    return {
      title: ctx.t('social.title'),
      fields: [],
      actions: [...buttons, ...(ctx.settings.allowEmail ? [{ value: 'email', label: ctx.t('social.email') }] : [])],
    };
  },
  submit: async (ctx, input): Promise<StepResult> => {
    if (input.action === 'email' && ctx.settings.allowEmail) return { outcome: 'email' };
    if (input.action?.startsWith('connect:')) {
      const connector = await ctx.services.social.get(input.action.slice('connect:'.length));
      if (!connector || !ctx.settings.connections.includes(connector.name)) return { invalid: {} };
      const { pending, url } = await startSignIn(ctx, connector);
      return { update: { data: { [ctx.nodeId]: { pending } } }, redirect: url };
    }
    return { invalid: {} };
  },
  callback: (ctx, request) => finishSignIn(ctx, request),
};

/** Links the provider account waiting from a social step to the user who just proved ownership. */
export const linkIdentityNode: NodeType<Record<string, never>> = {
  type: 'link-identity',
  title: 'Link social account',
  description:
    'After the owner of an existing account proved it (with their password, or the mailbox of its email), links the social account to it; after "Verify email" proved an address no account has, creates the account with it. Shows no page.',
  icon: '⇄',
  category: 'identify',
  words: {
    id: {
      title: 'Tautkan akun sosial',
      description: 'Setelah pemilik akun yang sudah ada membuktikannya (dengan kata sandinya, atau kotak surat emailnya), menautkan akun sosial ke akun itu; setelah "Verifikasi email" membuktikan alamat yang belum dimiliki akun mana pun, membuat akun dengan alamat itu. Tidak menampilkan halaman.',
      outcomes: {
        linked: 'Tertaut',
      },
      settings: {},
    },
  },
  requires: ['social-pending'],
  settingsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultSettings: {},
  outcomes: () => [{ name: 'linked', label: 'Linked', provides: { facts: ['user'] } }],
  auto: (ctx) => linkPendingIdentity(ctx),
};

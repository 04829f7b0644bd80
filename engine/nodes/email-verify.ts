import type { NodeContext, NodeType, StepResult } from './types.js';
import { codePage, emailCodeMessages, emailCodeSchemaProperties, linkOpened, sendCode, submitCode, withAmr, type EmailCodeSettings } from '../methods/codes/email-code.js';
import { DEFAULT_CODE_POLICY } from '../methods/codes/one-time-codes.js';

interface EmailVerifySettings extends EmailCodeSettings {
  onlyExistingAccounts: boolean;
}

/** The declared requirement `email` guarantees an address (the runtime checks it before the step). */
const addressOf = (ctx: NodeContext<EmailVerifySettings>): string => (ctx.state.email ?? ctx.user?.email)!;

/** Whether a mail really goes out: with `onlyExistingAccounts`, unknown addresses get none (same page). */
async function deliver(ctx: NodeContext<EmailVerifySettings>): Promise<boolean> {
  if (!ctx.settings.onlyExistingAccounts || ctx.user) return true;
  return Boolean(await ctx.deps.store.users.findByEmail(addressOf(ctx)));
}

async function verified(ctx: NodeContext<EmailVerifySettings>): Promise<StepResult> {
  const address = addressOf(ctx);
  const user = ctx.user ?? (await ctx.deps.store.users.findByEmail(address));
  if (!user) return { outcome: 'verified', patch: { email: address } };
  const marked = await ctx.deps.store.users.markEmailVerified(user.id, address);
  if (marked) await ctx.deps.store.audit.record({
    at: ctx.deps.now(),
    type: 'email.verified',
    userId: user.id,
    actor: user.id,
    ip: ctx.client.ip,
    details: { email: address },
  });
  // Proving the mailbox identifies its account (this is what lets a password reset continue).
  return { outcome: 'verified', patch: { userId: user.id, email: address, amr: withAmr(ctx.state.amr, 'otp') } };
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
  defaultSettings: { method: 'code', ...DEFAULT_CODE_POLICY, onlyExistingAccounts: false },
  outcomes: (s) => [
    // Without "only existing accounts" a new address is verified without an account behind it.
    {
      name: 'verified',
      label: 'Email verified',
      provides: s.onlyExistingAccounts ? { facts: ['email-verified', 'user'], amr: ['otp'] } : { facts: ['email-verified'] },
    },
    { name: 'failed', label: 'Too many wrong codes' },
  ],
  messages: emailCodeMessages,
  render: async (ctx) => {
    const problem = await sendCode(ctx, addressOf(ctx), ctx.settings.onlyExistingAccounts ? 'reset' : 'verify', {
      replace: false,
      deliver: await deliver(ctx),
    });
    return codePage(ctx, addressOf(ctx), problem);
  },
  submit: async (ctx, input) =>
    submitCode(ctx, input, addressOf(ctx), ctx.settings.onlyExistingAccounts ? 'reset' : 'verify', await deliver(ctx), () => verified(ctx)),
  callback: (ctx, request) => linkOpened(ctx, request.query, () => verified(ctx)),
};

import type { NodeContext, NodeType, StepResult } from './types.js';
import { codePage, emailCodeMessages, emailCodeSchemaProperties, linkOpened, sendCode, submitCode, withAmr, type EmailCodeSettings } from '../methods/codes/email-code.js';
import { DEFAULT_CODE_POLICY } from '../methods/codes/one-time-codes.js';
import { DuplicateError } from '../store/port.js';

interface PasswordlessSettings extends EmailCodeSettings {
  allowSignup: boolean;
}

/** The declared requirement `email` guarantees an address (the runtime checks it before the step). */
const addressOf = (ctx: NodeContext<PasswordlessSettings>): string => (ctx.state.email ?? ctx.user?.email)!;

async function deliver(ctx: NodeContext<PasswordlessSettings>): Promise<boolean> {
  return ctx.settings.allowSignup || Boolean(await ctx.deps.store.users.findByEmail(addressOf(ctx)));
}

async function signIn(ctx: NodeContext<PasswordlessSettings>): Promise<StepResult> {
  const { store, now } = ctx.deps;
  const email = addressOf(ctx);
  const amr = withAmr(ctx.state.amr, 'otp');
  const existing = await store.users.findByEmail(email);
  if (existing) {
    await store.users.markEmailVerified(existing.id, email);
    return { outcome: 'signed-in', patch: { userId: existing.id, amr } };
  }
  if (!ctx.settings.allowSignup) return { outcome: 'failed' };
  try {
    const user = await store.users.create({ email, emailVerified: true });
    await store.audit.record({ at: now(), type: 'signup', userId: user.id, actor: user.id, ip: ctx.client.ip, details: { method: 'email-code' } });
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
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['method', 'ttlMinutes', 'maxAttempts', 'maxSendsPerHour', 'allowSignup'],
    properties: {
      ...emailCodeSchemaProperties,
      allowSignup: { type: 'boolean', default: true, title: 'Create an account for new email addresses' },
    },
  },
  defaultSettings: { method: 'code', ...DEFAULT_CODE_POLICY, allowSignup: true },
  outcomes: () => [
    { name: 'signed-in', label: 'Signed in', provides: { facts: ['user', 'email-verified'], amr: ['otp'] } },
    { name: 'signed-up', label: 'Account created', provides: { facts: ['user', 'email-verified'], amr: ['otp'] } },
    { name: 'failed', label: 'Not verified' },
  ],
  messages: emailCodeMessages,
  render: async (ctx) => {
    const problem = await sendCode(ctx, addressOf(ctx), 'signin', { replace: false, deliver: await deliver(ctx) });
    return codePage(ctx, addressOf(ctx), problem);
  },
  submit: async (ctx, input) => submitCode(ctx, input, addressOf(ctx), 'signin', await deliver(ctx), () => signIn(ctx)),
  callback: (ctx, request) => linkOpened(ctx, request.query, () => signIn(ctx)),
};

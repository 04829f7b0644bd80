import type { CodePurpose } from '../../notifications/senders.js';
import type { JsonSchema, NodeContext, Page, StepResult } from '../../nodes/types.js';
import { DEFAULT_CODE_POLICY, type CodePolicy } from './one-time-codes.js';
import { checkLinkToken, checkTypedCode, codePage, sendCode, type CodeAnswer, type CodeDelivery } from './challenge.js';

/**
 * What `email-verify` and `passwordless` share: a code or magic link sent to an email address and
 * checked when it comes back (typed code or opened link). The code's subject is `runId:nodeId`, so a
 * page reload never sends a second mail.
 */
export interface EmailCodeSettings extends CodePolicy {
  method: 'code' | 'link';
}

export const DEFAULT_EMAIL_CODE_SETTINGS: EmailCodeSettings = { method: 'code', ...DEFAULT_CODE_POLICY };

export const emailCodeSchemaProperties: Record<string, JsonSchema> = {
  method: {
    type: 'string',
    enum: ['code', 'link'],
    'x-enum-titles': { code: 'A 6-digit code', link: 'A link' },
    default: 'code',
    title: 'What to send',
    description: 'A 6-digit code to type in, or a link to open in the same browser.',
  },
  ttlMinutes: { type: 'integer', minimum: 1, maximum: 60, default: 10, title: 'Minutes the code or link stays valid' },
  maxAttempts: { type: 'integer', minimum: 1, maximum: 20, default: 5, title: 'Wrong codes allowed before it stops working' },
  maxSendsPerHour: { type: 'integer', minimum: 1, maximum: 50, default: 5, title: 'Mails one address may receive per hour' },
};

/** One email step's use of a code: where it goes, what for, and whether a mail really goes out. */
export interface EmailCodeUse {
  address: string;
  purpose: CodePurpose;
  deliver: boolean;
}

const subjectOf = (ctx: NodeContext<unknown>) => `${ctx.runId}:${ctx.nodeId}`;
const deliveryOf = (ctx: NodeContext<EmailCodeSettings>, use: EmailCodeUse): CodeDelivery => ({
  channel: 'email',
  to: use.address,
  purpose: use.purpose,
  form: ctx.settings.method,
});

/** Sends the code (once per run and step) and shows the page asking for it. */
export async function renderEmailCode(ctx: NodeContext<EmailCodeSettings>, use: EmailCodeUse): Promise<Page> {
  const problem = await sendCode(ctx, subjectOf(ctx), deliveryOf(ctx, use), ctx.settings, { replace: false, deliver: use.deliver });
  return codePage(ctx, deliveryOf(ctx, use), use.address, problem);
}

/** Handles the code form: resend, or check the typed code. `onVerified` decides the outcome. */
export async function submitEmailCode(
  ctx: NodeContext<EmailCodeSettings>,
  input: Record<string, string>,
  use: EmailCodeUse,
  onVerified: () => Promise<StepResult>,
): Promise<StepResult> {
  if (input.action === 'resend') {
    const problem = await sendCode(ctx, subjectOf(ctx), deliveryOf(ctx, use), ctx.settings, { replace: true, deliver: use.deliver });
    return { invalid: { form: ctx.t(problem ?? 'code.resent') } };
  }
  if (ctx.settings.method === 'link') return { invalid: { form: ctx.t('code.email.introLink', { to: use.address }) } };
  return answered(ctx, await checkTypedCode(ctx, subjectOf(ctx), input.code ?? '', use.address), onVerified, 'field');
}

/** Handles an opened magic link. */
export async function emailLinkOpened(
  ctx: NodeContext<EmailCodeSettings>,
  query: Record<string, string>,
  address: string,
  onVerified: () => Promise<StepResult>,
): Promise<StepResult> {
  if (ctx.settings.method !== 'link') return { invalid: { form: ctx.t('code.linkInvalid') } };
  return answered(ctx, await checkLinkToken(ctx, subjectOf(ctx), query.token ?? '', address), onVerified, 'form');
}

function answered(ctx: NodeContext<unknown>, answer: CodeAnswer, onVerified: () => Promise<StepResult>, show: 'field' | 'form'): Promise<StepResult> | StepResult {
  if (answer.result === 'ok') return onVerified();
  if (answer.result === 'exhausted') return { outcome: 'failed', notice: { kind: 'error', key: 'code.failed' } };
  if (answer.result === 'refused') return { invalid: { form: ctx.t(answer.key, answer.vars) } };
  return show === 'field' ? { invalid: { fields: { code: ctx.t(answer.key) } } } : { invalid: { form: ctx.t(answer.key) } };
}

export const withAmr = (amr: string[], method: string): string[] => [...new Set([...amr, method])];

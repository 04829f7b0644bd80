import type { EmailConnector } from '../../../connectors/email.js';
import { codeEmail, linkEmail, type CodePurpose } from '../../notifications/templates.js';
import type { CodePolicy } from './one-time-codes.js';
import type { JsonSchema, NodeContext, Page, StepResult } from '../../nodes/types.js';

/**
 * What `email-verify` and `passwordless` share: sending a code or magic link to an email address,
 * and checking what comes back (typed code or opened link). The code lives in the store under the
 * subject `runId:nodeId`, so a page reload never sends a second mail.
 */
export interface EmailCodeSettings extends CodePolicy {
  method: 'code' | 'link';
}

export const emailCodeSchemaProperties: Record<string, JsonSchema> = {
  method: {
    type: 'string',
    enum: ['code', 'link'],
    default: 'code',
    title: 'What to send',
    description: 'A 6-digit code to type in, or a link to open in the same browser.',
  },
  ttlMinutes: { type: 'integer', minimum: 1, maximum: 60, default: 10, title: 'Minutes the code or link stays valid' },
  maxAttempts: { type: 'integer', minimum: 1, maximum: 20, default: 5, title: 'Wrong codes allowed before it stops working' },
  maxSendsPerHour: { type: 'integer', minimum: 1, maximum: 50, default: 5, title: 'Mails one address may receive per hour' },
};

export const emailCodeMessages = {
  en: {
    'emailCode.title': 'Check your email',
    'emailCode.introCode': 'We sent a 6-digit code to {email}. Enter it below.',
    'emailCode.introLink': 'We sent a link to {email}. Open it in this browser to continue.',
    'emailCode.code': 'Code',
    'emailCode.verify': 'Continue',
    'emailCode.resend': 'Send a new one',
    'emailCode.resent': 'We sent a new one. Earlier ones no longer work.',
    'emailCode.wrong': 'That code is not right. Please try again.',
    'emailCode.expired': 'This code has expired. Send a new one.',
    'emailCode.rateLimited': 'Too many messages were sent to this address. Please wait and try again later.',
    'emailCode.linkInvalid': 'This link has expired or was already used. Send a new one.',
    'emailCode.failed': 'Too many wrong codes.',
  },
  id: {
    'emailCode.title': 'Periksa email Anda',
    'emailCode.introCode': 'Kami mengirim kode 6 digit ke {email}. Masukkan di bawah ini.',
    'emailCode.introLink': 'Kami mengirim tautan ke {email}. Buka di peramban ini untuk melanjutkan.',
    'emailCode.code': 'Kode',
    'emailCode.verify': 'Lanjutkan',
    'emailCode.resend': 'Kirim yang baru',
    'emailCode.resent': 'Kami sudah mengirim yang baru. Yang sebelumnya tidak berlaku lagi.',
    'emailCode.wrong': 'Kode itu salah. Silakan coba lagi.',
    'emailCode.expired': 'Kode ini sudah kedaluwarsa. Kirim yang baru.',
    'emailCode.rateLimited': 'Terlalu banyak pesan dikirim ke alamat ini. Silakan coba lagi nanti.',
    'emailCode.linkInvalid': 'Tautan ini sudah kedaluwarsa atau sudah dipakai. Kirim yang baru.',
    'emailCode.failed': 'Terlalu banyak kode salah.',
  },
};

const subjectOf = (ctx: NodeContext<EmailCodeSettings>) => `${ctx.runId}:${ctx.nodeId}`;

function services(ctx: NodeContext<EmailCodeSettings>) {
  const codes = ctx.deps.codes;
  const email = ctx.deps.connectors.email as EmailConnector | undefined;
  if (!codes || !email) throw new Error(`Step ${ctx.nodeId} needs the one-time codes service and the email connector`);
  return { codes, email };
}

/** Issues (or re-issues) the code and mails it unless `deliver` is false; returns the i18n key of a problem. */
export async function sendCode(
  ctx: NodeContext<EmailCodeSettings>,
  address: string,
  purpose: CodePurpose,
  opts: { replace: boolean; deliver: boolean },
): Promise<string | null> {
  const { codes, email } = services(ctx);
  const s = ctx.settings;
  const issued = await codes.issue(subjectOf(ctx), address, s.method === 'link' ? 'token' : 'digits', s, opts.replace);
  if (issued.result === 'rate-limited') return 'emailCode.rateLimited';
  if (!issued.code || !opts.deliver) return null;
  const app = ctx.deps.appName ?? 'Gerbang';
  const message =
    s.method === 'link'
      ? linkEmail(ctx.lang, address, `${ctx.deps.publicUrl}/flow/${ctx.runId}/callback?token=${issued.code}`, s.ttlMinutes, app)
      : codeEmail(ctx.lang, address, purpose, issued.code, s.ttlMinutes, app);
  // Delivered in the background: the page answers equally fast whether or not a mail goes out.
  email.send(message).catch((err: unknown) => ctx.deps.logger.error('sending a one-time code failed', { error: String(err) }));
  return null;
}

export async function codePage(ctx: NodeContext<EmailCodeSettings>, address: string, problem: string | null): Promise<Page> {
  const isLink = ctx.settings.method === 'link';
  return {
    title: ctx.t('emailCode.title'),
    intro: ctx.t(isLink ? 'emailCode.introLink' : 'emailCode.introCode', { email: address }),
    error: problem ? ctx.t(problem) : undefined,
    fields: isLink ? [] : [{ name: 'code', label: ctx.t('emailCode.code'), type: 'code', autocomplete: 'one-time-code' }],
    actions: [
      ...(isLink ? [] : [{ value: 'verify', label: ctx.t('emailCode.verify') }]),
      { value: 'resend', label: ctx.t('emailCode.resend'), kind: 'secondary' as const, formNoValidate: true },
    ],
  };
}

/** Handles the code form: resend, or check the typed code. `onVerified` decides the outcome. */
export async function submitCode(
  ctx: NodeContext<EmailCodeSettings>,
  input: Record<string, string>,
  address: string,
  purpose: CodePurpose,
  deliver: boolean,
  onVerified: () => Promise<StepResult>,
): Promise<StepResult> {
  const { codes } = services(ctx);
  if (input.action === 'resend') {
    const problem = await sendCode(ctx, address, purpose, { replace: true, deliver });
    return { invalid: { form: ctx.t(problem ?? 'emailCode.resent') } };
  }
  if (ctx.settings.method === 'link') return { invalid: { form: ctx.t('emailCode.introLink', { email: address }) } };
  const code = input.code ?? '';
  if (!/^\s*\d[\d\s-]{4,10}\d\s*$/.test(code)) return { invalid: { fields: { code: ctx.t('emailCode.wrong') } } };
  return checked(ctx, await codes.verify(`${ctx.runId}:${ctx.nodeId}`, code), onVerified);
}

/** Handles an opened magic link. */
export async function linkOpened(
  ctx: NodeContext<EmailCodeSettings>,
  query: Record<string, string>,
  onVerified: () => Promise<StepResult>,
): Promise<StepResult> {
  const { codes } = services(ctx);
  const token = query.token ?? '';
  if (ctx.settings.method !== 'link' || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { invalid: { form: ctx.t('emailCode.linkInvalid') } };
  const result = await codes.verify(subjectOf(ctx), token);
  if (result === 'ok') return onVerified();
  if (result === 'exhausted') return { outcome: 'failed', notice: { kind: 'error', key: 'emailCode.failed' } };
  return { invalid: { form: ctx.t('emailCode.linkInvalid') } };
}

async function checked(
  ctx: NodeContext<EmailCodeSettings>,
  result: Awaited<ReturnType<NonNullable<NodeContext<EmailCodeSettings>['deps']['codes']>['verify']>>,
  onVerified: () => Promise<StepResult>,
): Promise<StepResult> {
  switch (result) {
    case 'ok':
      return onVerified();
    case 'wrong':
      return { invalid: { fields: { code: ctx.t('emailCode.wrong') } } };
    case 'exhausted':
      return { outcome: 'failed', notice: { kind: 'error', key: 'emailCode.failed' } };
    default:
      return { invalid: { fields: { code: ctx.t('emailCode.expired') } } };
  }
}

export const withAmr = (amr: string[], method: string): string[] => [...new Set([...amr, method])];

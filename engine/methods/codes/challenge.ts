import type { NodeContext, Page } from '../../nodes/types.js';
import type { CodePurpose } from '../../notifications/senders.js';
import type { CodePolicy } from './one-time-codes.js';
import type { CodeCheck } from '../../store/port.js';
import { checkSecretUnderThrottles, refusalNotice } from '../../protection/secret-checks.js';

/**
 * One-time codes, one implementation for every use: the email and passwordless steps, and the email
 * and SMS factors of the MFA steps. A code is issued for a subject (what it proves, e.g.
 * `runId:nodeId`), sent by mail or text message, and checked once; its texts are `code.*`.
 */
export interface CodeDelivery {
  channel: 'email' | 'sms';
  /** The email address or phone number (E.164). */
  to: string;
  /** What the message says the code is for. */
  purpose: CodePurpose;
  /** A 6-digit code to type in, or (email only) a link to open in the same browser. */
  form: 'code' | 'link';
}

/** Where an opened magic link lands: the run's callback, where its current step checks the token. */
export const magicLinkUrl = (ctx: NodeContext<unknown>, token: string) => `${ctx.services.publicUrl}/flow/${ctx.runId}/callback?token=${token}`;

/**
 * Issues a code for `subject` and sends it, unless `deliver` is false (the page looks the same, so
 * nobody learns whether an account exists). With `replace` false nothing new is issued when the
 * subject already had a code (a page reload sends nothing). Returns the i18n key of a problem.
 */
export async function sendCode(
  ctx: NodeContext<unknown>,
  subject: string,
  delivery: CodeDelivery,
  policy: CodePolicy,
  opts: { replace: boolean; deliver?: boolean },
): Promise<string | null> {
  const { codes, mailer, sms, logger } = ctx.services;
  const issued = await codes.issue(subject, delivery.to, delivery.form === 'link' ? 'token' : 'digits', policy, opts.replace);
  if (issued.result === 'rate-limited') return 'code.rateLimited';
  if (!issued.code || opts.deliver === false) return null;
  const message = { to: delivery.to, lang: ctx.lang, minutes: policy.ttlMinutes };
  const sending =
    delivery.channel === 'sms'
      ? sms.sendCode({ ...message, code: issued.code })
      : delivery.form === 'link'
        ? mailer.sendLink({ ...message, link: magicLinkUrl(ctx, issued.code) })
        : mailer.sendCode({ ...message, purpose: delivery.purpose, code: issued.code });
  // Sent in the background: the page answers equally fast whether or not a message goes out.
  sending.catch((err: unknown) => logger.error('sending a one-time code failed', { channel: delivery.channel, error: String(err) }));
  return null;
}

/**
 * The verdict on what came back: right, used up by wrong tries, try again (with the reason), or
 * refused unchecked by the sign-in throttles (not a wrong try of this code).
 */
export type CodeAnswer =
  | { result: 'ok' }
  | { result: 'exhausted' }
  | { result: 'retry'; key: string }
  | { result: 'refused'; key: string; vars: Record<string, number> };

/**
 * Checks a candidate under the sign-in throttles of `account` (an email) and this client's address:
 * a code guessed is counted like a password guessed. Wrong and used-up codes are failures; an expired
 * or missing code compares nothing and is not.
 */
async function throttledCodeCheck(ctx: NodeContext<unknown>, account: string, subject: string, candidate: string): Promise<CodeCheck | CodeAnswer> {
  const { throttles, codes, clock } = ctx.services;
  const checked = await checkSecretUnderThrottles(throttles, account, ctx.client.ip, clock.now(), {
    async check() {
      const value = await codes.verify(subject, candidate);
      return { value, verdict: value === 'ok' ? true : value === 'wrong' || value === 'exhausted' ? false : 'unchecked' };
    },
  });
  if (checked.result === 'blocked') return { result: 'refused', ...refusalNotice(checked) };
  return checked.value;
}

/** Checks a typed code (spaces and dashes allowed) of `account`; a right one is consumed, a wrong one counted. */
export async function checkTypedCode(ctx: NodeContext<unknown>, subject: string, typed: string, account: string): Promise<CodeAnswer> {
  if (!/^\s*\d[\d\s-]{4,10}\d\s*$/.test(typed)) return { result: 'retry', key: 'code.wrong' };
  const checked = await throttledCodeCheck(ctx, account, subject, typed);
  if (typeof checked === 'object') return checked;
  switch (checked) {
    case 'ok':
      return { result: 'ok' };
    case 'exhausted':
      return { result: 'exhausted' };
    case 'wrong':
      return { result: 'retry', key: 'code.wrong' };
    default:
      return { result: 'retry', key: 'code.expired' };
  }
}

/** Checks the token of an opened magic link sent to `account`. */
export async function checkLinkToken(ctx: NodeContext<unknown>, subject: string, token: string, account: string): Promise<CodeAnswer> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { result: 'retry', key: 'code.linkInvalid' };
  const checked = await throttledCodeCheck(ctx, account, subject, token);
  if (typeof checked === 'object') return checked;
  if (checked === 'ok') return { result: 'ok' };
  if (checked === 'exhausted') return { result: 'exhausted' };
  return { result: 'retry', key: 'code.linkInvalid' };
}

/**
 * The page asking for the code (or saying where the link went). `shownAs` is how the address is
 * shown (a phone number is masked); `problem` an i18n key from `sendCode`.
 */
export function codePage(ctx: NodeContext<unknown>, delivery: CodeDelivery, shownAs: string, problem: string | null): Page {
  const isLink = delivery.form === 'link';
  return {
    title: ctx.t(`code.${delivery.channel}.title`),
    intro: ctx.t(`code.${delivery.channel}.${isLink ? 'introLink' : 'introCode'}`, { to: shownAs }),
    error: problem ? ctx.t(problem) : undefined,
    fields: isLink ? [] : codeFields(ctx),
    actions: [...(isLink ? [] : [{ value: 'verify', label: ctx.t('code.verify') }]), resendAction(ctx)],
  };
}

export function codeFields(ctx: NodeContext<unknown>): Page['fields'] {
  return [{ name: 'code', label: ctx.t('code.code'), type: 'code', autocomplete: 'one-time-code' }];
}

export function resendAction(ctx: NodeContext<unknown>): Page['actions'][number] {
  return { value: 'resend', label: ctx.t('code.resend'), kind: 'secondary', formNoValidate: true };
}

/** A masked phone number for pages: only the last three digits. */
export const maskedPhone = (phone: string) => `••• ${phone.slice(-3)}`;

import type { FormInput, NodeContext, Page, StepResult } from '../../nodes/types.js';
import { DEFAULT_CODE_POLICY, type CodePolicy } from './one-time-codes.js';

/**
 * The part the `email` and `sms` factors share: a 6-digit code delivered by some channel, checked
 * with the one-time codes service. Their texts (`factorCode.*`, `factorEmail.*`, `factorSms.*`) are
 * in the common catalogue of hosted/i18n.ts, since factors are not node types.
 */
export const FACTOR_CODE_POLICY: CodePolicy = DEFAULT_CODE_POLICY;

export function codesOf(ctx: NodeContext<unknown>) {
  if (!ctx.deps.codes) throw new Error('The one-time codes service is not configured');
  return ctx.deps.codes;
}

/** Issues a code for `subject` and delivers it; returns the i18n key of a problem, if any. */
export async function issueAndDeliver(
  ctx: NodeContext<unknown>,
  subject: string,
  address: string,
  replace: boolean,
  deliver: (code: string) => Promise<void>,
): Promise<string | null> {
  const issued = await codesOf(ctx).issue(subject, address, 'digits', FACTOR_CODE_POLICY, replace);
  if (issued.result === 'rate-limited') return 'factorCode.rateLimited';
  if (issued.code) {
    const code = issued.code;
    deliver(code).catch((err: unknown) => ctx.deps.logger.error('sending a one-time code failed', { error: String(err) }));
  }
  return null;
}

/** Checks a typed code; `done` when right, `failed` once the code is used up by wrong tries. */
export async function checkTypedCode(ctx: NodeContext<unknown>, subject: string, input: FormInput): Promise<StepResult> {
  const code = input.code ?? '';
  if (!/^\s*\d[\d\s-]{4,10}\d\s*$/.test(code)) return { invalid: { fields: { code: ctx.t('factorCode.wrong') } } };
  switch (await codesOf(ctx).verify(subject, code)) {
    case 'ok':
      return { outcome: 'done' };
    case 'wrong':
      return { invalid: { fields: { code: ctx.t('factorCode.wrong') } } };
    case 'exhausted':
      return { outcome: 'failed' };
    default:
      return { invalid: { fields: { code: ctx.t('factorCode.expired') } } };
  }
}

export function codeFields(ctx: NodeContext<unknown>): Page['fields'] {
  return [{ name: 'code', label: ctx.t('factorCode.code'), type: 'code', autocomplete: 'one-time-code' }];
}

export function codeActions(ctx: NodeContext<unknown>): Page['actions'] {
  return [
    { value: 'verify', label: ctx.t('factorCode.verify') },
    { value: 'resend', label: ctx.t('factorCode.resend'), kind: 'secondary', formNoValidate: true },
  ];
}

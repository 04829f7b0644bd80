import type { FormInput, NodeContext, Notice, Page, StepResult } from '../nodes/types.js';
import type { AmrKind } from '../flow/steps.js';

/**
 * An authentication factor the `mfa-enroll` and `mfa-challenge` steps can offer, declared once like
 * a step type: its id, plain-language title, `amr` value, texts, and the pages it shows. Each factor
 * lives in its method's folder; `methods/index.ts` lists them and `FactorRegistry` serves them.
 */
export interface Factor {
  /** e.g. `totp`, `webauthn`, `email`, `sms`, `recovery-codes`. */
  id: string;
  /** Plain-language name for the designer. */
  title: string;
  /** RFC 8176 `amr` value recorded when this factor succeeds (e.g. `otp`, `hwk`, `sms`). */
  amr: AmrKind;
  /**
   * Texts of this factor's pages per language, merged into the i18n catalogue. Each factor names
   * itself for the method picker as `mfa.method.<id>` (e.g. "an authenticator app").
   */
  messages: Record<string, Record<string, string>>;
  /** Whether the run's user has this factor set up. */
  isEnrolled(ctx: NodeContext<unknown>): Promise<boolean>;
  /** Enrolment: absent for factors that need none (e.g. a code to the verified email). */
  enroll?: {
    render(ctx: NodeContext<unknown>): Promise<Page>;
    /** `{ outcome: 'done' }` when enrolled; `invalid` to show errors. */
    submit(ctx: NodeContext<unknown>, input: FormInput): Promise<StepResult>;
  };
  challenge: {
    render(ctx: NodeContext<unknown>): Promise<Page>;
    submit(ctx: NodeContext<unknown>, input: FormInput): Promise<FactorAnswer>;
  };
}

/**
 * What a factor makes of what the person sent. The MFA step turns it into the run's next move:
 * only `wrong` answers count towards the step's limit (asking for a new code does not).
 */
export type FactorAnswer =
  /** Proved: the step records the factor's `amr` with `mfa`. */
  | { result: 'verified'; notice?: Notice | null }
  /** A wrong answer; `key` says why on the page. `data` is kept in the step's data (e.g. a cleared ceremony). */
  | { result: 'wrong'; key: string; data?: Record<string, unknown> }
  /** The factor's own limit is reached (e.g. a code's wrong tries): the step fails. */
  | { result: 'used-up' }
  /** Not an answer, just something to tell (e.g. "we sent a new code"). */
  | { result: 'message'; key: string; vars?: Record<string, string | number> }
  /** Stay and remember this in the step's data (e.g. a passkey ceremony that started). */
  | { result: 'remember'; data: Record<string, unknown> };

/** The run's user, which every factor needs (the MFA steps come after a sign-in step). */
export function userOf(ctx: NodeContext<unknown>) {
  if (!ctx.user) throw new Error(`Step ${ctx.nodeId} needs an identified user`);
  return ctx.user;
}

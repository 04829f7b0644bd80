import type { FormInput, NodeContext, Page, StepResult } from '../nodes/types.js';

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
  amr: string;
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
    /** `{ outcome: 'done' }` when verified; `{ outcome: 'failed' }` after too many tries; `invalid` to retry. */
    submit(ctx: NodeContext<unknown>, input: FormInput): Promise<StepResult>;
  };
}

/** The run's user, which every factor needs (the MFA steps come after a sign-in step). */
export function userOf(ctx: NodeContext<unknown>) {
  if (!ctx.user) throw new Error(`Step ${ctx.nodeId} needs an identified user`);
  return ctx.user;
}

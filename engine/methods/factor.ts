import type { FormInput, NodeContext, Page, StepResult } from '../nodes/types.js';

/**
 * An authentication factor the `mfa-enroll` and `mfa-challenge` steps can use. Each factor is one
 * module in this folder, listed in `factors/index.ts`; the steps offer the factors their settings
 * allow and the user has (or can enrol).
 */
export interface Factor {
  /** e.g. `totp`, `webauthn`, `email`, `sms`, `recovery-codes`. */
  id: string;
  /** Plain-language name for the designer and the method picker. */
  label: string;
  /** RFC 8176 `amr` value recorded when this factor succeeds (e.g. `otp`, `hwk`, `sms`). */
  amr: string;
  /** Whether the run's user has this factor set up. */
  isEnrolled(ctx: NodeContext<unknown>): Promise<boolean>;
  /** Enrolment: absent for factors that need none (e.g. email code to the verified email). */
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

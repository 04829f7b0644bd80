import type { FactorAnswer } from '../factor.js';
import type { CodeAnswer } from './challenge.js';

/** A code's verdict as a factor's answer to the MFA steps. */
export function factorAnswer(answer: CodeAnswer): FactorAnswer {
  if (answer.result === 'ok') return { result: 'verified' };
  if (answer.result === 'exhausted') return { result: 'used-up' };
  // Refused by the throttles: said on the page, not counted as a wrong code of this step.
  if (answer.result === 'refused') return { result: 'message', key: answer.key, vars: answer.vars };
  return { result: 'wrong', key: answer.key };
}

/** The problem of sending a code (or "sent") as a message on the page. */
export const sentMessage = (problem: string | null): FactorAnswer => ({ result: 'message', key: problem ?? 'code.resent' });

import type { StepResult } from '../../nodes/types.js';
import type { NodeContext } from '../../nodes/types.js';
import type { CodeAnswer } from './challenge.js';

/** A code's verdict as a factor's answer to the MFA steps. */
export function factorResult(ctx: NodeContext<unknown>, answer: CodeAnswer): StepResult {
  if (answer.result === 'ok') return { outcome: 'done' };
  if (answer.result === 'exhausted') return { outcome: 'failed' };
  return { invalid: { fields: { code: ctx.t(answer.key) } } };
}

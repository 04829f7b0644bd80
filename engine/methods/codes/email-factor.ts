import type { Factor } from '../factor.js';
import { userOf } from '../factor.js';
import type { NodeContext } from '../../nodes/types.js';
import { DEFAULT_CODE_POLICY } from './one-time-codes.js';
import { checkTypedCode, codePage, sendCode, type CodeDelivery } from './challenge.js';
import { factorAnswer, sentMessage } from './factor-answer.js';
import { codeMessages } from './messages.js';

const subjectOf = (ctx: NodeContext<unknown>) => `${ctx.runId}:${ctx.nodeId}:email`;
const deliveryOf = (ctx: NodeContext<unknown>): CodeDelivery => ({ channel: 'email', to: userOf(ctx).email, purpose: 'mfa', form: 'code' });

/** A code mailed to the account's verified email address. Needs no enrolment. */
export const emailFactor: Factor = {
  id: 'email',
  title: 'Code by email',
  amr: 'otp',
  messages: codeMessages,
  isEnrolled: async (ctx) => Boolean(ctx.user?.emailVerified),
  challenge: {
    async render(ctx) {
      const problem = await sendCode(ctx, subjectOf(ctx), deliveryOf(ctx), DEFAULT_CODE_POLICY, { replace: false });
      return codePage(ctx, deliveryOf(ctx), userOf(ctx).email, problem);
    },
    async submit(ctx, input) {
      if (input.action === 'resend') {
        return sentMessage(await sendCode(ctx, subjectOf(ctx), deliveryOf(ctx), DEFAULT_CODE_POLICY, { replace: true }));
      }
      return factorAnswer(await checkTypedCode(ctx, subjectOf(ctx), input.code ?? '', userOf(ctx).email));
    },
  },
};

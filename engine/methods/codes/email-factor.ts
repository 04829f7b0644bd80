import type { EmailConnector } from '../../../connectors/email.js';
import { codeEmail } from '../../notifications/templates.js';
import type { Factor } from '../factor.js';
import type { NodeContext } from '../../nodes/types.js';
import { checkTypedCode, codeActions, codeFields, issueAndDeliver, FACTOR_CODE_POLICY } from './factor-code.js';

const subjectOf = (ctx: NodeContext<unknown>) => `${ctx.runId}:${ctx.nodeId}:email`;

function userOf(ctx: NodeContext<unknown>) {
  if (!ctx.user) throw new Error('The email factor needs an identified user');
  return ctx.user;
}

async function send(ctx: NodeContext<unknown>, replace: boolean): Promise<string | null> {
  const user = userOf(ctx);
  const email = ctx.deps.connectors.email as EmailConnector | undefined;
  if (!email) throw new Error('The email connector is not configured');
  return issueAndDeliver(ctx, subjectOf(ctx), user.email, replace, (code) =>
    email.send(codeEmail(ctx.lang, user.email, 'mfa', code, FACTOR_CODE_POLICY.ttlMinutes, ctx.deps.appName ?? 'Gerbang')),
  );
}

/** A code mailed to the account's verified email address. Needs no enrolment. */
export const emailFactor: Factor = {
  id: 'email',
  label: 'Code by email',
  amr: 'otp',
  isEnrolled: async (ctx) => Boolean(ctx.user?.emailVerified),
  challenge: {
    async render(ctx) {
      const problem = await send(ctx, false);
      return {
        title: ctx.t('factorEmail.title'),
        intro: ctx.t('factorEmail.intro', { email: userOf(ctx).email }),
        error: problem ? ctx.t(problem) : undefined,
        fields: codeFields(ctx),
        actions: codeActions(ctx),
      };
    },
    async submit(ctx, input) {
      if (input.action === 'resend') return { invalid: { form: ctx.t((await send(ctx, true)) ?? 'factorCode.resent') } };
      return checkTypedCode(ctx, subjectOf(ctx), input);
    },
  },
};

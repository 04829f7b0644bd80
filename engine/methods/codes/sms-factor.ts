import type { SmsConnector } from '../../../connectors/sms.js';
import { codeSms } from '../../notifications/templates.js';
import type { Factor } from '../factor.js';
import type { FormInput, NodeContext, StepResult } from '../../nodes/types.js';
import { checkTypedCode, codeActions, codeFields, issueAndDeliver, FACTOR_CODE_POLICY } from './factor-code.js';

/** E.164 after removing spaces, dots, dashes and brackets: + then 8 to 15 digits. */
export function normalisePhone(raw: string): string | null {
  const phone = raw.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{7,14}$/.test(phone) ? phone : null;
}

function userOf(ctx: NodeContext<unknown>) {
  if (!ctx.user) throw new Error('The SMS factor needs an identified user');
  return ctx.user;
}

const verifiedPhone = (ctx: NodeContext<unknown>): string | null => {
  const a = ctx.user?.attributes ?? {};
  return a.phone_number_verified === true && typeof a.phone_number === 'string' ? a.phone_number : null;
};

function sendTo(ctx: NodeContext<unknown>, subject: string, phone: string, replace: boolean): Promise<string | null> {
  const sms = ctx.deps.connectors.sms as SmsConnector | undefined;
  if (!sms) throw new Error('The SMS connector is not configured');
  return issueAndDeliver(ctx, subject, phone, replace, (code) =>
    sms.send({ to: phone, text: codeSms(ctx.lang, code, FACTOR_CODE_POLICY.ttlMinutes, ctx.deps.appName ?? 'Gerbang') }),
  );
}

// The enrolment code is bound to the number it went to, so a verified code proves that number.
const enrollSubject = (ctx: NodeContext<unknown>, phone: string) => `${ctx.runId}:${ctx.nodeId}:sms-enroll:${phone}`;
const challengeSubject = (ctx: NodeContext<unknown>) => `${ctx.runId}:${ctx.nodeId}:sms`;

/** A code by text message to the account's verified phone number (the `phone_number` attribute). */
export const smsFactor: Factor = {
  id: 'sms',
  label: 'Code by text message',
  amr: 'sms',
  isEnrolled: async (ctx) => verifiedPhone(ctx) !== null,
  enroll: {
    async render(ctx) {
      return {
        title: ctx.t('factorSms.enrollTitle'),
        intro: ctx.t('factorSms.enrollIntro'),
        fields: [
          { name: 'phone', label: ctx.t('factorSms.phone'), type: 'tel', autocomplete: 'tel', required: true },
          ...codeFields(ctx),
        ],
        actions: [{ value: 'send', label: ctx.t('factorSms.send'), kind: 'secondary', formNoValidate: true }, codeActions(ctx)[0]],
      };
    },
    async submit(ctx: NodeContext<unknown>, input: FormInput): Promise<StepResult> {
      const phone = normalisePhone(input.phone ?? '');
      if (!phone) return { invalid: { fields: { phone: ctx.t('field.tel') } } };
      if (input.action === 'send') {
        const problem = await sendTo(ctx, enrollSubject(ctx, phone), phone, true);
        return { invalid: { form: ctx.t(problem ?? 'factorSms.sent', { phone }) } };
      }
      const result = await checkTypedCode(ctx, enrollSubject(ctx, phone), input);
      if (!('outcome' in result) || result.outcome !== 'done') return result;
      const user = userOf(ctx);
      await ctx.deps.store.users.updateAttributes(user.id, { phone_number: phone, phone_number_verified: true });
      await ctx.deps.store.audit.record({
        at: ctx.deps.now(),
        type: 'factor.added',
        userId: user.id,
        actor: user.id,
        ip: ctx.client.ip,
        details: { factor: 'sms' },
      });
      return { outcome: 'done' };
    },
  },
  challenge: {
    async render(ctx) {
      const phone = verifiedPhone(ctx);
      if (!phone) throw new Error('The user has no verified phone number');
      const problem = await sendTo(ctx, challengeSubject(ctx), phone, false);
      return {
        title: ctx.t('factorSms.title'),
        intro: ctx.t('factorSms.intro', { phone: `••• ${phone.slice(-3)}` }),
        error: problem ? ctx.t(problem) : undefined,
        fields: codeFields(ctx),
        actions: codeActions(ctx),
      };
    },
    async submit(ctx, input) {
      const phone = verifiedPhone(ctx);
      if (!phone) throw new Error('The user has no verified phone number');
      if (input.action === 'resend') return { invalid: { form: ctx.t((await sendTo(ctx, challengeSubject(ctx), phone, true)) ?? 'factorCode.resent') } };
      return checkTypedCode(ctx, challengeSubject(ctx), input);
    },
  },
};

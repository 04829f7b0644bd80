import type { Factor } from '../factor.js';
import { userOf } from '../factor.js';
import type { FormInput, NodeContext, StepResult } from '../../nodes/types.js';
import { DEFAULT_CODE_POLICY } from './one-time-codes.js';
import { checkTypedCode, codeFields, codePage, maskedPhone, sendCode, type CodeDelivery } from './challenge.js';
import { factorAnswer, sentMessage } from './factor-answer.js';
import { codeMessages } from './messages.js';
import { domainEvents } from '../../outbox/domain-events.js';

/** E.164 after removing spaces, dots, dashes and brackets: + then 8 to 15 digits. */
export function normalisePhone(raw: string): string | null {
  const phone = raw.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{7,14}$/.test(phone) ? phone : null;
}

const verifiedPhone = (ctx: NodeContext<unknown>): string | null => {
  const a = ctx.user?.attributes ?? {};
  return a.phone_number_verified === true && typeof a.phone_number === 'string' ? a.phone_number : null;
};

const smsTo = (phone: string): CodeDelivery => ({ channel: 'sms', to: phone, purpose: 'mfa', form: 'code' });

// The enrolment code is bound to the number it went to, so a verified code proves that number.
const enrollSubject = (ctx: NodeContext<unknown>, phone: string) => `${ctx.runId}:${ctx.nodeId}:sms-enroll:${phone}`;
const challengeSubject = (ctx: NodeContext<unknown>) => `${ctx.runId}:${ctx.nodeId}:sms`;

function phoneOf(ctx: NodeContext<unknown>): string {
  const phone = verifiedPhone(ctx);
  if (!phone) throw new Error('The user has no verified phone number');
  return phone;
}

/** A code by text message to the account's verified phone number (the `phone_number` attribute). */
export const smsFactor: Factor = {
  id: 'sms',
  title: 'Code by text message',
  amr: 'sms',
  messages: codeMessages,
  isEnrolled: async (ctx) => verifiedPhone(ctx) !== null,
  enroll: {
    async render(ctx) {
      return {
        title: ctx.t('code.sms.enrollTitle'),
        intro: ctx.t('code.sms.enrollIntro'),
        fields: [{ name: 'phone', label: ctx.t('code.sms.phone'), type: 'tel', autocomplete: 'tel', required: true }, ...codeFields(ctx)],
        actions: [
          { value: 'send', label: ctx.t('code.sms.send'), kind: 'secondary', formNoValidate: true },
          { value: 'verify', label: ctx.t('code.verify') },
        ],
      };
    },
    async submit(ctx: NodeContext<unknown>, input: FormInput): Promise<StepResult> {
      const phone = normalisePhone(input.phone ?? '');
      if (!phone) return { invalid: { fields: { phone: ctx.t('field.tel') } } };
      if (input.action === 'send') {
        const problem = await sendCode(ctx, enrollSubject(ctx, phone), smsTo(phone), DEFAULT_CODE_POLICY, { replace: true });
        return { invalid: { form: ctx.t(problem ?? 'code.sms.sent', { phone }) } };
      }
      const user = userOf(ctx);
      const answer = await checkTypedCode(ctx, enrollSubject(ctx, phone), input.code ?? '', user.email);
      if (answer.result === 'exhausted') return { invalid: { fields: { code: ctx.t('code.failed') } } };
      if (answer.result === 'retry' || answer.result === 'refused') return { invalid: { fields: { code: ctx.t(answer.key, answer.result === 'refused' ? answer.vars : undefined) } } };
      await ctx.services.store.users.updateAttributes(user.id, { phone_number: phone, phone_number_verified: true }, domainEvents.profileUpdated(['phone_number', 'phone_number_verified'], ctx.services.clock.now()));
      await ctx.audit.record('factor.added', { userId: user.id, details: { factor: 'sms' } });
      return { outcome: 'done' };
    },
  },
  challenge: {
    async render(ctx) {
      const phone = phoneOf(ctx);
      const problem = await sendCode(ctx, challengeSubject(ctx), smsTo(phone), DEFAULT_CODE_POLICY, { replace: false });
      return codePage(ctx, smsTo(phone), maskedPhone(phone), problem);
    },
    async submit(ctx, input) {
      const phone = phoneOf(ctx);
      if (input.action === 'resend') {
        return sentMessage(await sendCode(ctx, challengeSubject(ctx), smsTo(phone), DEFAULT_CODE_POLICY, { replace: true }));
      }
      return factorAnswer(await checkTypedCode(ctx, challengeSubject(ctx), input.code ?? '', userOf(ctx).email));
    },
  },
};

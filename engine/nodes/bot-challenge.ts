import type { NodeType, StepResult } from './types.js';
import { codeMessages } from '../methods/codes/messages.js';
import { botMessages, challengeNeeded, passChallenge, withChallenge } from '../protection/bot-guard.js';

interface BotChallengeSettings {
  /** Ask every time, or only when the client's address has many failed sign-ins (see BOT_CHALLENGE_AFTER_FAILURES). */
  when: 'always' | 'elevated';
}

/**
 * "Are you a person?": a proof of work the browser solves by itself (no third party, nothing to click),
 * or, without JavaScript, a code by email. Put it before a step an attacker would hammer, or on the
 * "high" outcome of the risk step.
 */
export const botChallengeNode: NodeType<BotChallengeSettings> = {
  type: 'bot-challenge',
  title: 'Bot challenge',
  description: 'The browser solves a small proof of work before the journey goes on; without JavaScript, a code by email. Self-hosted: nothing is sent to a third party.',
  icon: 'PoW',
  category: 'logic',
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['when'],
    properties: {
      when: {
        type: 'string',
        enum: ['always', 'elevated'],
        default: 'always',
        title: 'When to ask',
        description: '"always", or "elevated": only when the address has had many failed sign-ins.',
      },
    },
  },
  defaultSettings: { when: 'always' },
  outcomes: () => [{ name: 'passed', label: 'Passed' }],
  messages: {
    en: { ...codeMessages.en, ...botMessages.en, 'bot.title': 'One moment', 'bot.continue': 'Continue' },
    id: { ...codeMessages.id, ...botMessages.id, 'bot.title': 'Sebentar', 'bot.continue': 'Lanjutkan' },
  },
  auto: async (ctx) => ((await challengeNeeded(ctx, ctx.settings.when === 'always')) ? null : { outcome: 'passed' }),
  render: (ctx) => withChallenge(ctx, { title: ctx.t('bot.title'), fields: [], actions: [{ value: 'continue', label: ctx.t('bot.continue') }] }, { auto: true }),
  submit: async (ctx, input): Promise<StepResult> => {
    const answer = await passChallenge(ctx, input);
    if (answer === 'passed') return { outcome: 'passed' };
    // A code by email proved a person: go on at once.
    if ('update' in answer && answer.update.data?.[ctx.nodeId]?.human === true) return { outcome: 'passed', patch: answer.update };
    return answer;
  },
};

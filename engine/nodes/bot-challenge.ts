import type { NodeType, StepResult } from './types.js';
import { codeMessages } from '../methods/codes/messages.js';
import { botMessages, challengeNeeded, passCaptcha, passChallenge, withCaptcha, withChallenge } from '../protection/bot-guard.js';
import type { CaptchaProvider } from '../protection/captcha.js';

interface BotChallengeSettings {
  /** Ask every time, or only when the client's address has many failed sign-ins (see BOT_CHALLENGE_AFTER_FAILURES). */
  when: 'always' | 'elevated';
  /** The self-hosted proof of work (default), or a CAPTCHA provider whose keys are set in the console. */
  challenge?: 'proof-of-work' | CaptchaProvider;
}

const captchaOf = (s: BotChallengeSettings): CaptchaProvider | null => (s.challenge && s.challenge !== 'proof-of-work' ? s.challenge : null);

/**
 * "Are you a person?": a proof of work the browser solves by itself (no third party, nothing to click),
 * or, without JavaScript, a code by email. Put it before a step an attacker would hammer, or on the
 * "high" outcome of the risk step.
 */
export const botChallengeNode: NodeType<BotChallengeSettings> = {
  type: 'bot-challenge',
  title: 'Bot challenge',
  description: 'The browser solves a small proof of work (self-hosted: nothing is sent to a third party), or the person a CAPTCHA (Turnstile, hCaptcha, reCAPTCHA), before the journey goes on; without JavaScript, a code by email.',
  icon: 'PoW',
  category: 'logic',
  words: {
    id: {
      title: 'Tantangan bot',
      description: 'Peramban menyelesaikan proof of work kecil (di-host sendiri: tidak ada yang dikirim ke pihak ketiga), atau orang itu menyelesaikan CAPTCHA (Turnstile, hCaptcha, reCAPTCHA), sebelum perjalanan berlanjut; tanpa JavaScript, kode lewat email.',
      outcomes: {
        passed: 'Lolos',
      },
      settings: {
        'When to ask': 'Kapan ditanyakan',
        'Always, or only when the address has had many failed sign-ins.': 'Selalu, atau hanya bila alamat itu sudah banyak gagal masuk.',
        Always: 'Selalu',
        'After many failed sign-ins from the address': 'Setelah banyak proses masuk gagal dari alamat itu',
        Challenge: 'Tantangan',
        'The proof of work needs no third party; a CAPTCHA provider needs its keys set in the console (Attack protection). A provider that is down or refuses the keys lets nobody through.': 'Proof of work tidak memerlukan pihak ketiga; penyedia CAPTCHA memerlukan kuncinya diatur di konsol (Perlindungan serangan). Penyedia yang sedang tidak berfungsi atau menolak kuncinya tidak meloloskan siapa pun.',
        'Proof of work in the browser (self-hosted)': 'Proof of work di peramban (di-host sendiri)',
        'Cloudflare Turnstile': 'Cloudflare Turnstile',
        hCaptcha: 'hCaptcha',
        'Google reCAPTCHA': 'Google reCAPTCHA',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['when'],
    properties: {
      when: {
        type: 'string',
        enum: ['always', 'elevated'],
        'x-enum-titles': { always: 'Always', elevated: 'After many failed sign-ins from the address' },
        default: 'always',
        title: 'When to ask',
        description: 'Always, or only when the address has had many failed sign-ins.',
      },
      challenge: {
        type: 'string',
        title: 'Challenge',
        description: 'The proof of work needs no third party; a CAPTCHA provider needs its keys set in the console (Attack protection). A provider that is down or refuses the keys lets nobody through.',
        default: 'proof-of-work',
        oneOf: [
          { const: 'proof-of-work', title: 'Proof of work in the browser (self-hosted)' },
          { const: 'turnstile', title: 'Cloudflare Turnstile' },
          { const: 'hcaptcha', title: 'hCaptcha' },
          { const: 'recaptcha', title: 'Google reCAPTCHA' },
        ],
      },
    },
  },
  defaultSettings: { when: 'always', challenge: 'proof-of-work' },
  outcomes: () => [{ name: 'passed', label: 'Passed' }],
  messages: {
    en: { ...codeMessages.en, ...botMessages.en, 'bot.title': 'One moment', 'bot.continue': 'Continue' },
    id: { ...codeMessages.id, ...botMessages.id, 'bot.title': 'Sebentar', 'bot.continue': 'Lanjutkan' },
  },
  auto: async (ctx) => ((await challengeNeeded(ctx, ctx.settings.when === 'always')) ? null : { outcome: 'passed' }),
  render: (ctx) => {
    const page = { title: ctx.t('bot.title'), fields: [], actions: [{ value: 'continue', label: ctx.t('bot.continue') }] };
    const provider = captchaOf(ctx.settings);
    return provider ? withCaptcha(ctx, page, provider) : withChallenge(ctx, page, { auto: true });
  },
  submit: async (ctx, input): Promise<StepResult> => {
    const provider = captchaOf(ctx.settings);
    const answer = provider ? await passCaptcha(ctx, input, provider) : await passChallenge(ctx, input);
    if (answer === 'passed') return { outcome: 'passed' };
    // A code by email proved a person: go on at once.
    if ('update' in answer && answer.update.data?.[ctx.nodeId]?.human === true) return { outcome: 'passed', patch: answer.update };
    return answer;
  },
};

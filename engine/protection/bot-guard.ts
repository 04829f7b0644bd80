import type { FormInput, NodeContext, Page, StepResult } from '../nodes/types.js';
import { checkTypedCode, sendCode } from '../methods/codes/challenge.js';
import { DEFAULT_CODE_POLICY } from '../methods/codes/one-time-codes.js';
import type { CaptchaProvider } from './captcha.js';

/**
 * The bot challenge on a page, before any secret is checked: the browser solves a proof of work
 * (`/assets/proof-of-work.js` fills the hidden `pow` field), one solution per attempt; a person
 * without JavaScript asks for a code by email instead, and once it is typed in, this run needs no
 * further challenge (a bot cannot read the mailbox). Used by the password step when the address
 * misbehaves and by the bot-challenge step.
 */

const mine = (ctx: NodeContext<unknown>) => ctx.state.data[ctx.nodeId] ?? {};
const codeSubject = (ctx: NodeContext<unknown>) => `${ctx.runId}:${ctx.nodeId}:human`;

/** True when this run proved a person by an emailed code. */
export const provedHuman = (ctx: NodeContext<unknown>) => mine(ctx).human === true;

/** Whether this page must carry the challenge now (`always` for the bot-challenge step). */
export async function challengeNeeded(ctx: NodeContext<unknown>, always = false): Promise<boolean> {
  if (provedHuman(ctx)) return false;
  return always || ctx.services.bots.elevated(ctx.client.ip, ctx.services.clock.now());
}

/** Adds the challenge to a page: the puzzle for the browser, and the way without JavaScript. */
export async function withChallenge(ctx: NodeContext<unknown>, page: Page, opts: { auto?: boolean } = {}): Promise<Page> {
  const sentTo = mine(ctx).humanCode;
  if (typeof sentTo === 'string') {
    return {
      ...page,
      intro: ctx.t('bot.codeIntro', { to: sentTo }),
      fields: [...page.fields, { name: 'code', label: ctx.t('code.code'), type: 'code', autocomplete: 'one-time-code' }],
      actions: [{ value: 'bot-code', label: ctx.t('code.verify'), formNoValidate: true }, { value: 'bot-email', label: ctx.t('code.resend'), kind: 'secondary', formNoValidate: true }],
    };
  }
  const challenge = await ctx.services.bots.issue();
  return {
    ...page,
    fields: [...page.fields, ...emailWay(ctx), { name: 'pow', label: '', type: 'hidden', value: '' }],
    actions: [...page.actions, { value: 'bot-email', label: ctx.t('bot.noScript'), kind: 'link', formNoValidate: true }],
    blocks: [
      ...(page.blocks ?? []),
      { kind: 'text', text: ctx.t('bot.why') },
      { kind: 'data', id: 'pow-challenge', json: { ...challenge, auto: opts.auto === true } },
      { kind: 'script', src: '/assets/proof-of-work.js' },
    ],
  };
}

/**
 * Handles what came back with a challenged page: `passed` lets the caller go on (check the password,
 * take the outcome); anything else is the answer to give now. Nothing here checks the step's secret.
 */
export async function passChallenge(ctx: NodeContext<unknown>, input: FormInput): Promise<'passed' | StepResult> {
  const { bots, clock } = ctx.services;
  const data = mine(ctx);
  if (input.action === 'bot-email') {
    const to = ctx.state.email ?? (typeof data.humanCode === 'string' ? data.humanCode : (input.bot_email ?? '').trim().toLowerCase());
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to) || to.length > 254) return { invalid: { fields: { bot_email: ctx.t('field.email') } } };
    const problem = await sendCode(ctx, codeSubject(ctx), { channel: 'email', to, purpose: 'signin', form: 'code' }, DEFAULT_CODE_POLICY, { replace: true });
    if (problem) return { invalid: { form: ctx.t(problem) } };
    return { update: { data: { [ctx.nodeId]: { humanCode: to } } } };
  }
  if (input.action === 'bot-code' && typeof data.humanCode === 'string') {
    const answer = await checkTypedCode(ctx, codeSubject(ctx), input.code ?? '', data.humanCode);
    if (answer.result === 'ok') {
      await ctx.audit.record('bot.passed', { actor: null, details: { by: 'email-code' } });
      return { update: { data: { [ctx.nodeId]: { human: true, humanCode: null } } }, notice: { kind: 'info', key: 'bot.thanks' } };
    }
    if (answer.result === 'exhausted') return { update: { data: { [ctx.nodeId]: { humanCode: null } } }, notice: { kind: 'error', key: 'code.failed' } };
    return { invalid: { fields: { code: ctx.t(answer.key, answer.result === 'refused' ? answer.vars : undefined) } } };
  }
  if (await bots.redeem(input.pow ?? '', clock.now())) return 'passed';
  await ctx.audit.record('bot.challenged', { actor: null, details: { solved: false } });
  return { invalid: { form: ctx.t('bot.pending') } };
}

/** The way without JavaScript, and the answer to an emailed code: shared by every kind of challenge. */
const emailWay = (ctx: NodeContext<unknown>) => (ctx.state.email ? [] : [{ name: 'bot_email', label: ctx.t('bot.email'), type: 'email' as const, autocomplete: 'email' }]);

/**
 * Adds a CAPTCHA provider's widget to a page instead of the proof of work: `/assets/captcha.js` draws
 * the widget from `#captcha-widget` and copies the solved token into the hidden `captcha` field; the
 * page's CSP allows that provider's scripts and frames. A provider without keys, or one that is down,
 * never lets the journey on (fail closed); the emailed code stays a way forward.
 */
export async function withCaptcha(ctx: NodeContext<unknown>, page: Page, provider: CaptchaProvider): Promise<Page> {
  if (typeof mine(ctx).humanCode === 'string') return withChallenge(ctx, page);
  const widget = await ctx.services.captcha.widget(provider);
  const way = { value: 'bot-email', label: ctx.t('bot.noScript'), kind: 'link' as const, formNoValidate: true };
  if (!widget) return { ...page, error: page.error ?? ctx.t('bot.captchaUnavailable'), fields: [...page.fields, ...emailWay(ctx)], actions: [way] };
  return {
    ...page,
    fields: [...page.fields, ...emailWay(ctx), { name: 'captcha', label: '', type: 'hidden', value: '' }],
    actions: [...page.actions, way],
    blocks: [
      ...(page.blocks ?? []),
      { kind: 'text', text: ctx.t('bot.captchaWhy') },
      { kind: 'data', id: 'captcha-widget', json: { siteKey: widget.siteKey, scriptUrl: widget.scriptUrl, widgetClass: widget.widgetClass } },
      { kind: 'script', src: '/assets/captcha.js' },
    ],
    thirdParty: { scripts: widget.scriptOrigins, frames: widget.frameOrigins },
  };
}

/**
 * Handles what came back with a CAPTCHA page: the emailed code as with the proof of work, otherwise
 * the widget's token checked by the provider's verify API. `passed` lets the caller go on.
 */
export async function passCaptcha(ctx: NodeContext<unknown>, input: FormInput, provider: CaptchaProvider): Promise<'passed' | StepResult> {
  if (input.action === 'bot-email' || input.action === 'bot-code') return passChallenge(ctx, input);
  const verdict = await ctx.services.captcha.verify(provider, input.captcha ?? '', ctx.client.ip);
  if (verdict.result === 'passed') {
    await ctx.audit.record('bot.passed', { actor: null, details: { by: provider } });
    return 'passed';
  }
  if (verdict.result === 'unavailable') {
    ctx.services.logger.error('CAPTCHA check unavailable, failing closed', { provider, reason: verdict.reason });
    await ctx.audit.record('bot.challenged', { actor: null, details: { solved: false, provider, unavailable: true } });
    return { invalid: { form: ctx.t('bot.captchaUnavailable') } };
  }
  await ctx.audit.record('bot.challenged', { actor: null, details: { solved: false, provider, codes: verdict.codes } });
  return { invalid: { form: ctx.t('bot.captchaFailed') } };
}

export const botMessages = {
  en: {
    'bot.why': 'There was unusual activity from your network, so your browser solves a small puzzle before we continue. It takes a few seconds.',
    'bot.pending': 'Your browser has not finished the puzzle yet. Wait a moment and try again, or get a code by email instead.',
    'bot.noScript': 'Get a code by email instead',
    'bot.email': 'Email address for the code',
    'bot.codeIntro': 'We sent a 6-digit code to {to}. Enter it to show you are a person.',
    'bot.thanks': 'Thank you. You can continue now.',
    'bot.captchaWhy': 'Please confirm that you are a person before we continue.',
    'bot.captchaFailed': 'That check did not work. Please try it again.',
    'bot.captchaUnavailable': 'We cannot check right now that you are a person: the service that does it is not answering. Please try again in a few minutes, or get a code by email instead.',
  },
  id: {
    'bot.why': 'Ada aktivitas tidak biasa dari jaringan Anda, jadi peramban Anda menyelesaikan teka-teki kecil sebelum kami lanjutkan. Ini butuh beberapa detik.',
    'bot.pending': 'Peramban Anda belum menyelesaikan teka-tekinya. Tunggu sebentar lalu coba lagi, atau minta kode lewat email.',
    'bot.noScript': 'Minta kode lewat email saja',
    'bot.email': 'Alamat email untuk kode',
    'bot.codeIntro': 'Kami mengirim kode 6 digit ke {to}. Masukkan untuk menunjukkan bahwa Anda manusia.',
    'bot.thanks': 'Terima kasih. Anda dapat melanjutkan sekarang.',
    'bot.captchaWhy': 'Mohon pastikan bahwa Anda manusia sebelum kami lanjutkan.',
    'bot.captchaFailed': 'Pemeriksaan itu tidak berhasil. Silakan coba lagi.',
    'bot.captchaUnavailable': 'Kami tidak dapat memeriksa sekarang bahwa Anda manusia: layanan pemeriksanya tidak menjawab. Silakan coba lagi beberapa menit lagi, atau minta kode lewat email.',
  },
};

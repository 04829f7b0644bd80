import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastCode, type FakeWorld } from '../../test/support/fake-context.js';
import { solvePow } from '../../test/support/proof-of-work.js';
import { passwordNode } from './password.js';
import { botChallengeNode } from './bot-challenge.js';
import type { Page } from './types.js';
import { FakeCaptchaVerifier } from '../../test/support/captcha-verify.js';

const BOT = '198.51.100.66';

const challengeOf = (page: Page) => {
  const data = page.blocks?.find((b) => b.kind === 'data' && b.id === 'pow-challenge');
  return data && data.kind === 'data' ? (data.json as { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string; auto: boolean }) : null;
};

describe('bot-challenge step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  /** Ten failed sign-ins from the bot's address (the fake world's threshold). */
  async function misbehave() {
    for (let i = 0; i < 10; i++) {
      const email = `victim${i}@example.com`;
      await world.user(email, { password: 'correct horse battery' });
      const step = world.step(passwordNode, { state: { email }, ip: BOT });
      await step.submit({ password: `guess ${i}` });
    }
  }

  it('passes at once for a quiet address when set to "elevated", asks otherwise, and auto-submits when solved', async () => {
    const quiet = world.step(botChallengeNode, { settings: { when: 'elevated' }, ip: '203.0.113.9' });
    expect(await quiet.auto()).toEqual({ outcome: 'passed' });
    await misbehave();
    const busy = world.step(botChallengeNode, { settings: { when: 'elevated' }, ip: BOT });
    expect(await busy.auto()).toBeNull();
    const always = world.step(botChallengeNode, { settings: { when: 'always' }, ip: '203.0.113.9' });
    expect(await always.auto()).toBeNull();
    const page = await always.render();
    expect(page.title).toBe('One moment');
    expect(challengeOf(page)).toMatchObject({ auto: true });
    await always.submit({ action: 'continue', pow: await solvePow(challengeOf(page)!) });
    expect(always.outcome).toBe('passed');
  });

  it('before the email is known: asks where to send the code, and passes once it is typed', async () => {
    const step = world.step(botChallengeNode, { ip: BOT });
    const page = await step.render();
    expect(page.fields.map((f) => f.label)).toContain('Email address for the code');
    expect(await step.submit({ action: 'bot-email', bot_email: 'not an address' })).toEqual({ invalid: { fields: { bot_email: 'Please enter a valid email address.' } } });
    await step.submit({ action: 'bot-email', bot_email: 'Citra@Example.com' });
    await step.submit({ action: 'bot-code', code: lastCode(world, 'citra@example.com') });
    expect(step.outcome).toBe('passed');
  });

  describe('with a CAPTCHA provider', () => {
    const verifier = new FakeCaptchaVerifier('turnstile-secret-key');
    beforeAll(() => verifier.start());
    afterAll(() => verifier.stop());

    const widgetOf = (page: Page) => {
      const data = page.blocks?.find((b) => b.kind === 'data' && b.id === 'captcha-widget');
      return data && data.kind === 'data' ? data.json : null;
    };

    it('shows the provider\'s widget with its site key, allows only that provider in the page, and passes a solved token once', async () => {
      await world.captcha.save('turnstile', { siteKey: '0x4AAAAAAAsite', secret: 'turnstile-secret-key', verifyUrl: verifier.url }, 'admin');
      const step = world.step(botChallengeNode, { settings: { when: 'always', challenge: 'turnstile' }, ip: '203.0.113.9' });
      const page = await step.render();
      expect(widgetOf(page)).toEqual({ siteKey: '0x4AAAAAAAsite', scriptUrl: 'https://challenges.cloudflare.com/turnstile/v0/api.js', widgetClass: 'cf-turnstile' });
      expect(page.thirdParty).toEqual({ scripts: ['https://challenges.cloudflare.com'], frames: ['https://challenges.cloudflare.com'] });
      expect(challengeOf(page)).toBeNull();
      // Nothing solved: refused with the reason in words.
      expect(await step.submit({ action: 'continue', captcha: '' })).toEqual({ invalid: { form: 'That check did not work. Please try it again.' } });
      const token = verifier.solve();
      await step.submit({ action: 'continue', captcha: token });
      expect(step.outcome).toBe('passed');
      expect(verifier.received.at(-1)).toMatchObject({ secret: 'turnstile-secret-key', response: token, remoteip: '203.0.113.9' });
      // The same token again, in another run: the provider refuses it.
      const replay = world.step(botChallengeNode, { settings: { when: 'always', challenge: 'turnstile' } });
      expect(await replay.submit({ action: 'continue', captcha: token })).toEqual({ invalid: { form: 'That check did not work. Please try it again.' } });
      const trail = await world.store.audit.list({ type: 'bot.passed', limit: 5 });
      expect(trail[0].details).toEqual({ by: 'turnstile' });
    });

    it('fails closed with a clear message when the provider is down or has no keys, and the emailed code still works', async () => {
      await world.captcha.save('hcaptcha', { siteKey: 'site-hc', secret: 'turnstile-secret-key', verifyUrl: verifier.url }, 'admin');
      const step = world.step(botChallengeNode, { settings: { when: 'always', challenge: 'hcaptcha' }, state: { email: 'dewi@example.com' } });
      await step.render();
      verifier.down = true;
      try {
        expect(await step.submit({ action: 'continue', captcha: verifier.solve() })).toEqual({
          invalid: { form: 'We cannot check right now that you are a person: the service that does it is not answering. Please try again in a few minutes, or get a code by email instead.' },
        });
      } finally {
        verifier.down = false;
      }
      expect(step.outcome).toBeNull();
      await step.submit({ action: 'bot-email' });
      await step.submit({ action: 'bot-code', code: lastCode(world, 'dewi@example.com') });
      expect(step.outcome).toBe('passed');

      // A provider chosen in the step but never given keys: the page says so, and only the code is offered.
      const unset = world.step(botChallengeNode, { settings: { when: 'always', challenge: 'recaptcha' } });
      const page = await unset.render();
      expect(page.error).toContain('We cannot check right now that you are a person');
      expect(page.actions.map((a) => a.label)).toEqual(['Get a code by email instead']);
      expect(await unset.submit({ action: 'continue', captcha: 'anything' })).toEqual({ invalid: { form: expect.stringContaining('We cannot check right now') } });
    });
  });
});

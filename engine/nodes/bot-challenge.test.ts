import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastCode, type FakeWorld } from '../../test/support/fake-context.js';
import { solvePow } from '../../test/support/proof-of-work.js';
import { passwordNode } from './password.js';
import { botChallengeNode } from './bot-challenge.js';
import type { Page } from './types.js';

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
});

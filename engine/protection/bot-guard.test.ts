import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastCode, type FakeWorld } from '../../test/support/fake-context.js';
import { solvePow } from '../../test/support/proof-of-work.js';
import { passwordNode } from '../nodes/password.js';
import type { Page } from '../nodes/types.js';

const BOT = '198.51.100.66';
const PASSWORD = 'correct horse battery';

const challengeOf = (page: Page) => {
  const data = page.blocks?.find((b) => b.kind === 'data' && b.id === 'pow-challenge');
  return data && data.kind === 'data' ? (data.json as { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string; auto: boolean }) : null;
};

describe('bot challenge', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  /** Ten failed sign-ins on ten accounts from the bot's address: the challenge's threshold (fake world: 10). */
  async function misbehave(address = BOT) {
    for (let i = 0; i < 10; i++) {
      const email = `victim${i}@example.com`;
      await world.user(email, { password: PASSWORD });
      const step = world.step(passwordNode, { state: { email }, ip: address });
      await step.submit({ password: `guess ${i}` });
      expect(step.outcome).toBe('wrong-password');
    }
  }

  it('puts a proof of work before the password once an address misbehaves, one solution per attempt', async () => {
    const user = await world.user('putri@example.com', { password: PASSWORD });
    const clean = world.step(passwordNode, { state: { email: 'putri@example.com' }, ip: BOT });
    expect(challengeOf(await clean.render())).toBeNull();
    await misbehave();

    const step = world.step(passwordNode, { state: { email: 'putri@example.com' }, ip: BOT });
    const page = await step.render();
    const challenge = challengeOf(page)!;
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: 5000, auto: false });
    expect(page.fields.find((f) => f.name === 'pow')).toMatchObject({ type: 'hidden' });
    expect(page.blocks).toContainEqual({ kind: 'script', src: '/assets/proof-of-work.js' });
    expect(page.actions.map((a) => a.label)).toContain('Get a code by email instead');

    // Without a solution even the right password is not checked, and nothing counts as a failure.
    expect(await step.submit({ password: PASSWORD })).toEqual({
      invalid: { form: 'Your browser has not finished the puzzle yet. Wait a moment and try again, or get a code by email instead.' },
    });
    expect(await world.store.audit.list({ userId: user.id, type: 'signin.failed', limit: 5 })).toEqual([]);
    expect(await world.services.throttles.addressFailures(BOT, world.clock.now())).toBe(10);
    // A forged or tampered solution is refused too.
    const solved = await solvePow(challenge);
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(solved, 'base64').toString()), number: 1 })).toString('base64');
    expect(await step.submit({ password: PASSWORD, pow: tampered })).toHaveProperty('invalid');
    expect(await step.submit({ password: PASSWORD, pow: 'bm90IGpzb24=' })).toHaveProperty('invalid');
    // Solved: the password is checked.
    await step.submit({ password: PASSWORD, pow: solved });
    expect(step.outcome).toBe('success');
    expect(step.state.userId).toBe(user.id);
    // The same solution does not pay for a second attempt.
    const replay = world.step(passwordNode, { state: { email: 'putri@example.com' }, ip: BOT });
    expect(await replay.submit({ password: PASSWORD, pow: solved })).toHaveProperty('invalid');
    expect(replay.outcome).toBeNull();
  });

  it('lets a person without JavaScript through with a code by email, once per journey', async () => {
    const user = await world.user('budi@example.com', { password: PASSWORD });
    await misbehave();
    const step = world.step(passwordNode, { state: { email: 'budi@example.com' }, ip: BOT });
    await step.render();
    await step.submit({ action: 'bot-email' });
    const codePage = await step.render();
    expect(codePage.intro).toBe('We sent a 6-digit code to budi@example.com. Enter it to show you are a person.');
    expect(codePage.fields.map((f) => f.label)).toEqual(['Email address', 'Password', 'Code']);
    expect(await step.submit({ action: 'bot-code', code: '12345' })).toEqual({ invalid: { fields: { code: 'That code is not right. Please try again.' } } });
    await step.submit({ action: 'bot-code', code: lastCode(world, 'budi@example.com') });
    expect((await step.render()).info).toBe('Thank you. You can continue now.');
    // No puzzle any more in this journey: a wrong password is counted and said, the right one signs in.
    expect(challengeOf(await step.render())).toBeNull();
    await step.submit({ password: 'not it' });
    expect(step.outcome).toBe('wrong-password');
    await step.submit({ password: PASSWORD });
    expect(step.outcome).toBe('success');
    expect(step.state.userId).toBe(user.id);
    expect(await world.store.audit.list({ type: 'bot.passed', limit: 5 })).toHaveLength(1);
  });
});

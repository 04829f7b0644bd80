import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastCode, lastEmail, type FakeWorld } from '../../test/support/fake-context.js';
import { passwordlessNode } from './passwordless.js';

describe('passwordless step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('signs an existing account in with the mailed code, verifying its email', async () => {
    const user = await world.user('ana@example.com');
    const step = world.step(passwordlessNode, { state: { email: 'ana@example.com' } });
    await step.render();
    expect(lastEmail(world, 'ana@example.com').subject).toBe('Gerbang: Your sign-in code');
    await step.submit({ code: lastCode(world, 'ana@example.com'), action: 'verify' });
    expect(step.outcome).toBe('signed-in');
    expect(step.state).toMatchObject({ userId: user.id, amr: ['otp'] });
    expect((await world.store.users.findById(user.id))?.emailVerified).toBe(true);
  });

  it('creates the account of a new address once its code comes back', async () => {
    const step = world.step(passwordlessNode, { state: { email: 'new@example.com' } });
    await step.render();
    await step.submit({ code: lastCode(world, 'new@example.com'), action: 'verify' });
    expect(step.outcome).toBe('signed-up');
    const user = await world.store.users.findByEmail('new@example.com');
    expect(user).toMatchObject({ id: step.state.userId, emailVerified: true });
    expect((await world.store.audit.list({ userId: user!.id, type: 'signup', limit: 1 }))[0].details).toEqual({ method: 'email-code' });
  });

  it('without sign-up, mails nothing to an unknown address and the page looks the same', async () => {
    const step = world.step(passwordlessNode, { settings: { allowSignup: false }, state: { email: 'ghost@example.com' } });
    expect((await step.render()).intro).toBe('We sent a 6-digit code to ghost@example.com. Enter it below.');
    expect(world.outbox.emails).toEqual([]);
    expect(await step.submit({ code: '123456', action: 'verify' })).toHaveProperty('invalid');
  });

  it('offers the designer an outcome for a new account besides signing in and failing', () => {
    expect(world.step(passwordlessNode).outcomes()).toEqual(['signed-in', 'signed-up', 'failed']);
  });
});

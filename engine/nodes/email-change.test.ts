import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastEmail, type FakeWorld } from '../../test/support/fake-context.js';
import { changeEmailNode, newEmailNode } from './email-change.js';

describe('new-email and change-email steps', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('asks for a new address that is valid, different and free', async () => {
    const user = await world.user('ana@example.com');
    await world.user('taken@example.com');
    const step = world.step(newEmailNode, { state: { userId: user.id } });
    expect((await step.render()).intro).toBe('Your email address is ana@example.com. We will send a code to the new address to check it.');
    expect(await step.submit({ email: 'nope' })).toEqual({ invalid: { fields: { email: 'Please enter a valid email address.' } } });
    expect(await step.submit({ email: 'ANA@example.com' })).toEqual({ invalid: { fields: { email: 'This is already your email address.' } } });
    expect(await step.submit({ email: 'taken@example.com' })).toEqual({ invalid: { fields: { email: 'This email address cannot be used. Choose another one.' } } });
    await step.submit({ email: 'Ana.New@example.com' });
    expect(step.outcome).toBe('entered');
    expect(step.state.email).toBe('ana.new@example.com');
    expect((await world.store.users.findById(user.id))?.email).toBe('ana@example.com');
  });

  it('makes the verified new address the account email and tells the old address', async () => {
    const user = await world.user('budi@example.com');
    const step = world.step(changeEmailNode, { state: { userId: user.id, email: 'budi.new@example.com' } });
    await step.auto();
    expect(step.outcome).toBe('changed');
    expect(step.state.notice).toEqual({ kind: 'info', key: 'changeEmail.done', vars: { email: 'budi.new@example.com' } });
    expect((await world.store.users.findById(user.id))?.email).toBe('budi.new@example.com');
    await new Promise((resolve) => setImmediate(resolve));
    const notice = lastEmail(world, 'budi@example.com');
    expect(notice.subject).toBe('Gerbang: Your email address was changed');
    expect(notice.text).toContain('budi.new@example.com');
    expect((await world.store.audit.list({ userId: user.id, type: 'email.changed', limit: 1 }))[0].details).toEqual({ from: 'budi@example.com', to: 'budi.new@example.com' });
  });

  it('ends as "taken" when another account took the address meanwhile', async () => {
    const user = await world.user('citra@example.com');
    await world.user('quick@example.com');
    const step = world.step(changeEmailNode, { state: { userId: user.id, email: 'quick@example.com' } });
    await step.auto();
    expect(step.outcome).toBe('taken');
    expect((await world.store.users.findById(user.id))?.email).toBe('citra@example.com');
    expect(world.outbox.emails).toEqual([]);
  });
});

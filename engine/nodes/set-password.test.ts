import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { setPasswordNode } from './set-password.js';
import { passwordNode } from './password.js';

describe('set-password step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('replaces the password, signs out every session and ends a lock', async () => {
    const user = await world.user('ana@example.com', { password: 'the old password' });
    await world.store.sessions.create({ id: 's1', userId: user.id, amr: ['pwd'], proofs: [], createdAt: world.clock.now(), lastSeenAt: world.clock.now(), expiresAt: new Date(world.clock.now().getTime() + 3_600_000), userAgent: null, ip: null });
    const guesses = world.step(passwordNode, { state: { email: 'ana@example.com' } });
    for (let i = 0; i < 5; i++) await guesses.submit({ password: `guess ${i}` });
    expect(guesses.outcome).toBe('locked');

    const step = world.step(setPasswordNode, { state: { userId: user.id } });
    expect(await step.auto()).toBeNull();
    expect((await step.render()).fields.map((f) => f.label)).toEqual(['Email address', 'New password', 'Repeat the new password']);
    await step.submit({ password: 'a brand new password', confirm: 'a brand new password' });
    expect(step.outcome).toBe('done');
    expect(step.state.notice?.key).toBe('setPassword.done');
    expect(await world.store.sessions.listByUser(user.id)).toEqual([]);
    expect((await world.store.audit.list({ userId: user.id, type: 'password.changed', limit: 1 }))[0]).toMatchObject({ actor: user.id });

    const oldOne = world.step(passwordNode, { state: { email: 'ana@example.com' } });
    await oldOne.submit({ password: 'the old password' });
    expect(oldOne.outcome).toBe('wrong-password');
    const newOne = world.step(passwordNode, { state: { email: 'ana@example.com' } });
    await newOne.submit({ password: 'a brand new password' });
    expect(newOne.outcome).toBe('success');
  });

  it('refuses two different passwords and a password against the policy', async () => {
    const user = await world.user('budi@example.com', { password: 'the old password' });
    const step = world.step(setPasswordNode, { state: { userId: user.id } });
    expect(await step.submit({ password: 'a brand new password', confirm: 'a brand new passwort' })).toEqual({
      invalid: { fields: { confirm: 'The two passwords are not the same.' } },
    });
    expect(await step.submit({ password: 'short', confirm: 'short' })).toEqual({ invalid: { fields: { password: 'Use at least 10 characters.' } } });
    // A known-breached password is refused at reset too, and the old one still works.
    expect(await step.submit({ password: '1234567890', confirm: '1234567890' })).toEqual({
      invalid: { fields: { password: 'This password appears in known data breaches, so it is easy to guess. Choose another one.' } },
    });
    const old = world.step(passwordNode, { state: { email: 'budi@example.com' } });
    await old.submit({ password: 'the old password' });
    expect(old.outcome).toBe('success');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { passwordNode } from './password.js';

describe('password step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('signs in with the right password, recording "pwd"', async () => {
    const user = await world.user('ana@example.com', { password: 'correct horse battery' });
    const step = world.step(passwordNode, { state: { email: 'ana@example.com' } });
    const page = await step.render();
    expect(page.fields.map((f) => f.label)).toEqual(['Email address', 'Password']);
    expect(page.fields[0]).toMatchObject({ value: 'ana@example.com', readonly: true });

    await step.submit({ password: 'correct horse battery' });
    expect(step.outcome).toBe('success');
    expect(step.state).toMatchObject({ userId: user.id, amr: ['pwd'] });
  });

  it('counts a wrong password, says so, and audits the failure with the client address', async () => {
    const user = await world.user('budi@example.com', { password: 'correct horse battery' });
    const step = world.step(passwordNode, { state: { email: 'budi@example.com' }, ip: '198.51.100.4' });
    await step.submit({ password: 'wrong guess' });
    expect(step.outcome).toBe('wrong-password');
    expect(step.state.userId).toBeUndefined();
    expect((await step.render()).error).toBe('That password is not right. Please try again.');
    const [event] = await world.store.audit.list({ userId: user.id, type: 'signin.failed', limit: 5 });
    expect(event).toMatchObject({ actor: null, ip: '198.51.100.4', details: { reason: 'wrong-password' } });
  });

  it('blocks this address for the account after the configured wrong passwords, even against the right one, until the time is up', async () => {
    await world.user('citra@example.com', { password: 'correct horse battery' });
    const from = (ip: string) => world.step(passwordNode, { settings: { maxAttempts: 3, lockMinutes: 15 }, state: { email: 'citra@example.com' }, ip });
    const step = from('198.51.100.7');
    await step.submit({ password: 'nope 1' });
    await step.submit({ password: 'nope 2' });
    expect(step.outcome).toBe('wrong-password');
    await step.submit({ password: 'nope 3' });
    expect(step.outcome).toBe('locked');
    expect((await step.render()).error).toBe('Too many wrong passwords from your network for this account. Try again in 15 minutes, or reset your password.');

    world.clock.advanceMinutes(10);
    await step.submit({ password: 'correct horse battery' });
    expect(step.outcome).toBe('locked');
    // The owner, from another address, is not stopped.
    const owner = from('203.0.113.50');
    await owner.submit({ password: 'correct horse battery' });
    expect(owner.outcome).toBe('success');

    world.clock.advanceMinutes(6);
    await step.submit({ password: 'correct horse battery' });
    expect(step.outcome).toBe('success');
  });

  it('slows an account failing from many addresses, keeping the person on the step, and emails the owner once', async () => {
    await world.user('eka@example.com', { password: 'correct horse battery' });
    const from = (ip: string) => world.step(passwordNode, { state: { email: 'eka@example.com' }, ip });
    for (let a = 0; a < 5; a++) {
      const attacker = from(`198.51.100.${a}`);
      for (let i = 0; i < 4; i++) await attacker.submit({ password: `guess ${a}-${i}` });
    }
    await from('198.51.100.9').submit({ password: 'one more guess' });
    const owner = from('203.0.113.50');
    await owner.submit({ password: 'correct horse battery' });
    expect(owner.outcome).toBeNull();
    expect((await owner.render()).error).toMatch(/^This account has had many failed sign-ins, so it is slowed down to protect it\. Wait \d+ seconds and try again\.$/);
    await new Promise((r) => setTimeout(r, 50));
    expect(world.outbox.emails.map((m) => [m.to, m.subject])).toEqual([['eka@example.com', 'Gerbang: Many failed sign-ins on your account']]);
    world.clock.advanceMinutes(1);
    await owner.submit({ password: 'correct horse battery' });
    expect(owner.outcome).toBe('success');
  });

  it('starts the count again after a right password', async () => {
    const user = await world.user('dewi@example.com', { password: 'correct horse battery' });
    const step = world.step(passwordNode, { settings: { maxAttempts: 2, lockMinutes: 15 }, state: { email: 'dewi@example.com' } });
    await step.submit({ password: 'nope' });
    await step.submit({ password: 'correct horse battery' });
    await step.submit({ password: 'nope again' });
    expect(step.outcome).toBe('wrong-password');
  });

  it('answers "no such account" for an unknown email without revealing it on the page', async () => {
    const step = world.step(passwordNode, { state: { email: 'nobody@example.com' } });
    await step.submit({ password: 'anything at all' });
    expect(step.outcome).toBe('unknown-user');
    expect(step.state.notice).toBeNull();
  });

  it('asks for the password when the field is empty', async () => {
    const step = world.step(passwordNode, { state: { email: 'ana@example.com' } });
    expect(await step.submit({ password: '' })).toEqual({ invalid: { fields: { password: 'Please fill in this field.' } } });
  });

  it('flags a right password that is known-breached and has a new one chosen before the sign-in goes on', async () => {
    const user = await world.user('eko@example.com', { password: 'qwertyuiop' });
    const step = world.step(passwordNode, { state: { email: 'eko@example.com' } });
    await step.submit({ password: 'qwertyuiop' });
    expect(step.outcome).toBeNull();
    expect(step.state.userId).toBeUndefined();
    const page = await step.render();
    expect(page.title).toBe('Choose a new password');
    expect(page.intro).toBe('The password you signed in with appears in known data breaches, so others may know it. Choose a new one to continue.');
    expect(page.fields.map((f) => f.label)).toEqual(['Email address', 'New password', 'Repeat the new password']);
    // Another breached one is refused; so are two different ones.
    expect(await step.submit({ password: 'password123', confirm: 'password123' })).toEqual({
      invalid: { fields: { password: 'This password appears in known data breaches, so it is easy to guess. Choose another one.' } },
    });
    expect(await step.submit({ password: 'a fresh long passphrase', confirm: 'another one' })).toEqual({ invalid: { fields: { confirm: 'The two passwords are not the same.' } } });
    await step.submit({ password: 'a fresh long passphrase', confirm: 'a fresh long passphrase' });
    expect(step.outcome).toBe('success');
    expect(step.state).toMatchObject({ userId: user.id, amr: ['pwd'] });
    expect(step.state.data.step).toMatchObject({ breached: true, breachedUser: null });
    expect(await world.store.audit.list({ userId: user.id, type: 'password.breached', limit: 5 })).toHaveLength(1);
    // The breached password no longer works; the new one does.
    const again = world.step(passwordNode, { state: { email: 'eko@example.com' } });
    await again.submit({ password: 'qwertyuiop' });
    expect(again.outcome).toBe('wrong-password');
    await again.submit({ password: 'a fresh long passphrase' });
    expect(again.outcome).toBe('success');
  });

  it('only flags a breached password when the step is set to', async () => {
    const user = await world.user('fajar@example.com', { password: 'qwertyuiop' });
    const step = world.step(passwordNode, { settings: { onBreached: 'flag' }, state: { email: 'fajar@example.com' } });
    await step.submit({ password: 'qwertyuiop' });
    expect(step.outcome).toBe('success');
    expect(step.state).toMatchObject({ userId: user.id, data: { step: { breached: true } } });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { registerNode } from './register.js';
import { passwordNode } from './password.js';
import { DEFAULT_PASSWORD_POLICY } from '../methods/password/policy.js';

describe('register step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('creates an account whose password then signs in, and audits the sign-up', async () => {
    const step = world.step(registerNode, { state: { email: 'ana@example.com' } });
    expect((await step.render()).fields[0].value).toBe('ana@example.com');
    await step.submit({ email: 'Ana@Example.com', password: 'a long enough password' });
    expect(step.outcome).toBe('created');
    expect(step.state).toMatchObject({ email: 'ana@example.com', amr: ['pwd'] });
    const user = await world.store.users.findByEmail('ana@example.com');
    expect(user?.id).toBe(step.state.userId);
    expect(await world.store.audit.list({ userId: user!.id, type: 'signup', limit: 1 })).toHaveLength(1);

    const signIn = world.step(passwordNode, { state: { email: 'ana@example.com' } });
    await signIn.submit({ password: 'a long enough password' });
    expect(signIn.outcome).toBe('success');
  });

  it('explains every rule the password breaks, and creates nothing', async () => {
    const step = world.step(registerNode, { settings: { policy: { ...DEFAULT_PASSWORD_POLICY, requireDigit: true } } });
    const result = await step.submit({ email: 'budi@example.com', password: 'short' });
    expect(result).toEqual({ invalid: { fields: { password: 'Use at least 10 characters. Add a digit.' } } });
    expect(await world.store.users.findByEmail('budi@example.com')).toBeNull();
  });

  it('refuses the email as password', async () => {
    const step = world.step(registerNode);
    const result = await step.submit({ email: 'citra.long@example.com', password: 'citra.long@example.com' });
    expect(result).toEqual({ invalid: { fields: { password: 'Do not use your email address as password.' } } });
  });

  it('refuses a known-breached password inline, and creates nothing', async () => {
    const step = world.step(registerNode);
    const result = await step.submit({ email: 'eko@example.com', password: 'qwertyuiop' });
    expect(result).toEqual({ invalid: { fields: { password: 'This password appears in known data breaches, so it is easy to guess. Choose another one.' } } });
    expect(await world.store.users.findByEmail('eko@example.com')).toBeNull();
  });

  it('says an account exists instead of creating a second one', async () => {
    await world.user('dewi@example.com', { password: 'the first password' });
    const step = world.step(registerNode);
    const result = await step.submit({ email: 'dewi@example.com', password: 'another long password' });
    expect(result).toEqual({ invalid: { fields: { email: 'An account with this email already exists. Sign in instead.' } } });
  });

  it('flags a policy whose shortest password is longer than the longest', () => {
    expect(registerNode.check?.({ policy: { ...DEFAULT_PASSWORD_POLICY, minLength: 100, maxLength: 20 } }).map((p) => p.en)).toEqual(['the shortest password is longer than the longest']);
  });
});

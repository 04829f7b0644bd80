import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { FakeIdentityProvider, signInAtProvider } from '../../test/support/fake-identity-provider.js';
import { linkIdentityNode, socialNode } from './social.js';
import { passwordNode } from './password.js';

describe('link-identity step', () => {
  let world: FakeWorld;
  let idp: FakeIdentityProvider;
  beforeEach(async () => {
    world = await fakeWorld();
    idp = new FakeIdentityProvider('acme', 'Acme ID');
    world.social.set('acme', idp);
  });
  afterEach(() => world.close());


  it('links to an existing account only after its owner proved it with the password', async () => {
    const owner = await world.user('citra@example.com', { password: 'citra long password' });
    idp.profile = { subject: 'acme-3', email: 'citra@example.com', emailVerified: true, attributes: {} };
    const social = world.step(socialNode, { settings: { connections: ['acme'] } });
    await signInAtProvider(social, idp);
    expect(social.outcome).toBe('link-required');
    expect(social.state.userId).toBeUndefined();

    // Not proved yet: link-identity links nothing.
    const early = world.step(linkIdentityNode, { state: { data: social.state.data } });
    await expect(early.auto()).rejects.toThrow('The email address of this social account was not verified in this journey.');
    expect(await world.store.identities.find('acme', 'acme-3')).toBeNull();

    const password = world.step(passwordNode, { state: { email: 'citra@example.com' } });
    await password.submit({ password: 'citra long password' });
    const link = world.step(linkIdentityNode, { state: { ...password.state, data: social.state.data } });
    await link.auto();
    expect(link.outcome).toBe('linked');
    expect(link.state.amr).toEqual(['pwd', 'fed']);
    expect(await world.store.identities.find('acme', 'acme-3')).toMatchObject({ userId: owner.id });
    expect(await world.store.audit.list({ userId: owner.id, type: 'identity.linked', limit: 1 })).toHaveLength(1);
  });

  it('creates the account only once the journey proved the mailbox the provider did not verify', async () => {
    idp.profile = { subject: 'acme-6', email: 'gita@example.com', emailVerified: false, attributes: { given_name: 'Gita' } };
    const social = world.step(socialNode, { settings: { connections: ['acme'], verifyEmail: true } });
    await signInAtProvider(social, idp);
    expect(social.outcome).toBe('verify-email');
    // Another address proved is no proof of this one.
    const wrong = world.step(linkIdentityNode, { state: { email: 'gita@example.com', verifiedEmail: 'other@example.com', data: social.state.data } });
    await expect(wrong.auto()).rejects.toThrow('not verified in this journey');
    expect(await world.store.users.findByEmail('gita@example.com')).toBeNull();

    const link = world.step(linkIdentityNode, { state: { email: 'gita@example.com', verifiedEmail: 'gita@example.com', data: social.state.data } });
    await link.auto();
    expect(link.outcome).toBe('linked');
    const user = await world.store.users.findByEmail('gita@example.com');
    expect(user).toMatchObject({ id: link.state.userId, emailVerified: true, attributes: { given_name: 'Gita' } });
    expect(await world.store.identities.find('acme', 'acme-6')).toMatchObject({ userId: user!.id, emailVerified: true });
  });

  it('refuses to link the social account to someone else who signed in meanwhile', async () => {
    await world.user('dewi@example.com');
    const other = await world.user('eko@example.com');
    idp.profile = { subject: 'acme-4', email: 'dewi@example.com', emailVerified: true, attributes: {} };
    const social = world.step(socialNode, { settings: { connections: ['acme'] } });
    await signInAtProvider(social, idp);
    const link = world.step(linkIdentityNode, { state: { userId: other.id, data: social.state.data } });
    await expect(link.auto()).rejects.toThrow('The signed-in account is not the one the social account was meant for');
    expect(await world.store.identities.find('acme', 'acme-4')).toBeNull();
  });

  it('moves on without linking when no social account is waiting', async () => {
    const user = await world.user('fajar@example.com');
    const step = world.step(linkIdentityNode, { state: { userId: user.id } });
    await step.auto();
    expect(step.outcome).toBe('linked');
    expect(await world.store.audit.list({ userId: user.id, type: 'identity.linked', limit: 1 })).toEqual([]);
  });
});

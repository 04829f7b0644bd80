import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../../test/support/fake-context.js';
import { FakeIdentityProvider, signInAtProvider } from '../../../test/support/fake-identity-provider.js';
import { socialNode } from '../../nodes/social.js';

describe('social sign-in method', () => {
  let world: FakeWorld;
  let idp: FakeIdentityProvider;
  beforeEach(async () => {
    world = await fakeWorld();
    idp = new FakeIdentityProvider('acme', 'Acme ID');
    world.social.set('acme', idp);
  });
  afterEach(() => world.close());


  it('never links to an existing account on an unverified email from the provider', async () => {
    await world.user('budi@example.com', { password: 'budi long password' });
    idp.profile = { subject: 'acme-2', email: 'budi@example.com', emailVerified: false, attributes: {} };
    const step = world.step(socialNode, { settings: { connections: ['acme'], verifyEmail: false } });
    await signInAtProvider(step, idp);
    expect(step.outcome).toBe('failed');
    expect(step.state.notice?.key).toBe('social.unverified');
    expect(await world.store.identities.find('acme', 'acme-2')).toBeNull();
  });

  it('never creates an account on an unverified email from a provider that is not trusted', async () => {
    idp.profile = { subject: 'acme-3', email: 'victim@example.com', emailVerified: false, attributes: {} };
    const refused = world.step(socialNode, { settings: { connections: ['acme'], allowEmail: false, verifyEmail: false } });
    await signInAtProvider(refused, idp);
    expect(refused.outcome).toBe('failed');
    expect(world.translate('en', refused.state.notice!.key, refused.state.notice!.vars)).toBe('Acme ID has not verified your email address. Verify it there, or continue with email.');

    const verifying = world.step(socialNode, { settings: { connections: ['acme'], allowEmail: false, verifyEmail: true } });
    await signInAtProvider(verifying, idp);
    expect(verifying.outcome).toBe('verify-email');
    expect(verifying.state.email).toBe('victim@example.com');
    expect(verifying.state.userId).toBeUndefined();
    expect(await world.store.users.findByEmail('victim@example.com')).toBeNull();
    expect(await world.store.identities.find('acme', 'acme-3')).toBeNull();
  });

  it('takes a trusted provider\'s unverified email, and remembers the link as unproved', async () => {
    idp.trusted = true;
    idp.profile = { subject: 'acme-4', email: 'corp@example.com', emailVerified: false, attributes: {} };
    const step = world.step(socialNode, { settings: { connections: ['acme'], allowEmail: false } });
    await signInAtProvider(step, idp);
    expect(step.outcome).toBe('signed-up');
    expect(await world.store.users.findByEmail('corp@example.com')).toMatchObject({ emailVerified: false });
    expect(await world.store.identities.find('acme', 'acme-4')).toMatchObject({ emailVerified: false });
  });

  it('fails with a plain message when the provider shares no email, or the exchange breaks', async () => {
    idp.profile = { subject: 'acme-5', email: null, emailVerified: false, attributes: {} };
    const noEmail = world.step(socialNode, { settings: { connections: ['acme'] } });
    await signInAtProvider(noEmail, idp);
    expect(noEmail.outcome).toBe('failed');
    expect(world.translate('en', noEmail.state.notice!.key, noEmail.state.notice!.vars)).toBe('Acme ID did not share an email address, which we need for your account.');

    idp.profile = null;
    const broken = world.step(socialNode, { settings: { connections: ['acme'] } });
    await signInAtProvider(broken, idp);
    expect(broken.outcome).toBe('failed');
    expect(broken.state.data.step.pending).toBeNull();
    expect(await world.store.users.findByEmail('ana@example.com')).toBeNull();
  });

  it('binds the state to the run and sends a fresh nonce and PKCE challenge each time', async () => {
    const step = world.step(socialNode, { settings: { connections: ['acme'] } });
    await step.submit({ action: 'connect:acme' });
    await step.submit({ action: 'connect:acme' });
    const [a, b] = idp.requests;
    expect(a.state.startsWith(`${step.runId}.`)).toBe(true);
    expect(a.state).not.toBe(b.state);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.codeChallenge).not.toBe(b.codeChallenge);
    expect(a.redirectUri).toBe('https://id.example.com/social/callback/acme');
  });
});

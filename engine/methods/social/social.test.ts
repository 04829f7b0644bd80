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
    const step = world.step(socialNode, { settings: { connections: ['acme'] } });
    await signInAtProvider(step, idp);
    expect(step.outcome).toBe('failed');
    expect(step.state.notice?.key).toBe('social.unverified');
    expect(await world.store.identities.find('acme', 'acme-2')).toBeNull();
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

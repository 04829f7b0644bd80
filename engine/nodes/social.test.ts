import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { FakeIdentityProvider, signInAtProvider } from '../../test/support/fake-identity-provider.js';
import { socialNode } from './social.js';

describe('social and link-identity steps', () => {
  let world: FakeWorld;
  let idp: FakeIdentityProvider;
  beforeEach(async () => {
    world = await fakeWorld();
    idp = new FakeIdentityProvider('acme', 'Acme ID');
    world.social.set('acme', idp);
  });
  afterEach(() => world.close());


  it('shows a button per configured connection it names, and "continue with email"', async () => {
    const step = world.step(socialNode, { settings: { connections: ['acme', 'not-configured'], allowEmail: true } });
    const page = await step.render();
    expect(page.actions.map((a) => a.label)).toEqual(['Continue with Acme ID', 'Continue with email']);
    await step.submit({ action: 'email' });
    expect(step.outcome).toBe('email');
  });

  it('creates an account from the provider\'s profile, then signs the same person in again', async () => {
    idp.profile = { subject: 'acme-1', email: 'ana@example.com', emailVerified: true, attributes: { given_name: 'Ana' } };
    const first = world.step(socialNode, { settings: { connections: ['acme'] } });
    await signInAtProvider(first, idp);
    expect(first.outcome).toBe('signed-up');
    expect(first.state.amr).toEqual(['fed']);
    const user = await world.store.users.findByEmail('ana@example.com');
    expect(user).toMatchObject({ id: first.state.userId, emailVerified: true, attributes: { given_name: 'Ana' } });
    // The PKCE verifier never sits in the run state in plain text.
    expect(JSON.stringify(first.state)).not.toContain(idp.requests[0].codeChallenge);

    const again = world.step(socialNode, { settings: { connections: ['acme'] } });
    await signInAtProvider(again, idp);
    expect(again.outcome).toBe('signed-in');
    expect(again.state.userId).toBe(user!.id);
  });

  it('refuses an answer whose state does not belong to this run', async () => {
    const step = world.step(socialNode, { settings: { connections: ['acme'] } });
    await step.submit({ action: 'connect:acme' });
    await expect(step.callback('https://id.example.com/social/callback/acme?code=stolen&state=forged', { connection: 'acme' })).rejects.toThrow(
      'This sign-in answer does not belong to this journey.',
    );
  });

  it('says so when the person cancelled at the provider', async () => {
    const step = world.step(socialNode, { settings: { connections: ['acme'] } });
    await signInAtProvider(step, idp, 'access_denied');
    expect(step.outcome).toBe('cancelled');
    expect(world.translate('en', step.state.notice!.key, step.state.notice!.vars)).toBe('You cancelled the sign-in at Acme ID.');
  });


});

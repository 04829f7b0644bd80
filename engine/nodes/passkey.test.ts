import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { SoftAuthenticator } from '../../test/support/soft-authenticator.js';
import { passkeyNode } from './passkey.js';
import { mfaEnrollNode } from './mfa.js';
import type { PendingCeremony } from '../methods/webauthn/ceremony.js';

describe('passkey step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  const optionsOf = (step: { state: { data: Record<string, Record<string, unknown>> } }) =>
    (step.state.data.step.webauthn as PendingCeremony).options as { challenge: string; user: { id: string }; allowCredentials?: unknown[]; userVerification: string };

  it('signs in with a passkey alone: no email typed, the passkey names its account', async () => {
    const user = await world.user('ana@example.com');
    const authenticator = new SoftAuthenticator(world.services.publicUrl);
    const enrol = world.step(mfaEnrollNode, { settings: { factors: ['webauthn'], allowSkip: false }, state: { userId: user.id } });
    await enrol.submit({ action: 'passkey-start' });
    await enrol.submit({ action: 'passkey-finish', credential: authenticator.register(optionsOf(enrol)) });

    const step = world.step(passkeyNode);
    expect((await step.render()).actions.map((a) => a.label)).toEqual(['Sign in with a passkey', 'Sign in another way']);
    await step.submit({ action: 'passkey-start' });
    const options = optionsOf(step);
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe('required');
    const page = await step.render();
    expect(page.blocks?.find((b) => b.kind === 'data')).toMatchObject({ id: 'webauthn-options' });

    await step.submit({ action: 'passkey-finish', credential: authenticator.authenticate(options) });
    expect(step.outcome).toBe('signed-in');
    expect(step.state).toMatchObject({ userId: user.id, email: 'ana@example.com', amr: ['hwk'] });
  });

  it('says it did not work for an unknown passkey and starts over', async () => {
    const step = world.step(passkeyNode);
    await step.submit({ action: 'passkey-start' });
    const stranger = new SoftAuthenticator(world.services.publicUrl);
    stranger.userHandle = Buffer.from('nobody').toString('base64url');
    await step.submit({ action: 'passkey-finish', credential: stranger.authenticate(optionsOf(step)) });
    expect(step.outcome).toBeNull();
    expect((await step.render()).error).toBe('That did not work. Try again, or use another way to sign in.');
    expect(step.state.data.step.webauthn).toBeNull();
  });

  it('offers another way only when the designer allows it', async () => {
    const step = world.step(passkeyNode);
    await step.submit({ action: 'other' });
    expect(step.outcome).toBe('other');
    const strict = world.step(passkeyNode, { settings: { allowOther: false } });
    expect(strict.outcomes()).toEqual(['signed-in']);
    await strict.submit({ action: 'other' });
    expect(strict.outcome).toBeNull();
  });
});

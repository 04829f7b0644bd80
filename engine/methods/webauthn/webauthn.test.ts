import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../../test/support/fake-context.js';
import { SoftAuthenticator } from '../../../test/support/soft-authenticator.js';
import { mfaChallengeNode, mfaEnrollNode } from '../../nodes/mfa.js';
import type { PendingCeremony } from './ceremony.js';

describe('passkeys (WebAuthn)', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  const pendingOf = (step: { state: { data: Record<string, Record<string, unknown>> } }) => step.state.data.step.webauthn as PendingCeremony;

  /** Creates a passkey through the enrol step. */
  async function enrol(email: string) {
    const user = await world.user(email);
    const authenticator = new SoftAuthenticator(world.services.publicUrl);
    const step = world.step(mfaEnrollNode, { settings: { factors: ['webauthn'], allowSkip: false }, state: { userId: user.id } });
    expect((await step.render()).actions[0].label).toBe('Create a passkey');
    await step.submit({ action: 'passkey-start' });
    const options = pendingOf(step).options as { challenge: string; user: { id: string; name: string }; rp: { id: string; name: string } };
    expect(options.rp).toEqual({ id: 'id.example.com', name: 'Gerbang' });
    expect(options.user.name).toBe(email);
    await step.submit({ action: 'passkey-finish', credential: authenticator.register(options) });
    return { user, authenticator, step };
  }

  it('creates a passkey bound to this site and account, and keeps no challenge afterwards', async () => {
    const { user, step } = await enrol('ana@example.com');
    const [credential] = await world.store.credentials.listByUser(user.id, 'webauthn');
    expect(credential.data).toMatchObject({ name: 'Passkey', counter: 0, transports: ['internal'] });
    expect(step.state.data.step.webauthn).toBeNull();
    expect((await world.store.audit.list({ userId: user.id, type: 'factor.added', limit: 1 }))[0].details).toEqual({ factor: 'webauthn' });
  });

  it('confirms a second factor with the passkey and records the new signature counter', async () => {
    const { user, authenticator } = await enrol('budi@example.com');
    const step = world.step(mfaChallengeNode, { settings: { factors: ['webauthn'], maxAttempts: 3 }, state: { userId: user.id } });
    await step.submit({ action: 'passkey-start' });
    await step.submit({ action: 'passkey-finish', credential: authenticator.authenticate(pendingOf(step).options as { challenge: string }) });
    expect(step.outcome).toBe('verified');
    expect(step.state.amr).toEqual(['hwk', 'mfa']);
    expect((await world.store.credentials.listByUser(user.id, 'webauthn'))[0].data.counter).toBe(1);
  });

  it('refuses an answer signed by another key, or made for another challenge', async () => {
    const { user, authenticator } = await enrol('citra@example.com');
    const step = world.step(mfaChallengeNode, { settings: { factors: ['webauthn'], maxAttempts: 5 }, state: { userId: user.id } });
    await step.submit({ action: 'passkey-start' });
    const options = pendingOf(step).options as { challenge: string };
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await step.submit({ action: 'passkey-finish', credential: authenticator.authenticate(options, stranger) });
    expect(step.outcome).toBeNull();
    expect((await step.render()).error).toBe('That did not work. Try again, or use another way to sign in.');
    // The challenge was good for one answer: the ceremony starts over.
    expect(step.state.data.step.webauthn).toBeNull();

    await step.submit({ action: 'passkey-start' });
    await step.submit({ action: 'passkey-finish', credential: authenticator.authenticate({ challenge: 'c29tZS1vdGhlci1jaGFsbGVuZ2U' }) });
    expect(step.outcome).toBeNull();
    expect(step.state.data.step.attempts).toBe(2);
    expect((await world.store.credentials.listByUser(user.id, 'webauthn'))[0].data.counter).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { mfaEnrollNode } from './mfa.js';
import { currentTotp } from '../methods/totp/factor.js';

describe('mfa-enroll step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('lets the person choose among the offered factors, named in plain words', async () => {
    const user = await world.user('ana@example.com');
    const step = world.step(mfaEnrollNode, { settings: { factors: ['totp', 'webauthn', 'sms'], allowSkip: true }, state: { userId: user.id } });
    expect(await step.auto()).toBeNull();
    const page = await step.render();
    expect(page.title).toBe('Protect your account');
    expect(page.actions.map((a) => a.label)).toEqual(['an authenticator app', 'a passkey', 'a code by text message', 'Not now']);
    expect(await step.submit({ action: 'choose:recovery-codes' })).toEqual({ invalid: {} });
    await step.submit({ action: 'choose:sms' });
    expect((await step.render()).title).toBe('Add your phone number');
  });

  it('after the first factor shows ten recovery codes once, keeps only their hashes, and records otp + mfa', async () => {
    const user = await world.user('budi@example.com');
    const step = world.step(mfaEnrollNode, { settings: { factors: ['totp'], allowSkip: false }, state: { userId: user.id } });
    await step.submit({ action: 'totp-start' });
    const secret = (await step.render()).blocks!.find((b) => b.kind === 'code')!.text.replace(/\s/g, '');
    await step.submit({ code: await currentTotp(secret, world.clock.now()), action: 'totp-confirm' });
    expect(step.outcome).toBeNull();

    const shown = await step.render();
    expect(shown.title).toBe('Save your recovery codes');
    const block = shown.blocks![0];
    const codes = block.kind === 'code' ? block.text.split('\n') : [];
    expect(codes).toHaveLength(10);
    expect(codes.every((c) => /^[A-Z2-9]{5}-[A-Z2-9]{5}$/.test(c))).toBe(true);
    const [stored] = await world.store.credentials.listByUser(user.id, 'recovery-codes');
    expect(JSON.stringify(stored.data)).not.toContain(codes[0]);
    // Sealed in the run state while shown, gone once saved.
    expect(JSON.stringify(step.state.data)).not.toContain(codes[0]);

    await step.submit({ action: 'recovery-saved' });
    expect(step.outcome).toBe('enrolled');
    expect(step.state.amr).toEqual(['otp', 'mfa']);
    expect(step.state.data.step.recoveryCodes).toBeNull();
  });

  it('can be skipped only when the designer allows it', async () => {
    const user = await world.user('citra@example.com');
    const strict = world.step(mfaEnrollNode, { settings: { factors: ['totp'], allowSkip: false }, state: { userId: user.id } });
    expect(strict.outcomes()).toEqual(['enrolled']);
    await strict.submit({ action: 'skip' });
    expect(strict.outcome).toBeNull();
    const relaxed = world.step(mfaEnrollNode, { settings: { factors: ['totp'], allowSkip: true }, state: { userId: user.id } });
    await relaxed.submit({ action: 'skip' });
    expect(relaxed.outcome).toBe('skipped');
  });

  it('offers only factors that can be set up, by their names', () => {
    const schema = mfaEnrollNode.settingsSchema as { properties: { factors: { items: { oneOf: Array<{ const: string; title: string }> } } } };
    expect(schema.properties.factors.items.oneOf).toEqual([
      { const: 'totp', title: 'Authenticator app' },
      { const: 'webauthn', title: 'Passkey' },
      { const: 'sms', title: 'Code by text message' },
    ]);
  });
});

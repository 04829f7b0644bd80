import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../../test/support/fake-context.js';
import { mfaChallengeNode, mfaEnrollNode } from '../../nodes/mfa.js';
import { currentTotp, totpFactor } from './factor.js';

describe('authenticator app (TOTP)', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  /** Enrols TOTP through the enrol step and returns the secret shown to the person. */
  async function enrol(email: string) {
    const user = await world.user(email, { password: 'a good long password' });
    const step = world.step(mfaEnrollNode, { settings: { factors: ['totp'], allowSkip: false }, state: { userId: user.id } });
    await step.submit({ action: 'totp-start' });
    const page = await step.render();
    const secret = page.blocks!.find((b) => b.kind === 'code')!.text.replace(/\s/g, '');
    expect(page.blocks!.find((b) => b.kind === 'image')).toMatchObject({ alt: 'QR code for your authenticator app' });
    await step.submit({ code: await currentTotp(secret, world.clock.now()), action: 'totp-confirm' });
    return { user, secret, step };
  }

  it('keeps the seed sealed at rest, never in plain text', async () => {
    const { user, secret } = await enrol('ana@example.com');
    const [credential] = await world.store.credentials.listByUser(user.id, 'totp');
    expect(JSON.stringify(credential.data)).not.toContain(secret);
    expect(world.services.secrets.open(String(credential.data.secret))).toBe(secret);
    expect(await world.store.audit.list({ userId: user.id, type: 'factor.added', limit: 1 })).toHaveLength(1);
  });

  it('does not accept the same code twice, nor an older one', async () => {
    const { user, secret } = await enrol('budi@example.com');
    world.clock.advance(60_000);
    const ctx = await world.step(mfaChallengeNode, { state: { userId: user.id } }).context();
    const code = await currentTotp(secret, world.clock.now());
    expect(await totpFactor.challenge.submit(ctx, { code })).toEqual({ result: 'verified' });
    expect(await totpFactor.challenge.submit(ctx, { code })).toEqual({ result: 'wrong', key: 'totp.wrong' });
    const older = await currentTotp(secret, new Date(world.clock.now().getTime() - 30_000));
    expect(await totpFactor.challenge.submit(ctx, { code: older })).toEqual({ result: 'wrong', key: 'totp.wrong' });
    world.clock.advance(30_000);
    expect(await totpFactor.challenge.submit(ctx, { code: await currentTotp(secret, world.clock.now()) })).toEqual({ result: 'verified' });
  });

  it('accepts a clock one step behind, but not two', async () => {
    const { user, secret } = await enrol('citra@example.com');
    world.clock.advance(10 * 60_000);
    const ctx = await world.step(mfaChallengeNode, { state: { userId: user.id } }).context();
    expect(await totpFactor.challenge.submit(ctx, { code: await currentTotp(secret, new Date(world.clock.now().getTime() - 90_000)) })).toEqual({ result: 'wrong', key: 'totp.wrong' });
    expect(await totpFactor.challenge.submit(ctx, { code: await currentTotp(secret, new Date(world.clock.now().getTime() - 30_000)) })).toEqual({ result: 'verified' });
  });

  it('refuses a wrong code at enrolment and saves nothing', async () => {
    const user = await world.user('dewi@example.com');
    const step = world.step(mfaEnrollNode, { settings: { factors: ['totp'], allowSkip: false }, state: { userId: user.id } });
    await step.submit({ action: 'totp-start' });
    expect(await step.submit({ code: '12345x', action: 'totp-confirm' })).toHaveProperty('invalid');
    expect(await world.store.credentials.listByUser(user.id, 'totp')).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../../test/support/fake-context.js';
import { mfaChallengeNode } from '../../nodes/mfa.js';
import { issueRecoveryCodes, recoveryCodesFactor } from './factor.js';

describe('recovery codes', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  async function setUp(email: string) {
    const user = await world.user(email);
    const step = world.step(mfaChallengeNode, { settings: { factors: ['recovery-codes'], maxAttempts: 5 }, state: { userId: user.id } });
    const codes = await issueRecoveryCodes(await step.context());
    return { user, step, codes };
  }

  it('lets each code in once, typed in any case and spacing', async () => {
    const { step, codes } = await setUp('ana@example.com');
    const ctx = await step.context();
    expect(await recoveryCodesFactor.isEnrolled(ctx)).toBe(true);
    expect(await recoveryCodesFactor.challenge.submit(ctx, { code: ` ${codes[0].toLowerCase().replace('-', ' ')} ` })).toEqual({ result: 'verified', notice: null });
    expect(await recoveryCodesFactor.challenge.submit(ctx, { code: codes[0] })).toEqual({ result: 'wrong', key: 'recovery.wrong' });
    expect(world.translate('en', 'recovery.wrong')).toBe('That recovery code is not valid or was already used.');
    expect(await recoveryCodesFactor.challenge.submit(ctx, { code: 'AAAAA-BBBBB' })).toEqual({ result: 'wrong', key: 'recovery.wrong' });
  });

  it('warns when only a few are left, and counts as not set up once all are used', async () => {
    const { step, codes } = await setUp('budi@example.com');
    const ctx = await step.context();
    for (const code of codes.slice(0, 6)) await recoveryCodesFactor.challenge.submit(ctx, { code });
    expect(await recoveryCodesFactor.challenge.submit(ctx, { code: codes[6] })).toEqual({
      result: 'verified',
      notice: { kind: 'info', key: 'recovery.fewLeft', vars: { n: 3 } },
    });
    expect(world.translate('en', 'recovery.fewLeft', { n: 3 })).toBe('Only 3 recovery codes left. Create new ones in your account.');
    for (const code of codes.slice(7)) await recoveryCodesFactor.challenge.submit(ctx, { code });
    expect(await recoveryCodesFactor.isEnrolled(ctx)).toBe(false);
  });

  it('new codes replace the old set', async () => {
    const { user, step, codes } = await setUp('citra@example.com');
    const fresh = await issueRecoveryCodes(await step.context());
    expect(await world.store.credentials.listByUser(user.id, 'recovery-codes')).toHaveLength(1);
    const ctx = await step.context();
    expect(await recoveryCodesFactor.challenge.submit(ctx, { code: codes[0] })).toMatchObject({ result: 'wrong' });
    expect(await recoveryCodesFactor.challenge.submit(ctx, { code: fresh[0] })).toMatchObject({ result: 'verified' });
  });
});

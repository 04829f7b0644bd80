import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastCode, type FakeWorld } from '../../../test/support/fake-context.js';
import { mfaChallengeNode, mfaEnrollNode } from '../../nodes/mfa.js';
import { emailFactor } from './email-factor.js';
import { normalisePhone, smsFactor } from './sms-factor.js';
import { checkTypedCode, sendCode } from './challenge.js';
import { DEFAULT_CODE_POLICY } from './one-time-codes.js';

describe('one-time codes by email and text message', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('stores no code in readable form, and a code of one run does not work in another', async () => {
    const ctx = await world.step(mfaChallengeNode).context();
    await sendCode(ctx, 'run-a:step', { channel: 'email', to: 'ana@example.com', purpose: 'verify', form: 'code' }, DEFAULT_CODE_POLICY, { replace: false });
    const code = lastCode(world, 'ana@example.com');
    expect(await checkTypedCode(ctx, 'run-b:step', code, 'putri@example.com')).toEqual({ result: 'retry', key: 'code.expired' });
    expect(await checkTypedCode(ctx, 'run-a:step', code, 'putri@example.com')).toEqual({ result: 'ok' });
  });

  it('enrols a phone number by a texted code that proves only that number', async () => {
    const user = await world.user('budi@example.com');
    const step = world.step(mfaEnrollNode, { settings: { factors: ['sms'], allowSkip: false }, state: { userId: user.id } });
    const ctx = await step.context();
    expect(await smsFactor.enroll!.submit(ctx, { phone: '0812', action: 'send' })).toEqual({
      invalid: { fields: { phone: 'Please enter a valid phone number, for example +62 812 3456 7890.' } },
    });
    expect(await smsFactor.enroll!.submit(ctx, { phone: '+62 812-3456-7890', action: 'send' })).toEqual({
      invalid: { form: 'We sent a code to +6281234567890. Enter it below.' },
    });
    expect(world.outbox.sms.at(-1)?.text).toMatch(/^\d{6} is your Gerbang code\. It expires in 10 minutes\.$/);
    const code = lastCode(world, '+6281234567890');
    expect(await smsFactor.enroll!.submit(ctx, { phone: '+6281234567891', code, action: 'verify' })).toHaveProperty('invalid');
    expect(await smsFactor.enroll!.submit(ctx, { phone: '+6281234567890', code, action: 'verify' })).toEqual({ outcome: 'done' });
    expect((await world.store.users.findById(user.id))?.attributes).toMatchObject({ phone_number: '+6281234567890', phone_number_verified: true });
  });

  it('mails a security code to the verified email for the challenge, and a reload sends no second one', async () => {
    const user = await world.user('citra@example.com', { emailVerified: true });
    const ctx = await world.step(mfaChallengeNode, { state: { userId: user.id } }).context();
    expect(await emailFactor.isEnrolled(ctx)).toBe(true);
    await emailFactor.challenge.render(ctx);
    await emailFactor.challenge.render(ctx);
    expect(world.outbox.emails).toHaveLength(1);
    world.clock.advanceMinutes(11);
    expect(await emailFactor.challenge.submit(ctx, { code: lastCode(world, 'citra@example.com') })).toEqual({ result: 'wrong', key: 'code.expired' });
    expect(await emailFactor.challenge.submit(ctx, { action: 'resend' })).toEqual({ result: 'message', key: 'code.resent' });
    expect(await emailFactor.challenge.submit(ctx, { code: lastCode(world, 'citra@example.com') })).toEqual({ result: 'verified' });
  });

  it('normalises phone numbers to E.164 and refuses anything else', () => {
    expect(normalisePhone('+62 (812) 3456-7890')).toBe('+6281234567890');
    expect(normalisePhone('081234567890')).toBeNull();
    expect(normalisePhone('+0123456789')).toBeNull();
  });
});

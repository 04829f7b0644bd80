import { generateSecret } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastCode, type FakeWorld } from '../../test/support/fake-context.js';
import { mfaChallengeNode } from '../nodes/mfa.js';
import { emailVerifyNode } from '../nodes/email-verify.js';
import { emailFactor } from '../methods/codes/email-factor.js';
import { smsFactor } from '../methods/codes/sms-factor.js';
import { currentTotp, totpFactor } from '../methods/totp/factor.js';
import { issueRecoveryCodes, recoveryCodesFactor } from '../methods/recovery-codes/factor.js';

const ATTACKER = '198.51.100.20';
const OWNER = '203.0.113.50';

/** One-time codes are guessed no more freely than passwords: every code check feeds the sign-in throttles. */
describe('code checks under the sign-in throttles', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  async function customerWithEveryFactor(email: string) {
    const user = await world.user(email, { emailVerified: true, attributes: { phone_number: '+6281234567890', phone_number_verified: true } });
    const secret = generateSecret();
    await world.store.credentials.add(user.id, { type: 'totp', data: { name: 'Phone', secret: world.services.secrets.seal(secret) } });
    const codes = await issueRecoveryCodes(await world.step(mfaChallengeNode, { state: { userId: user.id } }).context());
    return { user, secret, codes };
  }
  const contextFrom = (userId: string, ip: string) =>
    world.step(mfaChallengeNode, { settings: { factors: ['email', 'sms', 'totp', 'recovery-codes'], maxAttempts: 5 }, state: { userId }, ip }).context();

  it('blocks an address for the account after five wrong codes of any factors, while the owner elsewhere goes on', async () => {
    const { user, secret, codes } = await customerWithEveryFactor('putri@example.com');
    const guesses: Array<{ factor: typeof totpFactor; code: string }> = [
      { factor: emailFactor, code: '000000' },
      { factor: smsFactor, code: '000000' },
      { factor: totpFactor, code: '000000' },
      { factor: recoveryCodesFactor, code: 'AAAAA-BBBBB' },
      { factor: totpFactor, code: '999999' },
    ];
    for (const { factor, code } of guesses) {
      const ctx = await contextFrom(user.id, ATTACKER);
      await factor.challenge.render(ctx);
      expect((await factor.challenge.submit(ctx, { code, action: 'verify' })).result).toBe('wrong');
    }
    // The sixth try from that address is not checked, even with the right code; it is not a wrong code either.
    const blocked = await contextFrom(user.id, ATTACKER);
    const refused = await totpFactor.challenge.submit(blocked, { code: await currentTotp(secret, world.clock.now()) });
    expect(refused).toEqual({ result: 'message', key: 'protection.pair', vars: { minutes: 15, seconds: 900 } });
    expect(world.translate('en', 'protection.pair', { minutes: 15 })).toBe('Too many wrong attempts from your network for this account. Try again in 15 minutes.');
    expect((await recoveryCodesFactor.challenge.submit(blocked, { code: codes[0] })).result).toBe('message');
    // The owner, from home, uses the authenticator app and a recovery code.
    const owner = await contextFrom(user.id, OWNER);
    expect(await totpFactor.challenge.submit(owner, { code: await currentTotp(secret, world.clock.now()) })).toEqual({ result: 'verified' });
    expect((await recoveryCodesFactor.challenge.submit(owner, { code: codes[0] })).result).toBe('verified');
    // And a blocked pair ends with its block time.
    world.clock.advanceMinutes(16);
    world.clock.advance(30_000);
    expect(await totpFactor.challenge.submit(await contextFrom(user.id, ATTACKER), { code: await currentTotp(secret, world.clock.now()) })).toEqual({ result: 'verified' });
  });

  it('shows the refusal on the second-factor page without counting it as a wrong code of the step', async () => {
    const { user, secret } = await customerWithEveryFactor('budi@example.com');
    for (let i = 0; i < 5; i++) await totpFactor.challenge.submit(await contextFrom(user.id, ATTACKER), { code: String(100000 + i) });
    const step = world.step(mfaChallengeNode, { settings: { factors: ['totp'], maxAttempts: 1 }, state: { userId: user.id }, ip: ATTACKER });
    expect(await step.submit({ code: await currentTotp(secret, world.clock.now()), action: 'verify' })).toEqual({
      invalid: { form: 'Too many wrong attempts from your network for this account. Try again in 15 minutes.' },
    });
    expect(step.outcome).toBeNull();
  });

  it('counts an email code guessed on a verification step against the address it was sent to', async () => {
    const email = 'citra@example.com';
    const step = world.step(emailVerifyNode, { state: { email }, ip: ATTACKER });
    await step.render();
    const right = lastCode(world, email);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect(await step.submit({ code: wrong, action: 'verify' })).toEqual({ invalid: { fields: { code: 'That code is not right. Please try again.' } } });
    await step.submit({ code: wrong, action: 'verify' });
    expect(step.outcome).toBe('failed');
    // A new journey, a new code: from that address it is refused unchecked, from another it works.
    const again = world.step(emailVerifyNode, { state: { email }, ip: ATTACKER });
    await again.render();
    expect(await again.submit({ code: lastCode(world, email), action: 'verify' })).toEqual({
      invalid: { form: 'Too many wrong attempts from your network for this account. Try again in 15 minutes.' },
    });
    const owner = world.step(emailVerifyNode, { state: { email }, ip: OWNER });
    await owner.render();
    await owner.submit({ code: lastCode(world, email), action: 'verify' });
    expect(owner.outcome).toBe('verified');
  });

  it('does not count an expired code as a guess: nothing was compared', async () => {
    const email = 'dewi@example.com';
    const step = world.step(emailVerifyNode, { state: { email }, ip: ATTACKER });
    await step.render();
    const code = lastCode(world, email);
    world.clock.advanceMinutes(11);
    for (let i = 0; i < 7; i++) expect(await step.submit({ code, action: 'verify' })).toEqual({ invalid: { fields: { code: 'This code has expired. Send a new one.' } } });
    expect(await step.submit({ action: 'resend' })).toEqual({ invalid: { form: 'We sent a new one. Earlier ones no longer work.' } });
    await step.submit({ code: lastCode(world, email), action: 'verify' });
    expect(step.outcome).toBe('verified');
  });
});

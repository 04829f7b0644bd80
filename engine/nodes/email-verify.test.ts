import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastCode, lastEmail, type FakeWorld } from '../../test/support/fake-context.js';
import { emailVerifyNode } from './email-verify.js';

describe('email-verify step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('mails one code per run (a reload sends nothing new), marks the email verified and identifies the account', async () => {
    const user = await world.user('ana@example.com');
    const step = world.step(emailVerifyNode, { state: { email: 'ana@example.com' } });
    const page = await step.render();
    expect(page.title).toBe('Check your email');
    expect(page.intro).toBe('We sent a 6-digit code to ana@example.com. Enter it below.');
    await step.render();
    expect(world.outbox.emails).toHaveLength(1);
    expect(lastEmail(world, 'ana@example.com').subject).toBe('Gerbang: Your verification code');

    await step.submit({ code: lastCode(world, 'ana@example.com'), action: 'verify' });
    expect(step.outcome).toBe('verified');
    expect(step.state).toMatchObject({ userId: user.id, amr: ['otp'] });
    expect((await world.store.users.findById(user.id))?.emailVerified).toBe(true);
    expect(await world.store.audit.list({ userId: user.id, type: 'email.verified', limit: 1 })).toHaveLength(1);
  });

  it('refuses a code once it has expired, and a new one works', async () => {
    const step = world.step(emailVerifyNode, { settings: { ttlMinutes: 5 }, state: { email: 'budi@example.com' } });
    await step.render();
    const code = lastCode(world, 'budi@example.com');
    world.clock.advanceMinutes(6);
    expect(await step.submit({ code, action: 'verify' })).toEqual({ invalid: { fields: { code: 'This code has expired. Send a new one.' } } });

    expect(await step.submit({ action: 'resend' })).toEqual({ invalid: { form: 'We sent a new one. Earlier ones no longer work.' } });
    const fresh = lastCode(world, 'budi@example.com');
    await step.submit({ code: fresh.replace(/(\d{3})/, '$1 '), action: 'verify' });
    expect(step.outcome).toBe('verified');
  });

  it('accepts a code once only', async () => {
    const step = world.step(emailVerifyNode, { state: { email: 'citra@example.com' } });
    await step.render();
    const code = lastCode(world, 'citra@example.com');
    await step.submit({ code, action: 'verify' });
    expect(step.outcome).toBe('verified');
    expect(await step.submit({ code, action: 'verify' })).toHaveProperty('invalid');
  });

  it('ends as failed after the allowed wrong codes, even when the right one comes next', async () => {
    const step = world.step(emailVerifyNode, { settings: { maxAttempts: 3 }, state: { email: 'dewi@example.com' } });
    await step.render();
    const code = lastCode(world, 'dewi@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await step.submit({ code: wrong, action: 'verify' })).toEqual({ invalid: { fields: { code: 'That code is not right. Please try again.' } } });
    await step.submit({ code: wrong, action: 'verify' });
    await step.submit({ code: wrong, action: 'verify' });
    expect(step.outcome).toBe('failed');
    expect(step.state.notice?.key).toBe('code.failed');
  });

  it('stops mailing an address after the sends allowed per hour', async () => {
    const step = world.step(emailVerifyNode, { settings: { maxSendsPerHour: 2 }, state: { email: 'eko@example.com' } });
    await step.render();
    await step.submit({ action: 'resend' });
    expect(await step.submit({ action: 'resend' })).toEqual({ invalid: { form: 'Too many messages were sent to this address. Please wait and try again later.' } });
    expect(world.outbox.emails).toHaveLength(2);
    world.clock.advanceMinutes(61);
    await step.submit({ action: 'resend' });
    expect(world.outbox.emails).toHaveLength(3);
  });

  it('for a password reset mails nothing to an address without an account, on the same page', async () => {
    const step = world.step(emailVerifyNode, { settings: { onlyExistingAccounts: true }, state: { email: 'ghost@example.com' } });
    const page = await step.render();
    expect(page.intro).toBe('We sent a 6-digit code to ghost@example.com. Enter it below.');
    expect(world.outbox.emails).toEqual([]);

    await world.user('fitri@example.com');
    const real = world.step(emailVerifyNode, { settings: { onlyExistingAccounts: true }, state: { email: 'fitri@example.com' } });
    await real.render();
    expect(lastEmail(world, 'fitri@example.com').subject).toBe('Gerbang: Reset your password');
  });

  it('with links, mails a link to this run that verifies once opened', async () => {
    const step = world.step(emailVerifyNode, { settings: { method: 'link' }, state: { email: 'gita@example.com' } });
    const page = await step.render();
    expect(page.intro).toBe('We sent a link to gita@example.com. Open it in this browser to continue.');
    expect(page.fields).toEqual([]);
    const link = /https:\/\/\S+/.exec(lastEmail(world, 'gita@example.com').text)![0];
    expect(link.startsWith(`https://id.example.com/flow/${step.runId}/callback?token=`)).toBe(true);
    expect(await step.callback(`https://id.example.com/flow/${step.runId}/callback?token=${'x'.repeat(40)}`)).toEqual({ invalid: { form: 'This link has expired or was already used. Send a new one.' } });
    await step.callback(link);
    expect(step.outcome).toBe('verified');
    expect(await step.callback(link)).toHaveProperty('invalid');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, lastCode, type FakeWorld } from '../../test/support/fake-context.js';
import { mfaChallengeNode } from './mfa.js';

describe('mfa-challenge step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('goes to "not set up" when the user has none of the accepted factors', async () => {
    const user = await world.user('ana@example.com', { emailVerified: false });
    const step = world.step(mfaChallengeNode, { settings: { factors: ['totp', 'email'], maxAttempts: 5 }, state: { userId: user.id } });
    expect(await step.auto()).toEqual({ outcome: 'not-enrolled' });
  });

  it('asks with a factor the user has, lets them switch, and records the factor\'s amr with mfa', async () => {
    const user = await world.user('budi@example.com', { emailVerified: true, attributes: { phone_number: '+6281234567890', phone_number_verified: true } });
    const step = world.step(mfaChallengeNode, { settings: { factors: ['email', 'sms'], maxAttempts: 5 }, state: { userId: user.id } });
    expect(await step.auto()).toBeNull();
    const page = await step.render();
    expect(page.title).toBe('Check your email');
    expect(page.actions.map((a) => a.label)).toContain('Use a code by text message instead');
    expect(world.outbox.emails.map((m) => m.subject)).toEqual(['Gerbang: Your security code']);

    await step.submit({ action: 'method:sms' });
    const sms = await step.render();
    expect(sms.intro).toBe('We sent a 6-digit code by text message to ••• 890. Enter it below.');
    await step.submit({ code: lastCode(world, '+6281234567890'), action: 'verify' });
    expect(step.outcome).toBe('verified');
    expect(step.state.amr).toEqual(['sms', 'mfa']);
  });

  it('does not count asking for a new code as a wrong answer', async () => {
    const user = await world.user('eko@example.com', { emailVerified: true });
    const step = world.step(mfaChallengeNode, { settings: { factors: ['email'], maxAttempts: 1 }, state: { userId: user.id } });
    await step.render();
    expect(await step.submit({ action: 'resend' })).toEqual({ invalid: { form: 'We sent a new one. Earlier ones no longer work.' } });
    expect(world.outbox.emails).toHaveLength(2);
    await step.submit({ code: lastCode(world, 'eko@example.com'), action: 'verify' });
    expect(step.outcome).toBe('verified');
  });

  it('refuses switching to a factor the user does not have', async () => {
    const user = await world.user('citra@example.com', { emailVerified: true });
    const step = world.step(mfaChallengeNode, { settings: { factors: ['email', 'sms'], maxAttempts: 5 }, state: { userId: user.id } });
    expect(await step.submit({ action: 'method:sms' })).toEqual({ invalid: {} });
  });

  it('counts wrong codes, audits each, and fails after the allowed number', async () => {
    const user = await world.user('dewi@example.com', { emailVerified: true });
    const step = world.step(mfaChallengeNode, { settings: { factors: ['email'], maxAttempts: 2 }, state: { userId: user.id } });
    await step.render();
    const wrong = lastCode(world, 'dewi@example.com') === '000000' ? '111111' : '000000';
    await step.submit({ code: wrong, action: 'verify' });
    expect(step.outcome).toBeNull();
    expect((await step.render()).error).toBe('That code is not right. Please try again.');
    await step.submit({ code: wrong, action: 'verify' });
    expect(step.outcome).toBe('failed');
    const events = await world.store.audit.list({ userId: user.id, type: 'mfa.failed', limit: 5 });
    expect(events.map((e) => e.details.attempts).sort()).toEqual([1, 2]);
    expect(events[0].actor).toBeNull();
  });

  it('remembers this browser for the configured days when asked, and asks again elsewhere, after expiry or once removed', async () => {
    const user = await world.user('fitri@example.com', { emailVerified: true });
    const settings = { factors: ['email'], maxAttempts: 5, rememberDays: 30 };
    const step = world.step(mfaChallengeNode, { settings, state: { userId: user.id }, browser: 'laptop' });
    const page = await step.render();
    expect(page.fields.map((f) => f.label)).toContain('Remember this browser for 30 days');
    await step.submit({ code: lastCode(world, 'fitri@example.com'), remember: 'on', action: 'verify' });
    expect(step.outcome).toBe('verified');
    const [remembered] = await world.store.credentials.listByUser(user.id, 'remembered-browser');
    expect(remembered.data.name).toBe('A browser on an unknown system, remembered for the second factor');

    // The same browser: not asked; its proof is a remembered second factor (named as such in amr).
    const again = world.step(mfaChallengeNode, { settings, state: { userId: user.id, amr: ['pwd'] }, browser: 'laptop' });
    expect(await again.auto()).toEqual({ outcome: 'verified', patch: { amr: ['remembered-browser'], data: { step: { remembered: true } } } });
    // An app whose minimum is two factors and which does not accept a remembered browser: asked there.
    const strictApp = { appMinimum: 2, appAcceptsRememberedBrowser: false };
    expect(await world.step(mfaChallengeNode, { settings, state: { userId: user.id, request: strictApp }, browser: 'laptop' }).auto()).toBeNull();
    // The same refusal with a one-factor minimum: the account's own policy is all that asks, and it accepts it.
    expect(await world.step(mfaChallengeNode, { settings, state: { userId: user.id, request: { ...strictApp, appMinimum: 1 } }, browser: 'laptop' }).auto()).toMatchObject({ outcome: 'verified' });
    // Another browser, or a step that does not offer it: asked.
    expect(await world.step(mfaChallengeNode, { settings, state: { userId: user.id }, browser: 'phone' }).auto()).toBeNull();
    expect(await world.step(mfaChallengeNode, { settings: { ...settings, rememberDays: 0 }, state: { userId: user.id }, browser: 'laptop' }).auto()).toBeNull();
    // After 30 days: asked again.
    world.clock.advance(31 * 86_400_000);
    expect(await world.step(mfaChallengeNode, { settings, state: { userId: user.id }, browser: 'laptop' }).auto()).toBeNull();
    // Removed in /account (the credential): asked again.
    world.clock.advance(-31 * 86_400_000);
    await world.store.credentials.remove(remembered.id);
    expect(await world.step(mfaChallengeNode, { settings, state: { userId: user.id }, browser: 'laptop' }).auto()).toBeNull();
  });

  it('does not remember the browser unless the person ticks the box', async () => {
    const user = await world.user('gita@example.com', { emailVerified: true });
    const settings = { factors: ['email'], maxAttempts: 5, rememberDays: 30 };
    const step = world.step(mfaChallengeNode, { settings, state: { userId: user.id }, browser: 'laptop' });
    await step.render();
    await step.submit({ code: lastCode(world, 'gita@example.com'), action: 'verify' });
    expect(step.outcome).toBe('verified');
    expect(await world.step(mfaChallengeNode, { settings, state: { userId: user.id }, browser: 'laptop' }).auto()).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { passwordNode } from './password.js';
import { riskNode } from './risk.js';

const HOME = '203.0.113.10';

describe('risk step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  /** A sign-in of `email` completed from this browser and address (what the completion records). */
  const signedInBefore = (userId: string, browser: string, address: string) => world.services.devices.record(userId, { browserHash: browser, address }, 'Known browsers');
  const assess = (userId: string, browser: string, ip: string, state = {}) => world.step(riskNode, { state: { email: 'putri@example.com', userId, ...state }, browser, ip });

  it('is low for a known browser on a known network, and audits why', async () => {
    const user = await world.user('putri@example.com', { password: 'correct horse battery' });
    await signedInBefore(user.id, 'laptop', HOME);
    const step = assess(user.id, 'laptop', '203.0.113.99');
    expect(await step.auto()).toMatchObject({ outcome: 'low' });
    expect(step.state.data.step).toEqual({ score: 0, level: 'low', reasons: [] });
    const [event] = await world.store.audit.list({ userId: user.id, type: 'risk.assessed', limit: 1 });
    expect(event.details).toMatchObject({ level: 'low', score: 0, reasons: [] });
  });

  it('is medium for a new browser on the home network, high for a new browser on a new network', async () => {
    const user = await world.user('putri@example.com', { password: 'correct horse battery' });
    await signedInBefore(user.id, 'laptop', HOME);
    expect(await assess(user.id, 'new-phone', '203.0.113.77').auto()).toMatchObject({ outcome: 'medium' });
    const far = assess(user.id, 'new-phone', '192.0.2.44');
    expect(await far.auto()).toMatchObject({ outcome: 'high' });
    expect(far.state.data.step).toEqual({ score: 50, level: 'high', reasons: ['new-browser', 'new-network'] });
  });

  it('is high for a known browser after a burst of failures and a breached password, with thresholds from its settings', async () => {
    const user = await world.user('putri@example.com', { password: 'correct horse battery' });
    await signedInBefore(user.id, 'laptop', HOME);
    for (let i = 0; i < 3; i++) await world.step(passwordNode, { state: { email: 'putri@example.com' }, ip: '198.51.100.1' }).submit({ password: `guess ${i}` });
    const burst = assess(user.id, 'laptop', HOME);
    expect(await burst.auto()).toMatchObject({ outcome: 'low' });
    expect(burst.state.data.step).toMatchObject({ score: 25, reasons: ['account-failures'] });
    const breached = world.step(riskNode, { state: { email: 'putri@example.com', userId: user.id, data: { pwd: { breached: true } } }, browser: 'laptop', ip: HOME });
    expect(await breached.auto()).toMatchObject({ outcome: 'high' });
    const strict = world.step(riskNode, { settings: { mediumAt: 10, highAt: 20 }, state: { email: 'putri@example.com', userId: user.id }, browser: 'laptop', ip: HOME });
    expect(await strict.auto()).toMatchObject({ outcome: 'high' });
  });

  it('refuses thresholds where "high" starts below "medium"', () => {
    expect(riskNode.check!({ mediumAt: 40, highAt: 20 }).map((p) => p.en)).toEqual(['"high" must start at or above "medium"']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { conditionNode } from './condition.js';

describe('condition step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  const rules = {
    rules: [
      { outcome: 'admin-app', all: [{ field: 'request.clientId', op: 'equals' as const, value: 'console' }] },
      { outcome: 'indonesian', all: [{ field: 'profile.country', op: 'equals' as const, value: 'ID' }, { field: 'user.emailVerified', op: 'equals' as const, value: true }] },
      { outcome: 'strong', all: [{ field: 'run.amr', op: 'contains' as const, value: 'mfa' }] },
    ],
  };

  it('takes the first rule whose tests all hold', async () => {
    const user = await world.user('ana@example.com', { emailVerified: true, attributes: { country: 'ID' } });
    const step = world.step(conditionNode, { settings: rules, state: { userId: user.id, request: { clientId: 'console' } } });
    expect(await step.auto()).toEqual({ outcome: 'admin-app' });

    const other = world.step(conditionNode, { settings: rules, state: { userId: user.id, request: { clientId: 'shop' } } });
    expect(await other.auto()).toEqual({ outcome: 'indonesian' });
  });

  it('needs every test of a rule, looks at what the run proved, and falls back to "otherwise"', async () => {
    const user = await world.user('budi@example.com', { emailVerified: false, attributes: { country: 'ID' } });
    expect(await world.step(conditionNode, { settings: rules, state: { userId: user.id } }).auto()).toEqual({ outcome: 'otherwise' });
    expect(await world.step(conditionNode, { settings: rules, state: { userId: user.id, amr: ['pwd', 'otp', 'mfa'] } }).auto()).toEqual({ outcome: 'strong' });
    expect(await world.step(conditionNode, { settings: rules }).auto()).toEqual({ outcome: 'otherwise' });
  });

  it('branches on the ways the user can sign in (a passwordless account is asked something else)', async () => {
    const byPassword = { rules: [{ outcome: 'password', all: [{ field: 'user.methods', op: 'contains' as const, value: 'password' }] }] };
    const withPassword = await world.user('citra@example.com', { password: 'citra long password' });
    const emailOnly = await world.user('dedi@example.com');
    expect(await world.step(conditionNode, { settings: byPassword, state: { userId: withPassword.id } }).auto()).toEqual({ outcome: 'password' });
    expect(await world.step(conditionNode, { settings: byPassword, state: { userId: emailOnly.id } }).auto()).toEqual({ outcome: 'otherwise' });
  });

  it('never reads inherited properties such as constructor', async () => {
    const step = world.step(conditionNode, { settings: { rules: [{ outcome: 'leak', all: [{ field: 'request.constructor', op: 'exists' as const }] }] } });
    expect(await step.auto()).toEqual({ outcome: 'otherwise' });
  });

  it('offers one outcome per rule plus "otherwise", and flags duplicate outcomes', () => {
    expect(world.step(conditionNode, { settings: rules }).outcomes()).toEqual(['admin-app', 'indonesian', 'strong', 'otherwise']);
    const twice = { rules: [rules.rules[0], rules.rules[0]] };
    expect(conditionNode.check?.(twice).map((p) => p.en)).toEqual(['two rules lead to the same outcome "admin-app"']);
  });
});

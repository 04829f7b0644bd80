import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import type { Organisation } from '../store/port.js';
import { organisationNode } from './organisation.js';

const org = (id: string, name: string, policy: Partial<Organisation['policy']> = {}): Organisation => ({
  id,
  name,
  domains: [],
  branding: {},
  roles: [],
  policy: { minAcr: null, allowedMethods: null, ...policy },
  provider: null,
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe('organisation step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
    await world.store.organisations.create(org('acme', 'Acme Supplies', { minAcr: 'urn:gerbang:loa:2' }));
    await world.store.organisations.create(org('globex', 'Globex', { allowedMethods: ['hwk'] }));
  });
  afterEach(() => world.close());

  const join = async (userId: string, orgId: string) => world.store.memberships.add({ orgId, userId, roles: [], source: 'admin', joinedAt: new Date() });

  it('lets a member of several organisations pick one, in their language, and raises the level to the organisation\'s minimum', async () => {
    const user = await world.user('sari@example.com');
    await join(user.id, 'acme');
    await join(user.id, 'globex');
    const step = world.step(organisationNode, { settings: {}, state: { userId: user.id, amr: ['pwd'], request: { appMinimum: 1 } }, lang: 'id' });
    expect(await step.auto()).toBeNull();
    const page = await step.render();
    expect(page.title).toBe('Pilih organisasi');
    expect(page.fields[0].options).toEqual([
      { value: 'acme', label: 'Acme Supplies' },
      { value: 'globex', label: 'Globex' },
    ]);
    await step.submit({ organisation: 'acme' });
    expect(step.outcome).toBe('chosen');
    expect(step.state.organisationId).toBe('acme');
    expect(step.state.request.appMinimum).toBe(2);
  });

  it('refuses an organisation the person is not in, and one whose policy does not allow how they signed in', async () => {
    const user = await world.user('budi@example.com');
    await join(user.id, 'acme');
    await join(user.id, 'globex');
    const step = world.step(organisationNode, { settings: {}, state: { userId: user.id, amr: ['pwd'] } });
    expect(await step.submit({ organisation: 'initech' })).toEqual({ invalid: { fields: { organisation: 'Please fill in this field.' } } });
    const refused = await step.submit({ organisation: 'globex' });
    expect(refused).toMatchObject({ invalid: { form: expect.stringContaining('Globex does not allow signing in the way you did') } });
    expect(step.state.organisationId).toBeUndefined();
  });

  it('chooses without a question for a member of one organisation, and the one the app asked for; "none" otherwise', async () => {
    const one = await world.user('citra@example.com');
    await join(one.id, 'globex');
    expect(await world.step(organisationNode, { settings: {}, state: { userId: one.id } }).auto()).toMatchObject({ outcome: 'chosen', patch: { organisationId: 'globex' } });
    expect(await world.step(organisationNode, { settings: { askWhenOne: true }, state: { userId: one.id } }).auto()).toBeNull();
    expect(await world.step(organisationNode, { settings: {}, state: { userId: one.id, request: { organization: 'acme' } } }).auto()).toEqual({ outcome: 'none' });
    expect(await world.step(organisationNode, { settings: {}, state: { userId: one.id, request: { organization: 'globex' } } }).auto()).toMatchObject({ outcome: 'chosen' });
    const nobody = await world.user('dewi@example.com');
    expect(await world.step(organisationNode, { settings: {}, state: { userId: nobody.id } }).auto()).toEqual({ outcome: 'none' });
  });
});

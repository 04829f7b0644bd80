import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { profileNode } from './profile.js';

describe('profile step (progressive profiling)', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  const fields = {
    fields: [
      { name: 'given_name', label: { en: 'First name', id: 'Nama depan' }, type: 'text' as const, required: true },
      { name: 'phone_number', label: 'Phone', type: 'tel' as const },
    ],
  };

  it('asks only for what the user has not given yet', async () => {
    const user = await world.user('ana@example.com', { attributes: { given_name: 'Ana' } });
    const step = world.step(profileNode, { settings: fields, state: { userId: user.id } });
    expect(await step.auto()).toBeNull();
    const page = await step.render();
    expect(page.fields.map((f) => f.label)).toEqual(['Phone']);
    expect(page.fields[0].hint).toBe('Optional');
    expect(page.actions.map((a) => a.label)).toEqual(['Continue', 'Skip for now']);
  });

  it('moves on without a page when nothing is missing', async () => {
    const user = await world.user('budi@example.com', { attributes: { given_name: 'Budi', phone_number: '+6281234567890' } });
    const step = world.step(profileNode, { settings: fields, state: { userId: user.id } });
    expect(await step.auto()).toEqual({ outcome: 'done' });
  });

  it('stores checked, normalised answers and keeps the user on the page for wrong ones', async () => {
    const user = await world.user('citra@example.com');
    const step = world.step(profileNode, { settings: fields, state: { userId: user.id } });
    expect(await step.submit({ given_name: '', phone_number: 'call me' })).toEqual({
      invalid: { fields: { given_name: 'Please fill in this field.', phone_number: 'Please enter a valid phone number, for example +62 812 3456 7890.' } },
    });
    await step.submit({ given_name: ' Citra ', phone_number: '+62 812-3456-7890' });
    expect(step.outcome).toBe('done');
    expect((await world.store.users.findById(user.id))?.attributes).toMatchObject({ given_name: 'Citra', phone_number: '+6281234567890' });
  });

  it('cannot skip while a required field is missing', async () => {
    const user = await world.user('dewi@example.com');
    const step = world.step(profileNode, { settings: fields, state: { userId: user.id } });
    expect((await step.render()).actions.map((a) => a.value)).toEqual(['save']);
    expect(await step.submit({ action: 'skip' })).toHaveProperty('invalid');
  });

  it('flags a field asked twice and a list without choices', () => {
    expect(
      profileNode.check?.({
        fields: [
          { name: 'a', label: 'A', type: 'text' },
          { name: 'a', label: 'A', type: 'text' },
          { name: 'c', label: 'C', type: 'select' },
        ],
      }),
    ).toEqual(['the field "a" is asked twice', 'the list field "c" has no choices']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { profileNode } from './profile.js';
import { saveAttribute } from '../identity/schema.js';

describe('profile step (progressive profiling from the identity schema)', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  const ask = { fields: [{ attribute: 'given_name', required: true }, { attribute: 'phone_number' }] };

  it('asks only for what the person has not given yet, labelled as the schema says', async () => {
    const user = await world.user('ana@example.com', { attributes: { given_name: 'Ana' } });
    const step = world.step(profileNode, { settings: ask, state: { userId: user.id } });
    expect(await step.auto()).toBeNull();
    const page = await step.render();
    expect(page.fields.map((f) => f.label)).toEqual(['Phone number']);
    expect(page.fields[0].hint).toBe('Optional');
    expect(page.actions.map((a) => a.label)).toEqual(['Continue', 'Skip for now']);
    const id = await world.step(profileNode, { settings: ask, state: { userId: user.id }, lang: 'id' }).render();
    expect(id.fields[0].label).toBe('Nomor telepon');
  });

  it('moves on without a page when nothing is missing', async () => {
    const user = await world.user('budi@example.com', { attributes: { given_name: 'Budi', phone_number: '+6281234567890' } });
    const step = world.step(profileNode, { settings: ask, state: { userId: user.id } });
    expect(await step.auto()).toEqual({ outcome: 'done' });
  });

  it('stores checked, normalised answers and keeps the person on the page for wrong ones', async () => {
    const user = await world.user('citra@example.com');
    const step = world.step(profileNode, { settings: ask, state: { userId: user.id } });
    expect(await step.submit({ given_name: '', phone_number: 'call me' })).toEqual({
      invalid: { fields: { given_name: 'Please fill in this field.', phone_number: 'Please enter a valid phone number, for example +62 812 3456 7890.' } },
    });
    await step.submit({ given_name: ' Citra ', phone_number: '+62 812-3456-7890' });
    expect(step.outcome).toBe('done');
    expect((await world.store.users.findById(user.id))?.attributes).toMatchObject({ given_name: 'Citra', phone_number: '+6281234567890' });
  });

  it('refuses a date of birth in the future and one below the minimum age of the schema', async () => {
    await saveAttribute(
      world.store,
      { key: 'birthdate', type: 'date', label: { en: 'Date of birth', id: 'Tanggal lahir' }, required: true, editable: true, claim: 'birthdate', scope: 'profile', rules: { minimumAge: 18 } },
      0,
      null,
    );
    const user = await world.user('dian@example.com');
    const step = world.step(profileNode, { settings: { fields: [{ attribute: 'birthdate' }] }, state: { userId: user.id } });
    const page = await step.render();
    expect(page.fields[0]).toMatchObject({ label: 'Date of birth', type: 'date', required: true, max: '2026-01-15' });
    expect(await step.submit({ birthdate: '2090-01-01' })).toEqual({ invalid: { fields: { birthdate: 'Please enter a date in the past.' } } });
    expect(await step.submit({ birthdate: '2010-06-01' })).toEqual({ invalid: { fields: { birthdate: 'You must be at least 18 years old.' } } });
    await step.submit({ birthdate: '1990-06-01' });
    expect((await world.store.users.findById(user.id))?.attributes.birthdate).toBe('1990-06-01');
  });

  it('cannot skip while a required attribute is missing', async () => {
    const user = await world.user('dewi@example.com');
    const step = world.step(profileNode, { settings: ask, state: { userId: user.id } });
    expect((await step.render()).actions.map((a) => a.value)).toEqual(['save']);
    expect(await step.submit({ action: 'skip' })).toHaveProperty('invalid');
  });

  it('does not ask a skipped optional attribute again until the configured days have passed', async () => {
    const user = await world.user('eka@example.com', { attributes: { given_name: 'Eka' } });
    const settings = { ...ask, skipDays: 7 };
    const first = world.step(profileNode, { settings, state: { userId: user.id } });
    await first.submit({ action: 'skip' });
    expect(first.outcome).toBe('done');
    expect(await world.step(profileNode, { settings, state: { userId: user.id } }).auto()).toEqual({ outcome: 'done' });
    world.clock.advance(6 * 24 * 3600_000);
    expect(await world.step(profileNode, { settings, state: { userId: user.id } }).auto()).toEqual({ outcome: 'done' });
    world.clock.advance(2 * 24 * 3600_000);
    expect((await world.step(profileNode, { settings, state: { userId: user.id } }).render()).fields.map((f) => f.name)).toEqual(['phone_number']);
  });

  it('asks at most the configured number of questions per sign-in, keeping required ones, in the settings\' order', async () => {
    const user = await world.user('fajar@example.com');
    const settings = { fields: [{ attribute: 'nickname' }, { attribute: 'phone_number' }, { attribute: 'given_name', required: true }], askAtMost: 2 };
    const step = world.step(profileNode, { settings, state: { userId: user.id } });
    expect((await step.render()).fields.map((f) => f.name)).toEqual(['nickname', 'given_name']);
    await step.submit({ given_name: 'Fajar', nickname: 'Jay' });
    expect((await world.step(profileNode, { settings, state: { userId: user.id } }).render()).fields.map((f) => f.name)).toEqual(['phone_number']);
  });

  it('asks only for attributes released under a scope the app requested, when so configured', async () => {
    const user = await world.user('gita@example.com');
    const settings = { ...ask, onlyRequestedScopes: true };
    const profileOnly = world.step(profileNode, { settings, state: { userId: user.id, request: { scopes: ['openid', 'profile'] } } });
    expect((await profileOnly.render()).fields.map((f) => f.name)).toEqual(['given_name']);
    const none = world.step(profileNode, { settings, state: { userId: user.id, request: { scopes: ['openid'] } } });
    expect(await none.auto()).toEqual({ outcome: 'done' });
  });

  it('still runs journeys whose fields were declared in the step', async () => {
    const user = await world.user('hadi@example.com');
    const legacy = { fields: [{ name: 'team', label: 'Team', type: 'select' as const, required: true, options: [{ value: 'red', label: 'Red' }] }] };
    const step = world.step(profileNode, { settings: legacy, state: { userId: user.id } });
    expect((await step.render()).fields.map((f) => f.label)).toEqual(['Team']);
    await step.submit({ team: 'red' });
    expect((await world.store.users.findById(user.id))?.attributes.team).toBe('red');
  });

  it('names the attributes it asks as references, and flags one asked twice', () => {
    expect(profileNode.references?.(ask)).toEqual([{ kind: 'attribute', id: 'given_name' }, { kind: 'attribute', id: 'phone_number' }]);
    expect(profileNode.check?.({ fields: [{ attribute: 'a' }, { attribute: 'a' }] }).map((p) => p.en)).toEqual(['the attribute "a" is asked twice']);
  });
});

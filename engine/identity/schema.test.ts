import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { checkAttribute } from './attributes.js';
import { definitionProblems, deleteAttribute, fieldOf, loadSchema, saveAttribute } from './schema.js';

describe('identity schema', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  const loyalty = { key: 'loyalty_number', type: 'text' as const, label: { en: 'Loyalty number' }, required: false, editable: true, claim: 'loyalty_number', scope: 'loyalty', rules: {} };

  it('ships the standard OpenID claims, then the organisation\'s own attributes; a changed standard one replaces the shipped one until deleted', async () => {
    const shipped = await loadSchema(world.store);
    expect(shipped.map((a) => a.key)).toContain('birthdate');
    expect(shipped.find((a) => a.key === 'phone_number')).toMatchObject({ scope: 'phone', claim: 'phone_number', standard: true, editable: true });
    await saveAttribute(world.store, loyalty, 0, 'admin');
    await saveAttribute(world.store, { ...loyalty, key: 'birthdate', type: 'date', label: { en: 'Birthday' }, claim: 'birthdate', scope: 'profile', rules: { minimumAge: 21 } }, 0, 'admin');
    const changed = await loadSchema(world.store);
    expect(changed.at(-1)).toMatchObject({ key: 'loyalty_number', standard: false, revision: 1 });
    expect(changed.find((a) => a.key === 'birthdate')).toMatchObject({ label: { en: 'Birthday' }, rules: { minimumAge: 21 }, standard: true });
    await deleteAttribute(world.store, 'birthdate');
    expect((await loadSchema(world.store)).find((a) => a.key === 'birthdate')?.rules).toEqual({ past: true });
  });

  it('refuses a change based on a revision someone else already changed', async () => {
    expect(await saveAttribute(world.store, loyalty, 0, 'a')).toMatchObject({ revision: 1 });
    expect(await saveAttribute(world.store, loyalty, 0, 'b')).toBeNull();
    expect(await saveAttribute(world.store, { ...loyalty, label: { en: 'Member no.' } }, 1, 'b')).toMatchObject({ revision: 2 });
    expect(await saveAttribute(world.store, { ...loyalty, label: { en: 'Lost' } }, 1, 'c')).toBeNull();
  });

  it('explains definitions that make no sense in plain words', () => {
    expect(definitionProblems({ ...loyalty, type: 'select', rules: { options: [], minimumAge: 3 } }, [])).toEqual(['A select attribute cannot have a minimum age.', 'A list needs at least one choice.']);
    expect(definitionProblems({ ...loyalty, claim: 'sub' }, [])).toEqual(['The claim "sub" is issued by Gerbang itself.']);
    expect(definitionProblems({ ...loyalty, scope: null }, [])).toEqual(['A claim needs a scope that releases it, and a scope needs a claim.']);
    expect(definitionProblems({ ...loyalty, key: 'member' }, [{ ...loyalty, revision: 1, updatedAt: new Date() }])).toEqual(['The claim "loyalty_number" already carries "loyalty_number".']);
  });

  it('checks dates of birth against today: never in the future, and at least the minimum age', () => {
    const field = fieldOf({ ...loyalty, key: 'birthdate', type: 'date', rules: { minimumAge: 18 }, revision: 0, updatedAt: new Date() });
    const today = new Date('2026-03-10T12:00:00Z');
    expect(checkAttribute(field, '2090-01-01', today)).toEqual({ ok: false, key: 'field.past' });
    expect(checkAttribute(field, '2008-03-11', today)).toEqual({ ok: false, key: 'field.minimumAge', vars: { n: 18 } });
    expect(checkAttribute(field, '2008-03-10', today)).toEqual({ ok: true, value: '2008-03-10' });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { consentNode } from './consent.js';
import { savePurpose } from '../identity/consents.js';

describe('consent step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
    await savePurpose(
      world.store.consents,
      { id: 'marketing-emails', name: { en: 'Marketing emails', id: 'Email pemasaran' }, text: { en: 'Send me offers.', id: 'Kirimi saya penawaran.' } },
      world.clock.now(),
    );
    await savePurpose(world.store.consents, { id: 'terms', name: { en: 'Terms' }, text: { en: 'I accept the terms.' } }, world.clock.now());
  });
  afterEach(() => world.close());

  const settings = { purposes: [{ id: 'marketing-emails', required: false }, { id: 'terms', required: true }] };

  it('asks for each purpose in the visitor\'s language and records each answer with its text version and the journey', async () => {
    const user = await world.user('ana@example.com');
    const step = world.step(consentNode, { settings, state: { userId: user.id }, lang: 'id' });
    expect(await step.auto()).toBeNull();
    const page = await step.render();
    expect(page.fields.map((f) => f.label)).toEqual(['Email pemasaran: Kirimi saya penawaran.', 'Terms: I accept the terms.']);
    expect(page.fields[1].hint).toBe('Wajib untuk melanjutkan');

    await step.submit({ consent_terms: 'on' });
    expect(step.outcome).toBe('done');
    const decisions = await world.store.consents.current(user.id);
    expect(decisions.map((d) => [d.purposeId, d.granted, d.version, d.channel])).toEqual(
      expect.arrayContaining([
        ['marketing-emails', false, 1, 'flow:unit-test-flow'],
        ['terms', true, 1, 'flow:unit-test-flow'],
      ]),
    );
    expect(await world.store.audit.list({ userId: user.id, type: 'consent.changed', limit: 10 })).toHaveLength(2);
  });

  it('ends as "declined" when a needed purpose is refused', async () => {
    const user = await world.user('budi@example.com');
    const step = world.step(consentNode, { settings, state: { userId: user.id } });
    await step.submit({ 'consent_marketing-emails': 'on' });
    expect(step.outcome).toBe('declined');
  });

  it('does not ask again until the text changes', async () => {
    const user = await world.user('citra@example.com');
    await world.step(consentNode, { settings, state: { userId: user.id } }).submit({ consent_terms: 'on' });
    expect(await world.step(consentNode, { settings, state: { userId: user.id } }).auto()).toEqual({ outcome: 'done' });

    await savePurpose(world.store.consents, { id: 'marketing-emails', name: { en: 'Marketing emails' }, text: { en: 'Send me offers and news.' } }, world.clock.now());
    const again = world.step(consentNode, { settings, state: { userId: user.id } });
    expect(await again.auto()).toBeNull();
    expect((await again.render()).fields.map((f) => f.name)).toEqual(['consent_marketing-emails']);
  });

  it('needs a purpose the organisation marked required even where the journey did not', async () => {
    const user = await world.user('dewi@example.com');
    await savePurpose(world.store.consents, { id: 'marketing-emails', name: { en: 'Marketing emails' }, text: { en: 'Send me offers.' }, required: true }, world.clock.now());
    const step = world.step(consentNode, { settings, state: { userId: user.id } });
    expect((await step.render()).fields.map((f) => f.hint)).toEqual(['Needed to continue', 'Needed to continue']);
    await step.submit({ consent_terms: 'on' });
    expect(step.outcome).toBe('declined');
  });

  it('has no "refused" outcome to connect when the step marks no purpose as needed', () => {
    const declined = (s: typeof settings) => consentNode.outcomes(s).find((o) => o.name === 'declined');
    expect(declined(settings)?.optional).toBeUndefined();
    expect(declined({ purposes: [{ id: 'marketing-emails', required: false }] })).toMatchObject({ label: 'Refused a needed purpose', optional: true });
  });

  it('says on the page that a purpose the organisation needs is needed, in a step with no "refused" way out, and records nothing', async () => {
    const user = await world.user('eka@example.com');
    await savePurpose(world.store.consents, { id: 'terms', name: { en: 'Terms' }, text: { en: 'I accept the terms v2.' }, required: true }, world.clock.now());
    const step = world.step(consentNode, { settings: { purposes: [{ id: 'marketing-emails', required: false }, { id: 'terms', required: false }] }, state: { userId: user.id } });
    const result = await step.submit({ 'consent_marketing-emails': 'on' });
    expect(result).toEqual({ invalid: { fields: { consent_terms: 'Needed to continue' } } });
    expect(step.outcome).toBeNull();
    expect(await world.store.consents.history(user.id)).toEqual([]);
  });
});

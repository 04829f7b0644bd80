import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import type { Organisation } from '../store/port.js';
import type { SocialConnection } from '../methods/social/connection.js';
import { homeRealmNode } from './home-realm.js';

/** An organisation provider whose discovery fails, as when it is down (the real one is in test/integration/home-realm.test.ts). */
const unreachable: SocialConnection = {
  name: 'org-acme',
  label: 'Acme Supplies',
  authorizationUrl: async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:9');
  },
  exchange: async () => {
    throw new Error('unreachable');
  },
};

const acme = (policy: Partial<Organisation['policy']> = {}): Organisation => ({
  id: 'acme',
  name: 'Acme Supplies',
  domains: ['acme.example'],
  branding: {},
  roles: [],
  policy: { minAcr: null, allowedMethods: null, ...policy },
  provider: { issuer: 'https://login.acme.example', clientId: 'gerbang', secretCiphertext: 'sealed' },
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe('home-realm step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
    world.services.organisationProviders = { connectionFor: (org) => (org.provider ? unreachable : null) };
  });
  afterEach(() => world.close());

  it('lets everyone whose domain has no organisation provider continue at once', async () => {
    await world.store.organisations.create({ ...acme(), id: 'plain', domains: ['plain.example'], provider: null });
    expect(await world.step(homeRealmNode, { state: { email: 'ayu@example.com' } }).auto()).toEqual({ outcome: 'other' });
    expect(await world.step(homeRealmNode, { state: { email: 'ayu@plain.example' } }).auto()).toEqual({ outcome: 'other' });
  });

  it("offers the organisation's sign-in, says clearly when its provider is down, and lets the person use another allowed way", async () => {
    await world.store.organisations.create(acme());
    const step = world.step(homeRealmNode, { state: { email: 'rina@acme.example' }, lang: 'id' });
    expect(await step.auto()).toBeNull();
    const page = await step.render();
    expect(page.title).toBe('Masuk dengan Acme Supplies');
    expect(page.actions.map((a) => a.label)).toEqual(['Lanjutkan ke Acme Supplies', 'Masuk dengan cara lain']);
    expect(await step.submit({ action: 'continue' })).toEqual({ invalid: { form: 'Layanan masuk Acme Supplies tidak dapat dihubungi saat ini. Silakan coba lagi sebentar lagi.' } });
    await step.submit({ action: 'other' });
    expect(step.outcome).toBe('other');
  });

  it('offers no other way when the organisation allows only its own provider', async () => {
    await world.store.organisations.create(acme({ allowedMethods: ['fed'] }));
    const step = world.step(homeRealmNode, { state: { email: 'rina@acme.example' } });
    expect((await step.render()).actions.map((a) => a.value)).toEqual(['continue']);
    expect(await step.submit({ action: 'other' })).toMatchObject({ invalid: { form: expect.stringContaining('cannot be reached') } });
    expect(step.outcome).toBeNull();
  });

  it('refuses an answer that does not belong to this run', async () => {
    await world.store.organisations.create(acme());
    const step = world.step(homeRealmNode, { state: { email: 'rina@acme.example' } });
    await expect(step.callback('https://id.example.com/social/callback/org-acme?code=stolen&state=forged', { connection: 'org-acme' })).rejects.toThrow('does not belong to this journey');
  });
});

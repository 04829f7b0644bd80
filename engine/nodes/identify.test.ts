import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { identifyNode } from './identify.js';

describe('identify step', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('continues as a known user when an account has the email, however it was typed', async () => {
    await world.user('ana@example.com');
    const step = world.step(identifyNode);
    await step.submit({ email: '  Ana@Example.COM ' });
    expect(step.outcome).toBe('known');
    expect(step.state.email).toBe('ana@example.com');
  });

  it('continues as a new user for an unknown email', async () => {
    const step = world.step(identifyNode);
    await step.submit({ email: 'new@example.com' });
    expect(step.outcome).toBe('unknown');
    expect(step.state.email).toBe('new@example.com');
  });

  it('refuses text that is not an email address, inline', async () => {
    const step = world.step(identifyNode);
    expect(await step.submit({ email: 'not an email' })).toEqual({ invalid: { fields: { email: 'Please enter a valid email address.' } } });
    expect(step.outcome).toBeNull();
  });

  it('shows the designer\'s heading in the visitor\'s language and keeps the typed email', async () => {
    const step = world.step(identifyNode, { settings: { heading: { en: 'Welcome to Toko', id: 'Selamat datang di Toko' } }, state: { email: 'ana@example.com' }, lang: 'id' });
    const page = await step.render();
    expect(page.title).toBe('Selamat datang di Toko');
    expect(page.fields[0]).toMatchObject({ label: 'Alamat email', value: 'ana@example.com' });
  });
});

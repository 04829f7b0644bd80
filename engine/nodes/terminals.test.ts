import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeWorld, type FakeWorld } from '../../test/support/fake-context.js';
import { failureNode, successNode } from './terminals.js';

describe('success and failure steps', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await fakeWorld();
  });
  afterEach(() => world.close());

  it('end the journey: success signs in, failure does not, and neither has outcomes to connect', () => {
    expect(successNode.terminal).toBe('success');
    expect(failureNode.terminal).toBe('failure');
    expect(world.step(successNode).outcomes()).toEqual([]);
    expect(world.step(failureNode).outcomes()).toEqual([]);
  });

  it('failure shows the designer\'s message in the visitor\'s language, the reason, and a way to start again', async () => {
    const step = world.step(failureNode, {
      settings: { message: { en: 'Ask the front desk.', id: 'Tanyakan ke resepsionis.' } },
      state: { notice: { kind: 'error', key: 'code.failed' } },
      lang: 'id',
    });
    const page = await step.render();
    expect(page.title).toBe('Kami tidak dapat memasukkan Anda');
    expect(page.intro).toBe('Tanyakan ke resepsionis.');
    expect(page.error).toBe('Terlalu banyak kode salah.');
    expect(page.blocks).toEqual([{ kind: 'link', href: '/login', label: 'Mulai lagi' }]);
  });

  it('failure falls back to a default message', async () => {
    expect((await world.step(failureNode).render()).intro).toBe('Please try again later.');
  });
});

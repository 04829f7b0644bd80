import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

describe.each(storesUnderTest)('settings contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('creates a document once, then changes it only from the revision that was read', async () => {
    const created = await store.settings.put('mail', { host: 'smtp.example.com', nested: { empty: {} } }, 0, 'admin-1');
    expect(created).toMatchObject({ key: 'mail', revision: 1, updatedBy: 'admin-1', value: { host: 'smtp.example.com', nested: { empty: {} } } });
    expect(await store.settings.put('mail', { host: 'other' }, 0, 'admin-2')).toBeNull();
    const changed = await store.settings.put('mail', { host: 'smtp2.example.com' }, 1, 'admin-2');
    expect(changed).toMatchObject({ revision: 2, updatedBy: 'admin-2', value: { host: 'smtp2.example.com' } });
    // A writer still holding revision 1 does not overwrite what the other one saved.
    expect(await store.settings.put('mail', { host: 'stale' }, 1, 'admin-1')).toBeNull();
    expect((await store.settings.get('mail'))?.value).toEqual({ host: 'smtp2.example.com' });
  });

  it('lets exactly one of several concurrent writers of the same revision win', async () => {
    await store.settings.put('theme', { name: 'v1' }, 0, null);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.settings.put('theme', { name }, 1, null)));
    const winners = results.filter(Boolean);
    expect(winners).toHaveLength(1);
    expect((await store.settings.get('theme'))?.value).toEqual(winners[0]!.value);
    const creations = await Promise.all(['x', 'y', 'z'].map((name) => store.settings.put('fresh', { name }, 0, null)));
    expect(creations.filter(Boolean)).toHaveLength(1);
  });

  it('lists by prefix in key order, taking the prefix literally, and deletes', async () => {
    for (const key of ['social:okta', 'social:google', 'socialx', 'mail', 'social:%x']) await store.settings.put(key, { key }, 0, null);
    expect((await store.settings.list('social:')).map((d) => d.key)).toEqual(['social:%x', 'social:google', 'social:okta']);
    expect((await store.settings.list('social:%')).map((d) => d.key)).toEqual(['social:%x']);
    expect(await store.settings.delete('social:okta')).toBe(true);
    expect(await store.settings.delete('social:okta')).toBe(false);
    expect(await store.settings.get('social:okta')).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { loadSigningKeys } from '../../engine/oidc/keys.js';
import { SecretBox } from '../../engine/identity/secret-box.js';
import { storesUnderTest } from '../support/stores.js';

describe.each(storesUnderTest)('provider artifacts and signing keys on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('creates an artifact only when none exists (an expired one does not count)', async () => {
    expect(await store.oidc.create('Thing', 'a', { n: 1 }, null)).toBe(true);
    expect(await store.oidc.create('Thing', 'a', { n: 2 }, null)).toBe(false);
    expect(await store.oidc.find('Thing', 'a')).toEqual({ n: 1 });
    await store.oidc.upsert('Thing', 'old', { n: 1 }, new Date(Date.now() - 1000));
    expect(await store.oidc.create('Thing', 'old', { n: 2 }, null)).toBe(true);
    expect(await store.oidc.find('Thing', 'old')).toEqual({ n: 2 });
  });

  it('consumes a one-time artifact for exactly one of several racing requests', async () => {
    await store.oidc.upsert('RefreshToken', 'h', { kind: 'RefreshToken', grantId: 'g' }, new Date(Date.now() + 60_000));
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.oidc.consume('RefreshToken', 'h', new Date())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.oidc.find('RefreshToken', 'h')).toMatchObject({ consumed: expect.any(Number), grantId: 'g' });
    expect(await store.oidc.consume('RefreshToken', 'h', new Date())).toBe(false);
  });

  it('gives instances starting at once on an empty store one and the same signing key', async () => {
    const secrets = new SecretBox('one shared encryption key');
    const started = await Promise.all([1, 2, 3, 4].map(() => loadSigningKeys(store.oidc, secrets)));
    expect(new Set(started.map((keys) => keys[0].kid)).size).toBe(1);
    expect((await loadSigningKeys(store.oidc, secrets))[0].kid).toBe(started[0][0].kid);
  });
});

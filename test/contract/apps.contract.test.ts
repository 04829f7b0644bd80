import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, type App, type Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

const app = (id: string): App => ({
  id,
  name: `App ${id}`,
  type: 'public',
  redirectUris: ['https://a.example/cb'],
  postLogoutRedirectUris: [],
  flowId: 'login-signup',
  branding: { primaryColor: '#123456' },
  secretCiphertext: null,
  backchannelLogoutUri: null,
  resources: [],
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe.each(storesUnderTest)('apps and OpenID Provider artifacts contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('keeps apps by client id, refusing a second app with the same id', async () => {
    await store.apps.create(app('one'));
    await expect(store.apps.create(app('one'))).rejects.toBeInstanceOf(DuplicateError);
    const updated = await store.apps.update('one', { redirectUris: ['https://b.example/cb'] });
    expect(updated).toMatchObject({ id: 'one', redirectUris: ['https://b.example/cb'], branding: { primaryColor: '#123456' } });
    expect((await store.apps.list()).map((a) => a.id)).toEqual(['one']);
    expect(await store.apps.delete('one')).toBe(true);
    expect(await store.apps.get('one')).toBeNull();
    expect(await store.apps.update('one', { name: 'x' })).toBeNull();
  });

  it('changes an app by compare-and-set on its addresses: only while both lists are still as read, leaving its other settings', async () => {
    await store.apps.create(app('shop'));
    const read = { redirectUris: ['https://a.example/cb'], postLogoutRedirectUris: [] };
    // Another write changed the name only: the addresses are still as read, so the change goes in beside it.
    await store.apps.update('shop', { name: 'Shop' });
    expect(await store.apps.updateIfUris('shop', read, { redirectUris: ['https://a.example/cb', 'https://a.example/cb2'] })).toMatchObject({ name: 'Shop', redirectUris: ['https://a.example/cb', 'https://a.example/cb2'] });
    // Read before that write: refused, nothing written.
    expect(await store.apps.updateIfUris('shop', read, { redirectUris: ['https://evil.example/cb'] })).toBeNull();
    // A changed post-logout list (or the same URIs in another order) is a change too.
    await store.apps.update('shop', { postLogoutRedirectUris: ['https://a.example/bye'] });
    const now = { redirectUris: ['https://a.example/cb', 'https://a.example/cb2'], postLogoutRedirectUris: [] };
    expect(await store.apps.updateIfUris('shop', now, { name: 'Overwritten' })).toBeNull();
    expect(await store.apps.updateIfUris('shop', { ...now, redirectUris: [...now.redirectUris].reverse(), postLogoutRedirectUris: ['https://a.example/bye'] }, { name: 'Overwritten' })).toBeNull();
    expect(await store.apps.get('shop')).toMatchObject({ name: 'Shop', redirectUris: now.redirectUris, postLogoutRedirectUris: ['https://a.example/bye'] });
    // Of several writers that read the same lists, exactly one writes.
    const current = { redirectUris: now.redirectUris, postLogoutRedirectUris: ['https://a.example/bye'] };
    const results = await Promise.all(['x', 'y', 'z'].map((n) => store.apps.updateIfUris('shop', current, { redirectUris: [`https://${n}.example/cb`] })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.apps.get('shop'))?.redirectUris).toEqual(results.find(Boolean)!.redirectUris);
    expect(await store.apps.updateIfUris('gone', current, { name: 'x' })).toBeNull();
  });

  it('accepts a remembered browser unless the app says otherwise, and keeps that choice', async () => {
    await store.apps.create(app('shop'));
    expect((await store.apps.get('shop'))?.acceptsRememberedBrowser).toBe(true);
    await store.apps.create({ ...app('bank'), minAcr: 'urn:gerbang:loa:2', acceptsRememberedBrowser: false });
    expect(await store.apps.get('bank')).toMatchObject({ minAcr: 'urn:gerbang:loa:2', acceptsRememberedBrowser: false });
    await store.apps.update('bank', { name: 'Bank' });
    expect((await store.apps.get('bank'))?.acceptsRememberedBrowser).toBe(false);
    await store.apps.update('bank', { acceptsRememberedBrowser: true });
    expect((await store.apps.get('bank'))?.acceptsRememberedBrowser).toBe(true);
  });

  it('signs ID tokens with RS256 unless the app chose ES256, and keeps that choice', async () => {
    await store.apps.create(app('shop'));
    expect((await store.apps.get('shop'))?.idTokenSignedResponseAlg).toBe('RS256');
    await store.apps.create({ ...app('fast'), idTokenSignedResponseAlg: 'ES256' });
    await store.apps.update('fast', { name: 'Fast' });
    expect((await store.apps.get('fast'))?.idTokenSignedResponseAlg).toBe('ES256');
    await store.apps.update('shop', { idTokenSignedResponseAlg: 'ES256' });
    expect((await store.apps.list()).map((a) => [a.id, a.idTokenSignedResponseAlg])).toEqual([['shop', 'ES256'], ['fast', 'ES256']]);
  });

  it('keeps a machine app without a journey, its allowed APIs and a back-channel logout URI', async () => {
    await store.apps.create({ ...app('svc'), type: 'machine', redirectUris: [], flowId: null, resources: [{ indicator: 'https://api.example/', scopes: ['orders:read'] }] });
    expect(await store.apps.get('svc')).toMatchObject({ type: 'machine', flowId: null, resources: [{ indicator: 'https://api.example/', scopes: ['orders:read'] }], backchannelLogoutUri: null });
    const updated = await store.apps.update('svc', { backchannelLogoutUri: 'https://a.example/logout', resources: [] });
    expect(updated).toMatchObject({ backchannelLogoutUri: 'https://a.example/logout', resources: [] });
    expect(await store.apps.get('svc')).toMatchObject({ backchannelLogoutUri: 'https://a.example/logout', resources: [], flowId: null });
  });

  it('stores provider artifacts by model, finds them by uid, consumes and revokes them by grant', async () => {
    const soon = new Date(Date.now() + 60_000);
    await store.oidc.upsert('AuthorizationCode', 'c1', { grantId: 'g1', accountId: 'u' }, soon);
    await store.oidc.upsert('Interaction', 'i1', { uid: 'uid-1', kind: 'Interaction' }, soon);
    await store.oidc.upsert('RefreshToken', 'r1', { grantId: 'g1' }, soon);
    expect(await store.oidc.findByUid('Interaction', 'uid-1')).toMatchObject({ kind: 'Interaction' });
    await store.oidc.consume('AuthorizationCode', 'c1', new Date(1_700_000_000_000));
    expect(await store.oidc.find('AuthorizationCode', 'c1')).toMatchObject({ consumed: 1_700_000_000 });
    await store.oidc.revokeByGrantId('g1');
    expect(await store.oidc.find('AuthorizationCode', 'c1')).toBeNull();
    expect(await store.oidc.find('RefreshToken', 'r1')).toBeNull();
    expect(await store.oidc.find('Interaction', 'i1')).not.toBeNull();
  });

  it('revokes everything of one account at once, keeping the provider sessions named', async () => {
    const future = new Date(Date.now() + 60_000);
    await store.oidc.upsert('Session', 'keep', { accountId: 'acct-a' }, future);
    await store.oidc.upsert('Session', 'other', { accountId: 'acct-a' }, future);
    await store.oidc.upsert('RefreshToken', 'rt-a', { accountId: 'acct-a', grantId: 'ga' }, future);
    await store.oidc.upsert('Grant', 'ga', { accountId: 'acct-a' }, future);
    await store.oidc.upsert('RefreshToken', 'rt-b', { accountId: 'acct-b', grantId: 'gb' }, future);
    expect(await store.oidc.revokeByAccount('acct-a', ['keep'])).toBe(3);
    expect(await store.oidc.find('Session', 'keep')).not.toBeNull();
    expect(await store.oidc.find('Session', 'other')).toBeNull();
    expect(await store.oidc.find('RefreshToken', 'rt-a')).toBeNull();
    expect(await store.oidc.find('Grant', 'ga')).toBeNull();
    expect(await store.oidc.find('RefreshToken', 'rt-b')).not.toBeNull();
  });

  it('revokes the refresh tokens of one account for every app, keeping its sessions and grants', async () => {
    const future = new Date(Date.now() + 60_000);
    await store.oidc.upsert('Session', 'sess-c', { accountId: 'acct-c' }, future);
    await store.oidc.upsert('Grant', 'gc', { accountId: 'acct-c' }, future);
    await store.oidc.upsert('RefreshToken', 'rt-c1', { accountId: 'acct-c', grantId: 'gc' }, future);
    await store.oidc.upsert('AccessToken', 'at-c1', { accountId: 'acct-c', grantId: 'gc' }, future);
    await store.oidc.upsert('RefreshToken', 'rt-d', { accountId: 'acct-d', grantId: 'gd' }, future);
    expect(await store.oidc.revokeTokensByAccount('acct-c')).toBe(1);
    expect(await store.oidc.find('AccessToken', 'at-c1')).not.toBeNull();
    expect(await store.oidc.find('Session', 'sess-c')).not.toBeNull();
    expect(await store.oidc.find('Grant', 'gc')).not.toBeNull();
    expect(await store.oidc.find('RefreshToken', 'rt-c1')).toBeNull();
    expect(await store.oidc.find('RefreshToken', 'rt-d')).not.toBeNull();
  });

  it('hides expired artifacts and deletes them', async () => {
    await store.oidc.upsert('Session', 's1', { accountId: 'u' }, new Date(Date.now() - 1000));
    await store.oidc.upsert('Session', 's2', { accountId: 'u' }, null);
    expect(await store.oidc.find('Session', 's1')).toBeNull();
    expect(await store.oidc.deleteExpired(new Date())).toBe(1);
    expect(await store.oidc.find('Session', 's2')).toMatchObject({ accountId: 'u' });
  });
});

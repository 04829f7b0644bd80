import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, type Invitation, type Organisation, type Store } from '../../engine/store/port.js';
import { deleteAccount } from '../../engine/identity/account-deletion.js';
import { storesUnderTest } from '../support/stores.js';

const T0 = new Date('2026-03-01T08:00:00Z');
const org = (id: string, over: Partial<Organisation> = {}): Organisation => ({
  id,
  name: `Org ${id}`,
  domains: [],
  branding: {},
  roles: [{ name: 'buyer', description: 'Places orders', permissions: ['orders:create', 'orders:read'] }],
  policy: { minAcr: null, allowedMethods: null },
  provider: null,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});
let n = 0;
const invitation = (orgId: string, over: Partial<Invitation> = {}): Invitation => ({
  id: `inv-${++n}`,
  orgId,
  email: 'sari@example.com',
  roles: ['buyer'],
  tokenHash: `hash-${n}`,
  invitedBy: 'admin',
  status: 'pending',
  acceptedBy: null,
  createdAt: T0,
  expiresAt: new Date(T0.getTime() + 7 * 86_400_000),
  ...over,
});

describe.each(storesUnderTest)('organisations, memberships and invitations contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let sari: string;
  let budi: string;
  beforeEach(async () => {
    ({ store, cleanup } = await adapter.open());
    sari = (await store.users.create({ email: 'sari@example.com' })).id;
    budi = (await store.users.create({ email: 'budi@example.com' })).id;
  });
  afterEach(async () => cleanup());

  describe('organisations', () => {
    it('stores an organisation with its domains, roles and policy, and finds it by domain', async () => {
      await store.organisations.create(org('acme', { domains: ['acme.example', 'acme.co.id'], policy: { minAcr: 'urn:gerbang:acr:mfa', allowedMethods: ['pwd', 'otp'] } }));
      const found = await store.organisations.findByDomain('acme.co.id');
      expect(found).toMatchObject({ id: 'acme', name: 'Org acme', domains: ['acme.co.id', 'acme.example'], policy: { minAcr: 'urn:gerbang:acr:mfa', allowedMethods: ['pwd', 'otp'] } });
      expect(found?.roles[0].permissions).toEqual(['orders:create', 'orders:read']);
      expect(await store.organisations.findByDomain('other.example')).toBeNull();
      expect((await store.organisations.list()).map((o) => o.id)).toEqual(['acme']);
    });

    it('refuses a second organisation with the same id', async () => {
      await store.organisations.create(org('acme'));
      await expect(store.organisations.create(org('acme', { name: 'Another' }))).rejects.toMatchObject({ field: 'id' });
      expect((await store.organisations.get('acme'))?.name).toBe('Org acme');
    });

    it('refuses a domain owned by another organisation, at creation and on change, writing nothing', async () => {
      await store.organisations.create(org('acme', { domains: ['acme.example'] }));
      await store.organisations.create(org('empty-one'));
      await store.organisations.create(org('empty-two'));
      const refused = await store.organisations.create(org('copycat', { domains: ['copy.example', 'acme.example'] })).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DuplicateError);
      expect((refused as DuplicateError).field).toBe('domain');
      expect(await store.organisations.get('copycat')).toBeNull();
      expect(await store.organisations.findByDomain('copy.example')).toBeNull();

      await store.organisations.create(org('globex', { domains: ['globex.example'] }));
      await expect(store.organisations.update('globex', { name: 'Globex', domains: ['globex.example', 'acme.example'] })).rejects.toMatchObject({ field: 'domain' });
      const globex = await store.organisations.get('globex');
      expect(globex).toMatchObject({ name: 'Org globex', domains: ['globex.example'] });
      expect((await store.organisations.findByDomain('acme.example'))?.id).toBe('acme');
    });

    it('of two organisations claiming one domain at the same moment, exactly one gets it', async () => {
      const results = await Promise.allSettled(['a-org', 'b-org', 'c-org'].map((id) => store.organisations.create(org(id, { domains: ['shared.example'] }))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.organisations.list())).toHaveLength(1);
    });

    it('gives up a domain it no longer lists, so another organisation may claim it', async () => {
      await store.organisations.create(org('acme', { domains: ['acme.example', 'old.example'] }));
      await store.organisations.update('acme', { domains: ['acme.example'] });
      await store.organisations.create(org('newco', { domains: ['old.example'] }));
      expect((await store.organisations.findByDomain('old.example'))?.id).toBe('newco');
    });

    it('deletes an organisation with its memberships, invitations and sign-in records, and says what went', async () => {
      await store.organisations.create(org('acme', { domains: ['acme.example'] }));
      await store.memberships.add({ orgId: 'acme', userId: sari, roles: ['buyer'], source: 'admin', joinedAt: T0 });
      await store.memberships.add({ orgId: 'acme', userId: budi, roles: [], source: 'admin', joinedAt: T0 });
      await store.invitations.create(invitation('acme', { email: 'dewi@example.com' }));
      await store.memberships.recordSignIn({ grantId: 'grant-1', orgId: 'acme', userId: sari, expiresAt: new Date(T0.getTime() + 86_400_000) });
      expect(await store.organisations.delete('acme')).toEqual({ members: 2, invitations: 1 });
      expect(await store.organisations.get('acme')).toBeNull();
      expect(await store.organisations.findByDomain('acme.example')).toBeNull();
      expect(await store.memberships.listByUser(sari)).toEqual([]);
      expect(await store.invitations.listByOrganisation('acme')).toEqual([]);
      expect(await store.memberships.signInOf('grant-1')).toBeNull();
      expect(await store.organisations.delete('acme')).toBeNull();
    });

    it('keeps the permissions an app declares', async () => {
      expect(await store.organisations.appPermissions('shop')).toEqual([]);
      await store.organisations.setAppPermissions('shop', ['orders:read', 'orders:create']);
      await store.organisations.setAppPermissions('shop', ['orders:read']);
      expect(await store.organisations.appPermissions('shop')).toEqual(['orders:read']);
    });
  });

  describe('memberships', () => {
    beforeEach(async () => {
      await store.organisations.create(org('acme'));
      await store.organisations.create(org('globex'));
    });

    it('adds a person once per organisation, and lists memberships both ways', async () => {
      expect(await store.memberships.add({ orgId: 'acme', userId: sari, roles: ['buyer'], source: 'admin', joinedAt: T0 })).toBe('added');
      expect(await store.memberships.add({ orgId: 'acme', userId: sari, roles: [], source: 'invitation', joinedAt: T0 })).toBe('exists');
      await store.memberships.add({ orgId: 'globex', userId: sari, roles: [], source: 'just-in-time', joinedAt: new Date(T0.getTime() + 1000) });
      await store.memberships.add({ orgId: 'acme', userId: budi, roles: [], source: 'admin', joinedAt: new Date(T0.getTime() + 2000) });
      expect(await store.memberships.get('acme', sari)).toMatchObject({ roles: ['buyer'], source: 'admin' });
      expect((await store.memberships.listByUser(sari)).map((m) => m.orgId)).toEqual(['acme', 'globex']);
      expect((await store.memberships.listByOrganisation('acme')).map((m) => m.userId)).toEqual([sari, budi]);
    });

    it('adds a person racing with themself exactly once', async () => {
      const results = await Promise.all([1, 2, 3, 4].map(() => store.memberships.add({ orgId: 'acme', userId: sari, roles: [], source: 'admin', joinedAt: T0 })));
      expect(results.filter((r) => r === 'added')).toHaveLength(1);
    });

    it('changes roles, counts who holds a role, takes a deleted role from everyone, removes a member', async () => {
      await store.memberships.add({ orgId: 'acme', userId: sari, roles: ['buyer', 'approver'], source: 'admin', joinedAt: T0 });
      await store.memberships.add({ orgId: 'acme', userId: budi, roles: ['buyer'], source: 'admin', joinedAt: T0 });
      await store.memberships.add({ orgId: 'globex', userId: budi, roles: ['buyer'], source: 'admin', joinedAt: T0 });
      expect(await store.memberships.countWithRole('acme', 'buyer')).toBe(2);
      expect(await store.memberships.removeRoleFromAll('acme', 'buyer')).toBe(2);
      expect((await store.memberships.get('acme', sari))?.roles).toEqual(['approver']);
      expect((await store.memberships.get('globex', budi))?.roles).toEqual(['buyer']);
      expect((await store.memberships.setRoles('acme', budi, ['approver']))?.roles).toEqual(['approver']);
      expect(await store.memberships.setRoles('acme', 'nobody', ['x'])).toBeNull();
      expect(await store.memberships.remove('acme', budi)).toBe(true);
      expect(await store.memberships.remove('acme', budi)).toBe(false);
      expect(await store.memberships.get('acme', budi)).toBeNull();
    });

    it('remembers the organisation of each grant, per member', async () => {
      const expiresAt = new Date(T0.getTime() + 86_400_000);
      await store.memberships.recordSignIn({ grantId: 'g1', orgId: 'acme', userId: sari, expiresAt });
      await store.memberships.recordSignIn({ grantId: 'g2', orgId: 'acme', userId: sari, expiresAt });
      await store.memberships.recordSignIn({ grantId: 'g3', orgId: 'globex', userId: sari, expiresAt });
      expect(await store.memberships.signInOf('g1')).toMatchObject({ orgId: 'acme', userId: sari });
      expect((await store.memberships.signInsOf('acme', sari)).map((s) => s.grantId).sort()).toEqual(['g1', 'g2']);
      await store.memberships.forgetSignIn('g1');
      expect(await store.memberships.signInOf('g1')).toBeNull();
    });

    it('a deleted account leaves no membership behind', async () => {
      await store.memberships.add({ orgId: 'acme', userId: sari, roles: [], source: 'admin', joinedAt: T0 });
      expect(await deleteAccount(store, sari)).toBe(true);
      expect(await store.memberships.listByOrganisation('acme')).toEqual([]);
    });
  });

  describe('invitations', () => {
    beforeEach(async () => {
      await store.organisations.create(org('acme'));
    });

    it('stores only the token hash, and a new invitation to the same address replaces the pending one', async () => {
      const first = await store.invitations.create(invitation('acme'));
      const second = await store.invitations.create(invitation('acme'));
      expect((await store.invitations.get(first.id))?.status).toBe('revoked');
      expect((await store.invitations.findByTokenHash(second.tokenHash))?.status).toBe('pending');
      expect((await store.invitations.listByOrganisation('acme')).map((i) => i.id).sort()).toEqual([first.id, second.id].sort());
    });

    it('is accepted by one compare-and-set that also makes the person a member; racing accepts get it once', async () => {
      const inv = await store.invitations.create(invitation('acme', { roles: ['buyer'] }));
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.invitations.accept(inv.tokenHash, sari, T0)));
      expect(results.filter((r) => r.result === 'accepted')).toHaveLength(1);
      expect(results.filter((r) => r.result === 'used')).toHaveLength(4);
      expect(await store.memberships.get('acme', sari)).toMatchObject({ roles: ['buyer'], source: 'invitation' });
      expect(await store.invitations.get(inv.id)).toMatchObject({ status: 'accepted', acceptedBy: sari });
    });

    it('refuses an expired, a revoked and an unknown invitation without making anyone a member', async () => {
      const expired = await store.invitations.create(invitation('acme', { email: 'a@example.com', expiresAt: new Date(T0.getTime() - 1) }));
      const revoked = await store.invitations.create(invitation('acme', { email: 'b@example.com' }));
      expect(await store.invitations.revoke('acme', revoked.id)).toBe(true);
      expect(await store.invitations.revoke('acme', revoked.id)).toBe(false);
      expect((await store.invitations.accept(expired.tokenHash, sari, T0)).result).toBe('expired');
      expect((await store.invitations.accept(revoked.tokenHash, sari, T0)).result).toBe('revoked');
      expect((await store.invitations.accept('no-such-hash', sari, T0)).result).toBe('not-found');
      expect(await store.memberships.get('acme', sari)).toBeNull();
    });

    it('accepted by someone already a member keeps their membership as it was', async () => {
      await store.memberships.add({ orgId: 'acme', userId: sari, roles: ['approver'], source: 'admin', joinedAt: T0 });
      const inv = await store.invitations.create(invitation('acme', { roles: ['buyer'] }));
      expect(await store.invitations.accept(inv.tokenHash, sari, T0)).toMatchObject({ result: 'accepted', membership: 'exists' });
      expect((await store.memberships.get('acme', sari))?.roles).toEqual(['approver']);
    });
  });
});

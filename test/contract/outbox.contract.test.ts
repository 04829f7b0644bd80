import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, type DomainEvent, type Store, type WebhookEndpoint } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

const T0 = new Date('2026-05-01T08:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

const endpoint = (id: string, over: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id,
  url: `http://127.0.0.1:9/${id}`,
  description: id,
  eventTypes: ['user.created'],
  attributes: [],
  sealedSecret: 'sealed',
  previousSecret: null,
  enabled: true,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

const userCreated = (userId: string): DomainEvent => ({ id: randomUUID(), type: 'user.created', at: T0, userId, data: { user: { id: userId } } });

describe.each(storesUnderTest)('outbox contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('writes the events of a change with the change, and none when the change is refused', async () => {
    const user = await store.users.create({ email: 'ana@example.com' }, undefined, undefined, (u) => [userCreated(u.id)]);
    await expect(store.users.create({ email: 'ana@example.com' }, undefined, undefined, (u) => [userCreated(u.id)])).rejects.toBeInstanceOf(DuplicateError);
    await store.users.updateAttributes(user.id, { given_name: 'Ana' }, (u) => [{ id: randomUUID(), type: 'profile.updated', at: T0, userId: u.id, data: { attributes: u.attributes } }]);
    await store.consents.record({ userId: user.id, purposeId: 'newsletter', version: 1, granted: true, at: T0, channel: 'account' }, [
      { id: randomUUID(), type: 'consent.changed', at: T0, userId: user.id, data: { purposeId: 'newsletter', granted: true } },
    ]);
    expect(await store.users.delete('no-such-user', [{ id: randomUUID(), type: 'user.deleted', at: T0, userId: 'no-such-user', data: {} }])).toBe(false);
    await store.users.delete(user.id, [{ id: randomUUID(), type: 'user.deleted', at: T0, userId: user.id, data: {} }]);

    const events = await store.outbox.undispatched(10);
    expect(events.map((e) => e.type)).toEqual(['user.created', 'profile.updated', 'consent.changed', 'user.deleted']);
    expect(events[0]).toMatchObject({ userId: user.id, data: { user: { id: user.id } } });
    expect(events[1].data).toEqual({ attributes: { given_name: 'Ana' } });
  });

  it('fans an event out once per endpoint however often dispatch runs, then leases each delivery to one worker', async () => {
    await store.outbox.insertEndpoint(endpoint('crm'));
    await store.outbox.insertEndpoint(endpoint('warehouse'));
    const event = userCreated('u1');
    await store.outbox.append([event]);
    await store.outbox.dispatch(event.id, ['crm', 'warehouse'], T0);
    await store.outbox.dispatch(event.id, ['crm', 'warehouse'], T0);
    expect(await store.outbox.undispatched(10)).toEqual([]);
    expect((await store.outbox.deliveries({ limit: 10 })).map((d) => d.id).sort()).toEqual([`${event.id}:crm`, `${event.id}:warehouse`]);

    const [a, b] = await Promise.all([store.outbox.lease(T0, later(30_000), 10), store.outbox.lease(T0, later(30_000), 10)]);
    expect([...a, ...b].map((l) => l.delivery.id).sort()).toEqual([`${event.id}:crm`, `${event.id}:warehouse`]);
    expect(a[0] ?? b[0]).toMatchObject({ event: { id: event.id, type: 'user.created', userId: 'u1' } });
    // Leased: nobody else gets it until the lease runs out.
    expect(await store.outbox.lease(later(1000), later(60_000), 10)).toEqual([]);
    expect(await store.outbox.lease(later(30_000), later(60_000), 10)).toHaveLength(2);
    // Given back unattempted (an instance stopping mid-send): due again at once, no attempt counted.
    await store.outbox.release(`${event.id}:crm`);
    expect(await store.outbox.lease(later(30_001), later(60_000), 10)).toMatchObject([{ delivery: { id: `${event.id}:crm`, attempts: 0 } }]);
  });

  it('retries a failed delivery when due, dead-letters it when no retry is left, and replays it', async () => {
    await store.outbox.insertEndpoint(endpoint('crm'));
    const event = userCreated('u1');
    await store.outbox.append([event]);
    await store.outbox.dispatch(event.id, ['crm'], T0);
    const id = `${event.id}:crm`;

    await store.outbox.lease(T0, later(30_000), 10);
    await store.outbox.settle(id, { delivered: false, status: 500, error: 'HTTP 500', at: T0, retryAt: later(5000) });
    expect(await store.outbox.lease(later(4000), later(60_000), 10)).toEqual([]);
    expect(await store.outbox.lease(later(5000), later(60_000), 10)).toHaveLength(1);
    await store.outbox.settle(id, { delivered: false, status: null, error: 'connection refused', at: later(5000), retryAt: null });
    expect((await store.outbox.deliveries({ state: 'dead', limit: 10 }))[0]).toMatchObject({ id, attempts: 2, lastError: 'connection refused', lastStatus: null });
    expect(await store.outbox.lease(later(999_999), later(9_999_999), 10)).toEqual([]);

    expect(await store.outbox.replay(id, later(10_000))).toBe(true);
    expect(await store.outbox.replay(id, later(10_000))).toBe(false);
    await store.outbox.lease(later(10_000), later(60_000), 10);
    await store.outbox.settle(id, { delivered: true, status: 204, at: later(10_000) });
    expect((await store.outbox.deliveries({ endpointId: 'crm', limit: 10 }))[0]).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 204, deliveredAt: later(10_000) });

    expect(await store.outbox.deleteSettledBefore(later(1))).toBe(2);
    expect(await store.outbox.deliveries({ limit: 10 })).toEqual([]);
  });

  it('keeps endpoints, replaces them and removes them with their deliveries', async () => {
    await store.outbox.insertEndpoint(endpoint('crm', { attributes: [{ name: 'email', purpose: 'crm-sync' }] }));
    expect(await store.outbox.getEndpoint('crm')).toEqual(endpoint('crm', { attributes: [{ name: 'email', purpose: 'crm-sync' }] }));
    expect(await store.outbox.replaceEndpoint(endpoint('crm', { url: 'https://crm.example.com/hook', enabled: false, updatedAt: later(1) }))).toBe(true);
    expect(await store.outbox.replaceEndpoint(endpoint('nope'))).toBe(false);
    expect(await store.outbox.listEndpoints()).toEqual([endpoint('crm', { url: 'https://crm.example.com/hook', enabled: false, updatedAt: later(1) })]);
    const event = userCreated('u1');
    await store.outbox.append([event]);
    await store.outbox.dispatch(event.id, ['crm'], T0);
    expect(await store.outbox.deleteEndpoint('crm')).toBe(true);
    expect(await store.outbox.getEndpoint('crm')).toBeNull();
    expect(await store.outbox.deliveries({ limit: 10 })).toEqual([]);
  });

  it('rotates a secret by compare-and-set, keeping the replaced one until its overlap ends, then drops it', async () => {
    await store.outbox.insertEndpoint(endpoint('crm', { sealedSecret: 'sealed-a' }));
    const day = 86_400_000;
    expect(await store.outbox.rotateSecret('crm', { from: 'sealed-a', to: 'sealed-b', previousUntil: later(day), at: later(1) })).toBe(true);
    expect(await store.outbox.getEndpoint('crm')).toEqual(endpoint('crm', { sealedSecret: 'sealed-b', previousSecret: { sealed: 'sealed-a', until: later(day) }, updatedAt: later(1) }));

    // A second administrator who read the endpoint before that rotation rotates nothing: the secret just issued stays.
    expect(await store.outbox.rotateSecret('crm', { from: 'sealed-a', to: 'sealed-c', previousUntil: later(day + 2), at: later(2) })).toBe(false);
    expect(await store.outbox.rotateSecret('nope', { from: 'sealed-a', to: 'sealed-c', previousUntil: later(day + 2), at: later(2) })).toBe(false);
    expect((await store.outbox.getEndpoint('crm'))!.sealedSecret).toBe('sealed-b');

    // Changing the endpoint (URL, events...) never touches its secrets, even from a copy read before the rotation.
    expect(await store.outbox.replaceEndpoint(endpoint('crm', { url: 'https://crm.example.com/hook', sealedSecret: 'sealed-a', updatedAt: later(3) }))).toBe(true);
    expect(await store.outbox.getEndpoint('crm')).toMatchObject({ url: 'https://crm.example.com/hook', sealedSecret: 'sealed-b', previousSecret: { sealed: 'sealed-a', until: later(day) } });

    // Rotating again within the overlap: the secret just replaced is the previous one now.
    expect(await store.outbox.rotateSecret('crm', { from: 'sealed-b', to: 'sealed-c', previousUntil: later(day + 4), at: later(4) })).toBe(true);
    expect(await store.outbox.getEndpoint('crm')).toMatchObject({ sealedSecret: 'sealed-c', previousSecret: { sealed: 'sealed-b', until: later(day + 4) } });

    await store.outbox.insertEndpoint(endpoint('warehouse', { sealedSecret: 'sealed-w' }));
    expect(await store.outbox.rotateSecret('warehouse', { from: 'sealed-w', to: 'sealed-x', previousUntil: later(10), at: later(5) })).toBe(true);
    // The warehouse's overlap is over, the CRM's is not: only the warehouse's previous secret is dropped.
    expect(await store.outbox.dropPreviousSecrets(later(10))).toBe(1);
    expect((await store.outbox.getEndpoint('warehouse'))!.previousSecret).toBeNull();
    expect((await store.outbox.getEndpoint('crm'))!.previousSecret).toEqual({ sealed: 'sealed-b', until: later(day + 4) });
    expect(await store.outbox.dropPreviousSecrets(later(10))).toBe(0);
    expect(await store.outbox.dropPreviousSecrets(later(day + 4))).toBe(1);
    expect((await store.outbox.listEndpoints()).map((e) => [e.id, e.sealedSecret, e.previousSecret])).toEqual([
      ['crm', 'sealed-c', null],
      ['warehouse', 'sealed-x', null],
    ]);
  });
});

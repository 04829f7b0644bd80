import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

describe.each(storesUnderTest)('audit trail contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 10, minute));
  const record = (minute: number, type: string, userId: string | null, details: Record<string, unknown> = {}) =>
    store.audit.record({ at: at(minute), type, userId, actor: 'admin-1', ip: null, details });

  it('filters by user, type, app and time, newest first', async () => {
    await record(0, 'signin', 'u1', { appId: 'shop' });
    await record(1, 'signin', 'u2', { appId: 'blog' });
    await record(2, 'app.updated', null, { appId: 'shop' });
    await record(3, 'signin', 'u1', { appId: 'blog' });
    const types = (events: Array<{ type: string; at: Date }>) => events.map((e) => `${e.type}@${e.at.getUTCMinutes()}`);
    expect(types(await store.audit.list({ appId: 'shop', limit: 10 }))).toEqual(['app.updated@2', 'signin@0']);
    expect(types(await store.audit.list({ userId: 'u1', type: 'signin', limit: 10 }))).toEqual(['signin@3', 'signin@0']);
    expect(types(await store.audit.list({ from: at(1), before: at(3), limit: 10 }))).toEqual(['app.updated@2', 'signin@1']);
    expect(types(await store.audit.list({ appId: 'blog', from: at(2), limit: 10 }))).toEqual(['signin@3']);
  });

  it('pages through events of the same instant without losing or repeating one', async () => {
    for (let i = 0; i < 5; i++) await record(7, 'signin', `u${i}`);
    const seen: string[] = [];
    let page = await store.audit.list({ limit: 2 });
    while (page.length) {
      seen.push(...page.map((e) => e.userId!));
      const last = page[page.length - 1];
      page = await store.audit.list({ limit: 2, before: last.at, beforeId: last.id });
    }
    expect(seen.sort()).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
  });
});

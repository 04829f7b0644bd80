import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';
import { savePurpose } from '../../engine/identity/consents.js';
import { deleteAccount } from '../../engine/identity/account-deletion.js';

describe.each(storesUnderTest)('consents and account deletion contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('versions a purpose when its text changes, not when only its name does', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const v1 = await savePurpose(store.consents, { id: 'marketing', name: { en: 'Marketing' }, text: { en: 'We may email you offers.' } }, t0);
    expect(v1.version).toBe(1);
    const renamed = await savePurpose(store.consents, { id: 'marketing', name: { en: 'Marketing emails' }, text: { en: 'We may email you offers.' } }, t0);
    expect(renamed.version).toBe(1);
    const v2 = await savePurpose(store.consents, { id: 'marketing', name: { en: 'Marketing emails' }, text: { en: 'We may email and text you offers.' } }, t0);
    expect(v2.version).toBe(2);
    expect(await store.consents.getPurpose('marketing')).toMatchObject({ version: 2, name: { en: 'Marketing emails' } });
    expect((await store.consents.listPurposes()).map((p) => p.id)).toEqual(['marketing']);
    expect(await store.consents.deletePurpose('marketing')).toBe(true);
  });

  it('gives every one of several concurrent text changes its own version', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    await savePurpose(store.consents, { id: 'm', name: { en: 'M' }, text: { en: 'v1' } }, t0);
    const saved = await Promise.all(['a', 'b', 'c', 'd'].map((t) => savePurpose(store.consents, { id: 'm', name: { en: 'M' }, text: { en: t } }, t0)));
    expect(saved.map((p) => p.version).sort()).toEqual([2, 3, 4, 5]);
    const last = saved.find((p) => p.version === 5)!;
    expect(await store.consents.getPurpose('m')).toMatchObject({ version: 5, text: last.text });
  });

  it('keeps the order decisions were recorded in, even when they carry the same time and race', async () => {
    const user = await store.users.create({ email: 'order@example.com' });
    const at = new Date('2026-01-01T00:00:00Z');
    // Recorded one after the other (each awaited), all in the same millisecond: the history keeps that order.
    for (let i = 0; i < 12; i++) await store.consents.record({ userId: user.id, purposeId: 'p', version: 1, granted: i % 2 === 0, at, channel: `c${i}` });
    expect((await store.consents.history(user.id)).map((d) => d.channel)).toEqual(Array.from({ length: 12 }, (_, i) => `c${i}`));
    expect((await store.consents.current(user.id)).map((d) => d.channel)).toEqual(['c11']);
    // Racing records are all kept, each once.
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.consents.record({ userId: user.id, purposeId: 'q', version: 1, granted: true, at, channel: `r${i}` })));
    const raced = (await store.consents.history(user.id)).filter((d) => d.purposeId === 'q').map((d) => d.channel);
    expect(raced.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `r${i}`));
  });

  it('keeps whether a purpose is required, and answers the acceptance history of one purpose with its tally per version', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    await savePurpose(store.consents, { id: 'terms', name: { en: 'Terms' }, text: { en: 'v1' }, required: true }, t0);
    expect(await store.consents.getPurpose('terms')).toMatchObject({ required: true, version: 1 });
    // A change that does not mention it keeps it; a new text is a new version either way.
    expect(await savePurpose(store.consents, { id: 'terms', name: { en: 'Terms' }, text: { en: 'v2' } }, t0)).toMatchObject({ required: true, version: 2 });
    expect(await savePurpose(store.consents, { id: 'terms', name: { en: 'Terms' }, text: { en: 'v2' }, required: false }, t0)).toMatchObject({ required: false, version: 2 });
    const [a, b] = [await store.users.create({ email: 'a@example.com' }), await store.users.create({ email: 'b@example.com' })];
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    await store.consents.record({ userId: a.id, purposeId: 'terms', version: 1, granted: true, at: at(1), channel: 'flow:x' });
    await store.consents.record({ userId: b.id, purposeId: 'terms', version: 1, granted: false, at: at(2), channel: 'flow:x' });
    await store.consents.record({ userId: b.id, purposeId: 'terms', version: 2, granted: true, at: at(3), channel: 'account' });
    await store.consents.record({ userId: a.id, purposeId: 'other', version: 1, granted: true, at: at(4), channel: 'flow:x' });
    expect((await store.consents.decisionsFor('terms', 10)).map((d) => [d.userId, d.version, d.granted, d.channel])).toEqual([
      [b.id, 2, true, 'account'],
      [b.id, 1, false, 'flow:x'],
      [a.id, 1, true, 'flow:x'],
    ]);
    expect((await store.consents.decisionsFor('terms', 1)).length).toBe(1);
    expect(await store.consents.tally('terms')).toEqual([
      { version: 1, granted: true, count: 1 },
      { version: 1, granted: false, count: 1 },
      { version: 2, granted: true, count: 1 },
    ]);
  });

  it('keeps every decision as history and answers the latest per purpose', async () => {
    const user = await store.users.create({ email: 'c@example.com' });
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    await store.consents.record({ userId: user.id, purposeId: 'marketing', version: 1, granted: true, at: at(1), channel: 'flow:x' });
    await store.consents.record({ userId: user.id, purposeId: 'partners', version: 1, granted: false, at: at(2), channel: 'flow:x' });
    await store.consents.record({ userId: user.id, purposeId: 'marketing', version: 1, granted: false, at: at(3), channel: 'account' });
    const current = await store.consents.current(user.id);
    expect(current.map((d) => [d.purposeId, d.granted, d.channel])).toEqual([
      ['marketing', false, 'account'],
      ['partners', false, 'flow:x'],
    ]);
    expect((await store.consents.history(user.id)).map((d) => d.granted)).toEqual([true, false, false]);
  });

  it('deletes a user with everything about them, and nothing of anyone else', async () => {
    const gone = await store.users.create({ email: 'gone@example.com' }, { type: 'password', data: { hash: 'h' } });
    const kept = await store.users.create({ email: 'kept@example.com' }, { type: 'password', data: { hash: 'h' } });
    for (const u of [gone, kept]) {
      await store.consents.record({ userId: u.id, purposeId: 'p', version: 1, granted: true, at: new Date(), channel: 'x' });
      await store.audit.record({ at: new Date(), type: 'signin', userId: u.id, actor: u.id, ip: null, details: {} });
      await store.sessions.create({ id: `s-${u.id}`, userId: u.id, amr: [], proofs: [], createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 60_000), userAgent: null, ip: null });
    }
    expect(await deleteAccount(store, gone.id)).toBe(true);
    expect(await store.users.findById(gone.id)).toBeNull();
    expect(await store.credentials.listByUser(gone.id)).toEqual([]);
    expect(await store.sessions.listByUser(gone.id)).toEqual([]);
    expect(await store.consents.history(gone.id)).toEqual([]);
    expect(await store.audit.list({ userId: gone.id, limit: 10 })).toEqual([]);

    expect(await store.credentials.listByUser(kept.id)).toHaveLength(1);
    expect(await store.sessions.listByUser(kept.id)).toHaveLength(1);
    expect(await store.consents.history(kept.id)).toHaveLength(1);
    expect(await store.audit.list({ userId: kept.id, limit: 10 })).toHaveLength(1);
    expect(await deleteAccount(store, gone.id)).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Run, Store, StoredFlowGraph } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

const run = (id: string, expiresAt: Date): Run => ({
  id,
  flowId: 'f',
  flowVersion: 1,
  graph: null,
  snapshot: { value: 'a', context: { amr: [] } },
  revision: 0,
  browserHash: 'b',
  origin: { kind: 'direct' },
  status: 'active',
  createdAt: new Date(),
  updatedAt: new Date(),
  expiresAt,
});

/** A small flow graph whose start step names the version it belongs to. */
const graph = (start: string): StoredFlowGraph => ({
  id: 'f',
  name: 'F',
  version: 0,
  start,
  nodes: [{ id: start, type: 'success', settings: {}, position: { x: 0, y: 0 } }],
  edges: [],
});

describe.each(storesUnderTest)('runs, sessions, flows and audit contract on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it("keeps a run's recording in order, bounded, and gone with the run when it expires", async () => {
    await store.runs.create(run('rec', new Date(Date.now() + 60_000)));
    expect(await store.runs.recording('rec')).toEqual([]);
    expect(await store.runs.appendRecording('rec', 'first', 3)).toBe(true);
    // Racing appends all land (none overwrites another); past the bound nothing more is kept.
    const raced = await Promise.all([store.runs.appendRecording('rec', 'second', 3), store.runs.appendRecording('rec', 'third', 3), store.runs.appendRecording('rec', 'fourth', 3)]);
    expect(raced.filter(Boolean)).toHaveLength(2);
    const kept = await store.runs.recording('rec');
    expect(kept).toHaveLength(3);
    expect(kept[0]).toBe('first');
    expect(await store.runs.appendRecording('missing', 'x', 3)).toBe(false);
    // A step of the run leaves its recording as it was.
    await store.runs.update('rec', 0, { snapshot: { value: 'b' }, status: 'active', updatedAt: new Date(), expiresAt: new Date(Date.now() - 1) });
    expect(await store.runs.recording('rec')).toEqual(kept);
    await store.runs.deleteExpired(new Date());
    expect(await store.runs.recording('rec')).toEqual([]);
  });

  it('lets only one of two racing steps of a run win', async () => {
    await store.runs.create(run('r1', new Date(Date.now() + 60_000)));
    const next = (value: string) => ({ snapshot: { value }, status: 'active' as const, updatedAt: new Date(), expiresAt: new Date(Date.now() + 60_000) });
    const results = await Promise.all([store.runs.update('r1', 0, next('b')), store.runs.update('r1', 0, next('c'))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await store.runs.get('r1');
    expect(stored?.revision).toBe(1);
    expect(['b', 'c']).toContain((stored?.snapshot as { value: string }).value);
    expect(await store.runs.update('r1', 0, next('d'))).toBe(false);
  });

  it('deletes only expired runs and sessions', async () => {
    await store.runs.create(run('old', new Date(Date.now() - 1000)));
    await store.runs.create(run('new', new Date(Date.now() + 60_000)));
    expect(await store.runs.deleteExpired(new Date())).toBe(1);
    expect(await store.runs.get('old')).toBeNull();
    expect(await store.runs.get('new')).not.toBeNull();

    const user = await store.users.create({ email: 's@example.com' });
    const base = { userId: user.id, amr: ['pwd'], proofs: [{ method: 'pwd', at: 1_700_000_000 }], createdAt: new Date(), lastSeenAt: new Date(), userAgent: null, ip: null };
    await store.sessions.create({ ...base, id: 's-old', expiresAt: new Date(Date.now() - 1) });
    await store.sessions.create({ ...base, id: 's-new', expiresAt: new Date(Date.now() + 60_000) });
    expect(await store.sessions.deleteExpired(new Date())).toBe(1);
    expect((await store.sessions.listByUser(user.id)).map((s) => s.id)).toEqual(['s-new']);
    // When each factor was proved survives the store: levels, max_age and re-authentication use it.
    expect((await store.sessions.get('s-new'))?.proofs).toEqual([{ method: 'pwd', at: 1_700_000_000 }]);
    // A step-up records what the same session proved since.
    await store.sessions.setProofs('s-new', ['pwd', 'otp'], [{ method: 'pwd', at: 1_700_000_000 }, { method: 'otp', at: 1_700_000_100 }]);
    expect(await store.sessions.get('s-new')).toMatchObject({ amr: ['pwd', 'otp'], proofs: [{ method: 'pwd', at: 1_700_000_000 }, { method: 'otp', at: 1_700_000_100 }] });
    expect(await store.sessions.deleteByUser(user.id)).toBe(1);
  });

  it('publishes immutable numbered versions and rolls back to an earlier one', async () => {
    await store.flows.saveDraft({ id: 'f', name: 'F', graph: graph('draft'), updatedBy: 'a' }, 0, new Date());
    const version = (n: number, start: string, by: string) => ({ flowId: 'f', version: n, graph: graph(start), publishedAt: new Date(), publishedBy: by });
    expect(await store.flows.publish(version(1, 'first', 'a'))).toBe(true);
    expect(await store.flows.publish(version(2, 'second', 'b'))).toBe(true);
    // A number already taken is refused and changes nothing (two admins publishing at once).
    expect(await store.flows.publish(version(2, 'other', 'c'))).toBe(false);
    expect((await store.flows.getVersion('f', 2))?.graph).toEqual(graph('second'));
    expect((await store.flows.getActive('f'))?.graph).toEqual(graph('second'));
    expect(await store.flows.setActiveVersion('f', 1)).toBe(true);
    expect((await store.flows.getActive('f'))?.graph).toEqual(graph('first'));
    expect(await store.flows.setActiveVersion('f', 9)).toBe(false);
    expect((await store.flows.listVersions('f')).map((v) => [v.version, v.publishedBy])).toEqual([[2, 'b'], [1, 'a']]);
    const [summary] = await store.flows.list();
    expect(summary).toMatchObject({ id: 'f', activeVersion: 1, latestVersion: 2 });
  });

  it('stores exactly one of several versions published at once under the same number', async () => {
    await store.flows.saveDraft({ id: 'f', name: 'F', graph: graph('draft'), updatedBy: 'a' }, 0, new Date());
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((by) => store.flows.publish({ flowId: 'f', version: 1, graph: graph(by), publishedAt: new Date(), publishedBy: by })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await store.flows.listVersions('f');
    expect(stored).toHaveLength(1);
    expect((await store.flows.getActive('f'))?.graph.start).toBe(stored[0].publishedBy);
  });

  it('records audit events and lists them newest first, per user', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    await store.audit.record({ at: t(1), type: 'signin', userId: 'u1', actor: 'u1', ip: null, details: {} });
    await store.audit.record({ at: t(2), type: 'signin.failed', userId: 'u2', actor: null, ip: '127.0.0.1', details: { reason: 'x' } });
    await store.audit.record({ at: t(3), type: 'signup', userId: 'u1', actor: 'u1', ip: null, details: {} });
    expect((await store.audit.list({ userId: 'u1', limit: 10 })).map((e) => e.type)).toEqual(['signup', 'signin']);
    expect((await store.audit.list({ limit: 1 }))[0].type).toBe('signup');
    expect((await store.audit.list({ before: t(2), limit: 10 })).map((e) => e.type)).toEqual(['signin']);
  });
});

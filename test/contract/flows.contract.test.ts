import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, StoredFlowGraph, StoredTestCase } from '../../engine/store/port.js';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';
import { join } from 'node:path';
import { openStore } from '../../engine/store/index.js';
import { migrations } from '../../engine/store/sqlite/migrations.js';
import { storesUnderTest } from '../support/stores.js';
import { adapters } from '../support/adapters.js';
import { tempDataDir } from '../support/gerbang.js';

const graph = (id: string, version = 0): StoredFlowGraph => ({
  id,
  name: `Journey ${id}`,
  version,
  start: 'a',
  nodes: [{ id: 'a', type: 'success', settings: {}, position: { x: 0, y: 0 } }],
  edges: [],
});

describe.each(storesUnderTest)('flows contract (deletion) on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  it('deletes a journey with its draft and every version, and nothing of another journey', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    for (const id of ['gone', 'kept']) {
      await store.flows.saveDraft({ id, name: `Journey ${id}`, graph: graph(id), updatedBy: null }, 0, now);
      expect(await store.flows.publish({ flowId: id, version: 1, graph: graph(id, 1), publishedAt: now, publishedBy: null })).toBe(true);
    }
    expect(await store.flows.delete('gone')).toBe(true);
    expect(await store.flows.delete('gone')).toBe(false);
    expect(await store.flows.getDraft('gone')).toBeNull();
    expect(await store.flows.getVersion('gone', 1)).toBeNull();
    expect(await store.flows.listVersions('gone')).toEqual([]);
    expect((await store.flows.list()).map((f) => f.id)).toEqual(['kept']);
    expect((await store.flows.getActive('kept'))?.version).toBe(1);
  });
});

describe.each(storesUnderTest)('flows contract (drafts by compare-and-set) on $name', (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  const named = (name: string): StoredFlowGraph => ({ ...graph('journey'), name });
  const write = (name: string, by: string) => ({ id: 'journey', name, graph: named(name), updatedBy: by });

  it('creates a draft at revision 1 only when the journey does not exist yet', async () => {
    const created = await store.flows.saveDraft(write('First', 'ana@example.com'), 0, new Date('2026-01-01T00:00:00Z'));
    expect(created).toMatchObject({ id: 'journey', name: 'First', revision: 1, updatedBy: 'ana@example.com' });
    expect(await store.flows.saveDraft(write('Second', 'budi@example.com'), 0, new Date())).toBeNull();
    expect(await store.flows.getDraft('journey')).toMatchObject({ name: 'First', revision: 1, updatedBy: 'ana@example.com' });
  });

  it('writes a draft only from its current revision: a save from a revision saved over since changes nothing', async () => {
    await store.flows.saveDraft(write('Opened', 'seed'), 0, new Date('2026-01-01T00:00:00Z'));
    const first = await store.flows.saveDraft(write('Ana edits', 'ana@example.com'), 1, new Date('2026-01-01T12:03:00Z'));
    expect(first).toMatchObject({ name: 'Ana edits', revision: 2 });
    // Budi opened the same revision 1: his save is refused and Ana's change survives.
    expect(await store.flows.saveDraft(write('Budi edits', 'budi@example.com'), 1, new Date('2026-01-01T12:04:00Z'))).toBeNull();
    const kept = await store.flows.getDraft('journey');
    expect(kept).toMatchObject({ name: 'Ana edits', revision: 2, updatedBy: 'ana@example.com', graph: { name: 'Ana edits' } });
    expect(kept!.updatedAt.toISOString()).toBe('2026-01-01T12:03:00.000Z');
    expect(await store.flows.saveDraft(write('Budi again', 'budi@example.com'), 2, new Date())).toMatchObject({ revision: 3 });
    // No draft is made by a write expecting one that is not there.
    expect(await store.flows.saveDraft({ ...write('Ghost', 'x'), id: 'ghost' }, 1, new Date())).toBeNull();
    expect(await store.flows.getDraft('ghost')).toBeNull();
  });

  it('of several saves from the same revision at once, exactly one is written', async () => {
    await store.flows.saveDraft(write('Opened', 'seed'), 0, new Date());
    const editors = ['ana', 'budi', 'citra', 'dewi', 'eko'];
    const saved = await Promise.all(editors.map((e) => store.flows.saveDraft(write(`${e} edits`, e), 1, new Date())));
    const winners = saved.filter((d) => d !== null);
    expect(winners).toHaveLength(1);
    expect(await store.flows.getDraft('journey')).toMatchObject({ name: winners[0]!.name, revision: 2 });
  });

  it('keeps the revision going up across a publish and its versions', async () => {
    await store.flows.saveDraft(write('Opened', 'seed'), 0, new Date());
    expect(await store.flows.publish({ flowId: 'journey', version: 1, graph: graph('journey', 1), publishedAt: new Date(), publishedBy: null })).toBe(true);
    expect((await store.flows.getDraft('journey'))!.revision).toBe(1);
    expect(await store.flows.saveDraft(write('After publish', 'ana'), 1, new Date())).toMatchObject({ revision: 2 });
    expect((await store.flows.getActive('journey'))!.version).toBe(1);
  });
});

describe('drafts saved before drafts had a revision', () => {
  it('count as revision 1 on SQLite once the store is upgraded', async () => {
    const data = tempDataDir();
    try {
      const before = await openStore({ dataDir: data.dir });
      await before.flows.saveDraft({ id: 'old', name: 'Old', graph: graph('old'), updatedBy: 'ana' }, 0, new Date());
      await before.close();
      // As if the row came from before the column existed, then the upgrade step run on it.
      const db = new Database(join(data.dir, 'gerbang.sqlite'));
      db.exec('ALTER TABLE flows DROP COLUMN revision');
      db.exec(migrations.find((m) => m.includes('ALTER TABLE flows ADD COLUMN revision'))!);
      db.close();
      const after = await openStore({ dataDir: data.dir });
      expect(await after.flows.getDraft('old')).toMatchObject({ name: 'Old', revision: 1 });
      expect(await after.flows.saveDraft({ id: 'old', name: 'Stale', graph: graph('old'), updatedBy: 'citra' }, 2, new Date())).toBeNull();
      expect(await after.flows.saveDraft({ id: 'old', name: 'Newer', graph: graph('old'), updatedBy: 'budi' }, 1, new Date())).toMatchObject({ revision: 2 });
      await after.close();
    } finally {
      data.cleanup();
    }
  });

  it.each(adapters.filter((a) => a.name !== 'sqlite'))('count as revision 1 on $name, and are written by compare-and-set from it', async (adapter) => {
    const { env, cleanup } = await adapter.env();
    try {
      const before = await openStore({ dataDir: '', mongodbUri: env.MONGODB_URI });
      await before.flows.saveDraft({ id: 'old', name: 'Old', graph: graph('old'), updatedBy: 'ana' }, 0, new Date());
      await before.close();
      // As if the document came from before the field existed.
      const client = await mongoose.mongo.MongoClient.connect(env.MONGODB_URI);
      await client.db().collection('flows').updateMany({}, { $unset: { revision: '' } });
      await client.close();
      const after = await openStore({ dataDir: '', mongodbUri: env.MONGODB_URI });
      try {
        expect(await after.flows.getDraft('old')).toMatchObject({ name: 'Old', revision: 1 });
        expect(await after.flows.saveDraft({ id: 'old', name: 'Newer', graph: graph('old'), updatedBy: 'budi' }, 1, new Date())).toMatchObject({ revision: 2 });
        expect(await after.flows.saveDraft({ id: 'old', name: 'Stale', graph: graph('old'), updatedBy: 'citra' }, 1, new Date())).toBeNull();
        expect(await after.flows.getDraft('old')).toMatchObject({ name: 'Newer', revision: 2, updatedBy: 'budi' });
      } finally {
        await after.close();
      }
    } finally {
      await cleanup();
    }
  });
});

describe.each(storesUnderTest)("flows contract (sealing a published version's test cases) on $name", (adapter) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.open()));
  afterEach(async () => cleanup());

  /** A case as an older Gerbang stored it: the persona's password and the typed password in clear. */
  const inClear: StoredTestCase = {
    id: 'ada',
    name: 'Ada signs in',
    persona: { email: 'ada@example.com', exists: true, password: 'correct horse battery' },
    answers: [
      { step: 'identify', values: { email: 'ada@example.com' } },
      { step: 'password', values: { password: 'correct horse battery' } },
    ],
    expect: { end: 'success' },
  };
  const sealedBy = (box: string): StoredTestCase => ({
    ...inClear,
    persona: { ...inClear.persona, password: { sealed: `${box}:persona` } },
    answers: [inClear.answers[0], { step: 'password', values: { password: { sealed: `${box}:answer` } } }],
  });
  const published = async () => {
    const version = { ...graph('journey', 1), tests: [inClear], testRun: { ranAt: '2026-01-01T00:00:00.000Z', results: [] } };
    await store.flows.saveDraft({ id: 'journey', name: 'Journey journey', graph: graph('journey'), updatedBy: 'ana' }, 0, new Date('2026-01-01T00:00:00Z'));
    await store.flows.publish({ flowId: 'journey', version: 1, graph: version, publishedAt: new Date('2026-01-02T00:00:00Z'), publishedBy: 'ana' });
    return store.flows.getVersion('journey', 1);
  };

  it("replaces only the version's test cases, from the cases it holds", async () => {
    const before = (await published())!;
    expect(await store.flows.sealVersionTests('journey', 1, before.graph.tests!, [sealedBy('first')])).toBe(true);
    const after = await store.flows.getVersion('journey', 1);
    expect(after).toEqual({ ...before, graph: { ...before.graph, tests: [sealedBy('first')] } });
    expect((await store.flows.getActive('journey'))?.graph.tests).toEqual([sealedBy('first')]);
  });

  it('writes once when several instances seal the same version at once; a version that is not there is not written', async () => {
    const before = (await published())!;
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((box) => store.flows.sealVersionTests('journey', 1, before.graph.tests!, [sealedBy(box)])));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c', 'd'][results.indexOf(true)];
    expect((await store.flows.getVersion('journey', 1))?.graph.tests).toEqual([sealedBy(winner)]);
    // From the cases in clear again (an instance that read them before): refused, nothing written.
    expect(await store.flows.sealVersionTests('journey', 1, [inClear], [sealedBy('late')])).toBe(false);
    expect((await store.flows.getVersion('journey', 1))?.graph.tests).toEqual([sealedBy(winner)]);
    expect(await store.flows.sealVersionTests('journey', 2, [inClear], [sealedBy('late')])).toBe(false);
    expect(await store.flows.getVersion('journey', 2)).toBeNull();
  });
});

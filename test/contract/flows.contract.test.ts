import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, StoredFlowGraph } from '../../engine/store/port.js';
import { storesUnderTest } from '../support/stores.js';

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
      await store.flows.saveDraft({ id, name: `Journey ${id}`, graph: graph(id), updatedBy: null }, now);
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

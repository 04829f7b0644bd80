import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { App, Store, StoredFlowGraph } from './port.js';
import { openSqliteStore } from './sqlite/index.js';
import { openMongoStore } from './mongo/index.js';
import { withSharedCaches } from './shared-caches.js';
import { tempDataDir } from '../../test/support/gerbang.js';
import { mongoTargets } from '../../test/support/mongo.js';

const app = (id: string, name: string): App => ({
  id,
  name,
  type: 'public',
  redirectUris: ['https://a.example/cb'],
  postLogoutRedirectUris: [],
  flowId: 'login-signup',
  branding: {},
  secretCiphertext: null,
  backchannelLogoutUri: null,
  resources: [],
  createdAt: new Date(),
  updatedAt: new Date(),
});

const graph = (id: string, version: number): StoredFlowGraph => ({
  id,
  name: `Journey ${id}`,
  version,
  start: 'a',
  nodes: [{ id: 'a', type: 'success', settings: {}, position: { x: 0, y: 0 } }],
  edges: [],
});

type Instance = Store & { readStamps(): Promise<void> };

/** Two instances of Gerbang sharing one store: on SQLite two wrappers of one database, on MongoDB two connections. */
const deployments = [
  {
    name: 'sqlite',
    async open() {
      const data = tempDataDir();
      const raw = openSqliteStore(join(data.dir, 'gerbang.sqlite'));
      const reads: string[] = [];
      raw.observeOperations!((o) => void (o.kind === 'read' && reads.push(o.text)));
      const [a, b] = [withSharedCaches(raw), withSharedCaches(raw)];
      await Promise.all([a.readStamps(), b.readStamps()]);
      return { a, b, reads, close: async () => (await a.close(), data.cleanup()) };
    },
  },
  {
    name: 'mongo',
    async open() {
      const db = await mongoTargets[0].fresh();
      const [a, b] = [withSharedCaches(await openMongoStore(db.uri)), withSharedCaches(await openMongoStore(db.uri))];
      await Promise.all([a.readStamps(), b.readStamps()]);
      return { a, b, reads: null, close: async () => (await a.close(), await b.close(), await db.drop()) };
    },
  },
];

describe.each(deployments)('configuration cached in memory, invalidated across instances through the store ($name)', (deployment) => {
  let opened: { a: Instance; b: Instance; reads: string[] | null; close(): Promise<void> } | null = null;
  afterEach(async () => {
    await opened?.close();
    opened = null;
  });

  it('answers an app from memory, as a copy, and a change made on this instance at once', async () => {
    const { a, reads } = (opened = await deployment.open());
    await a.apps.create(app('toko', 'Toko'));
    const first = await a.apps.get('toko');
    first!.redirectUris.push('https://evil.example/cb');
    const before = reads?.length ?? 0;
    const second = await a.apps.get('toko');
    expect(second!.redirectUris).toEqual(['https://a.example/cb']);
    if (reads) expect(reads.length).toBe(before); // no query: from memory

    await a.apps.update('toko', { name: 'Toko Baru' });
    expect((await a.apps.get('toko'))!.name).toBe('Toko Baru');
    expect((await a.apps.list()).map((x) => x.name)).toEqual(['Toko Baru']);
    await a.apps.delete('toko');
    expect(await a.apps.get('toko')).toBeNull();
  });

  it('sees an app, a setting and the live journey version changed on another instance once it reads the stamps', async () => {
    const { a, b } = (opened = await deployment.open());
    await a.apps.create(app('toko', 'Toko'));
    await a.settings.put('theme', { primaryColor: '#111111' }, 0, null);
    await a.flows.saveDraft({ id: 'masuk', name: 'Masuk', graph: graph('masuk', 0), updatedBy: null }, 0, new Date());
    await a.flows.publish({ flowId: 'masuk', version: 1, graph: graph('masuk', 1), publishedAt: new Date(), publishedBy: null });
    await b.readStamps();
    expect((await b.apps.get('toko'))!.name).toBe('Toko');
    expect((await b.settings.get('theme'))!.value).toEqual({ primaryColor: '#111111' });
    expect((await b.settings.list('the')).length).toBe(1);
    expect((await b.flows.getActive('masuk'))!.version).toBe(1);

    await a.apps.update('toko', { name: 'Toko Baru' });
    await a.settings.put('theme', { primaryColor: '#222222' }, 1, null);
    await a.flows.publish({ flowId: 'masuk', version: 2, graph: graph('masuk', 2), publishedAt: new Date(), publishedBy: null });
    await b.readStamps();
    expect((await b.apps.get('toko'))!.name).toBe('Toko Baru');
    expect((await b.settings.get('theme'))!.value).toEqual({ primaryColor: '#222222' });
    expect((await b.flows.getActive('masuk'))!.version).toBe(2);

    await a.flows.setActiveVersion('masuk', 1);
    await a.settings.delete('theme');
    await a.apps.delete('toko');
    await b.readStamps();
    expect((await b.flows.getActive('masuk'))!.version).toBe(1);
    expect(await b.settings.get('theme')).toBeNull();
    expect(await b.apps.get('toko')).toBeNull();
  });

  it('reads the stamps by itself, so another instance sees a change within seconds without being told', async () => {
    const { a, b } = (opened = await deployment.open());
    await a.apps.create(app('toko', 'Toko'));
    await b.readStamps();
    expect((await b.apps.get('toko'))!.name).toBe('Toko');
    await a.apps.update('toko', { name: 'Toko Baru' });
    await expect.poll(async () => (await b.apps.get('toko'))?.name, { timeout: 20_000, interval: 100 }).toBe('Toko Baru');
  });
});

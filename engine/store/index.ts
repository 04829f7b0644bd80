import { join } from 'node:path';
import type { Store } from './port.js';
import { openSqliteStore } from './sqlite/index.js';
import { withCachedFlowVersions } from './cached-flow-versions.js';
import { withRequestReads } from './request-reads.js';
import { withSharedCaches } from './shared-caches.js';

export interface StoreConfig {
  dataDir: string;
  mongodbUri?: string;
}

/**
 * Picks the adapter: MongoDB when a URI is configured, otherwise the embedded SQLite file. The MongoDB
 * adapter is loaded only when picked: mongoose and its driver take a third of a second to import, for
 * nothing on SQLite. (The SQLite adapter is always loaded: the designer's test cases run on an
 * in-memory SQLite store.)
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.mongodbUri
    ? await (await import('./mongo/index.js')).openMongoStore(config.mongodbUri)
    : openSqliteStore(join(config.dataDir, 'gerbang.sqlite'));
  const cached = withSharedCaches(withCachedFlowVersions(store));
  await cached.readStamps();
  return withRequestReads(cached);
}

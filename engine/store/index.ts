import { join } from 'node:path';
import type { Store } from './port.js';
import { withCachedFlowVersions } from './cached-flow-versions.js';
import { withRequestReads } from './request-reads.js';
import { withSharedCaches } from './shared-caches.js';

export interface StoreConfig {
  dataDir: string;
  mongodbUri?: string;
}

/**
 * Picks the adapter: MongoDB when a URI is configured, otherwise the embedded SQLite file. Only the
 * adapter picked is loaded (mongoose alone takes a third of a second to import, for nothing on SQLite).
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.mongodbUri
    ? await (await import('./mongo/index.js')).openMongoStore(config.mongodbUri)
    : (await import('./sqlite/index.js')).openSqliteStore(join(config.dataDir, 'gerbang.sqlite'));
  const cached = withSharedCaches(withCachedFlowVersions(store));
  await cached.readStamps();
  return withRequestReads(cached);
}

import { join } from 'node:path';
import type { Store } from './port.js';
import { openSqliteStore } from './sqlite/index.js';
import { openMongoStore } from './mongo/index.js';
import { withCachedFlowVersions } from './cached-flow-versions.js';
import { withRequestReads } from './request-reads.js';
import { withSharedCaches } from './shared-caches.js';

export interface StoreConfig {
  dataDir: string;
  mongodbUri?: string;
}

/** Picks the adapter: MongoDB when a URI is configured, otherwise the embedded SQLite file. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.mongodbUri ? await openMongoStore(config.mongodbUri) : openSqliteStore(join(config.dataDir, 'gerbang.sqlite'));
  const cached = withSharedCaches(withCachedFlowVersions(store));
  await cached.readStamps();
  return withRequestReads(cached);
}

import { join } from 'node:path';
import type { Store } from './port.js';
import { openSqliteStore } from './sqlite/index.js';
import { openMongoStore } from './mongo/index.js';

export interface StoreConfig {
  dataDir: string;
  mongodbUri?: string;
}

/** Picks the adapter: MongoDB when a URI is configured, otherwise the embedded SQLite file. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.mongodbUri) return openMongoStore(config.mongodbUri);
  return openSqliteStore(join(config.dataDir, 'gerbang.sqlite'));
}

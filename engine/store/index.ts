import { join } from 'node:path';
import type { Store } from './port.js';
import { openSqliteStore } from './sqlite/index.js';

export interface StoreConfig {
  dataDir: string;
  mongodbUri?: string;
}

/** Picks the adapter: MongoDB when a URI is configured, otherwise the embedded SQLite file. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.mongodbUri) {
    throw new Error('MONGODB_URI is set but the MongoDB adapter is not available yet');
  }
  return openSqliteStore(join(config.dataDir, 'gerbang.sqlite'));
}

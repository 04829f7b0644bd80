import type { Store } from '../../engine/store/port.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { mongoTargets } from './mongo.js';
import { tempDataDir } from './gerbang.js';
import { join } from 'node:path';

/**
 * Every store adapter the contract suite runs against. Each `open` returns a fresh, empty store
 * and a cleanup. The MongoDB adapter joins this list (over the wire-protocol test server, and a
 * real MongoDB when MONGODB_URI is set).
 */
export interface StoreUnderTest {
  name: string;
  open(): Promise<{ store: Store; cleanup: () => Promise<void> }>;
}

export const storesUnderTest: StoreUnderTest[] = [
  {
    name: 'sqlite',
    async open() {
      const data = tempDataDir();
      const store = openSqliteStore(join(data.dir, 'gerbang.sqlite'));
      return {
        store,
        cleanup: async () => {
          await store.close();
          data.cleanup();
        },
      };
    },
  },
  ...mongoTargets.map(
    (target): StoreUnderTest => ({
      name: target.name,
      async open() {
        const db = await target.fresh();
        const store = await openMongoStore(db.uri);
        return {
          store,
          cleanup: async () => {
            await store.close();
            await db.drop();
          },
        };
      },
    }),
  ),
];

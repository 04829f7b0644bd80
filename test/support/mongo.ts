import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { startMongoWireServer, type MongoWireServer } from './mongo-wire-server.js';

/**
 * MongoDB for tests. Every CI run uses the wire-protocol test server (one per test file, started
 * lazily); when MONGODB_URI is set, the same suites also run against that real MongoDB. Every caller
 * gets a fresh database, dropped by `drop`.
 */
export interface MongoTarget {
  name: string;
  fresh(): Promise<{ uri: string; drop: () => Promise<void> }>;
}

let server: Promise<MongoWireServer> | null = null;
const dbName = () => `gerbang_test_${randomBytes(6).toString('hex')}`;

const wireTarget: MongoTarget = {
  name: 'mongo',
  async fresh() {
    server ??= startMongoWireServer({ ttlSweepIntervalMs: 0 });
    return { uri: (await server).uriFor(dbName()), drop: async () => {} };
  },
};

function realTarget(base: string): MongoTarget {
  return {
    name: 'mongo (MONGODB_URI)',
    async fresh() {
      const url = new URL(base);
      url.pathname = `/${dbName()}`;
      const uri = url.toString();
      return {
        uri,
        drop: async () => {
          const conn = await mongoose.createConnection(uri).asPromise();
          await conn.dropDatabase();
          await conn.close();
        },
      };
    },
  };
}

export const mongoTargets: MongoTarget[] = [wireTarget, ...(process.env.MONGODB_URI ? [realTarget(process.env.MONGODB_URI)] : [])];

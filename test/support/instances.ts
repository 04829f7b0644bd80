import type { Gerbang } from '../../engine/server.js';
import { startTestServer, tempDataDir, type TestEnv } from './gerbang.js';
import type { MongoTarget } from './mongo.js';

/**
 * What every instance of one installation shares beside the database: CSRF tokens are HMACs with the
 * server secret; signing keys, client secrets and TOTP seeds are sealed with the encryption key.
 */
export const SHARED_SECRETS: TestEnv = {
  GERBANG_SECRET: 'shared-secret-for-this-test-0123456789',
  ENCRYPTION_KEY: 'shared-encryption-key-for-this-test-0123',
};

/**
 * Runs `use` with two Gerbang instances of one installation: a fresh database on `target`, the shared
 * secrets and `env`, and a data directory of their own each (nothing else shared). Closes both, drops
 * the database and removes the directories, however `use` ends.
 */
export async function withTwoInstances(target: MongoTarget, env: TestEnv, use: (first: Gerbang, second: Gerbang) => Promise<void>): Promise<void> {
  const db = await target.fresh();
  const dirs = [tempDataDir(), tempDataDir()];
  const started: Gerbang[] = [];
  try {
    for (const dir of dirs) started.push(await startTestServer({ MONGODB_URI: db.uri, ...SHARED_SECRETS, ...env, DATA_DIR: dir.dir }));
    await use(started[0], started[1]);
  } finally {
    for (const gerbang of started) await gerbang.close();
    await db.drop();
    for (const dir of dirs) dir.cleanup();
  }
}

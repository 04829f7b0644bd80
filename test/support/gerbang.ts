import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type Config } from '../../engine/config.js';
import { startGerbang, type Gerbang, type StartHooks } from '../../engine/server.js';

/** A fresh data directory for one test server; removed by `cleanup`. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real Gerbang on a loopback port whose address is also its PUBLIC_URL (the OpenID
 * issuer must be the URL clients use).
 */
export async function startTestServer(env: Record<string, string> = {}, overrides: Partial<Config> = {}, hooks: StartHooks = {}): Promise<Gerbang> {
  const port = await freePort();
  const config = readConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_SILENT: process.env.TEST_LOGS ? 'false' : 'true',
    RATE_LIMIT_PER_MINUTE: '100000',
    // Test files share the cores with each other: a test process starved of CPU by its neighbours is
    // late on its event loop without being overloaded itself (the shedding tests set their own).
    SHED_EVENT_LOOP_DELAY_MS: '5000',
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: 'admin password for tests',
    ...env,
  });
  return startGerbang({ ...config, host: '127.0.0.1', ...overrides }, hooks);
}

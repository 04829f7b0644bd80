import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type Config } from '../../engine/config.js';
import { startGerbang, type Gerbang } from '../../engine/server.js';

/** A fresh data directory for one test server; removed by `cleanup`. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a real Gerbang on a loopback ephemeral port. */
export async function startTestServer(env: Record<string, string> = {}, overrides: Partial<Config> = {}): Promise<Gerbang> {
  const config = readConfig({ PORT: '0', LOG_SILENT: 'true', RATE_LIMIT_PER_MINUTE: '100000', ...env });
  return startGerbang({ ...config, host: '127.0.0.1', ...overrides });
}

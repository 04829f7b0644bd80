import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes one message into DATA_DIR/outbox when no real provider is configured (quick start). */
export function writeToOutbox(dataDir: string, extension: 'eml' | 'json', content: string | Buffer): string {
  const dir = join(dataDir, 'outbox');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.${extension}`);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

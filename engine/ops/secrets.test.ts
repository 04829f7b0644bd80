import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKeys, SecretsError } from './secrets.js';

describe('keys come from configured secrets', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'gerbang-keys-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('instances sharing GERBANG_SECRET and ENCRYPTION_KEY agree on every key, whatever their data directories', () => {
    const o = { mongodb: true, secret: 'the shared root secret 0123456789', encryptionKey: 'the shared sealing key 0123456789' };
    const a = loadKeys({ ...o, dataDir: dir() });
    const b = loadKeys({ ...o, dataDir: dir() });
    expect(b).toEqual(a);
    // One key per job, none equal to another or to the root secret.
    expect(new Set([a.csrf, a.cookies, a.codes, o.secret]).size).toBe(4);
    expect(a.encryption).toBe(o.encryptionKey);
    // Without ENCRYPTION_KEY the sealing key derives from the root too, the same everywhere.
    expect(loadKeys({ ...o, encryptionKey: undefined, dataDir: dir() }).encryption).toBe(loadKeys({ ...o, encryptionKey: undefined, dataDir: dir() }).encryption);
  });

  it('with MongoDB, refuses to start without GERBANG_SECRET instead of inventing per-directory keys', () => {
    expect(() => loadKeys({ mongodb: true, secret: undefined, encryptionKey: undefined, dataDir: dir() })).toThrow(SecretsError);
    expect(() => loadKeys({ mongodb: true, secret: undefined, encryptionKey: undefined, dataDir: dir() })).toThrow(/GERBANG_SECRET is not set\. With MONGODB_URI every instance/);
  });

  it('with MongoDB, a sealing key generated into the data directory earlier must be configured, not silently replaced', () => {
    const d = dir();
    writeFileSync(join(d, 'secrets.json'), JSON.stringify({ encryptionKey: 'generated-earlier-key' }));
    expect(() => loadKeys({ mongodb: true, secret: 'the shared root secret 0123456789', encryptionKey: undefined, dataDir: d })).toThrow(
      /set ENCRYPTION_KEY to its "encryptionKey" value on every instance/,
    );
  });

  it('with the embedded store, unset secrets are generated once into the data directory and kept', () => {
    const d = dir();
    const first = loadKeys({ mongodb: false, secret: undefined, encryptionKey: undefined, dataDir: d });
    expect(loadKeys({ mongodb: false, secret: undefined, encryptionKey: undefined, dataDir: d })).toEqual(first);
    expect(JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8')).encryptionKey).toBe(first.encryption);
  });
});

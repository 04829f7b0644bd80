import { hkdfSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateSecret } from '../config.js';

/** Every key Gerbang uses, each for one job. */
export interface Keys {
  /** HMAC of CSRF tokens. */
  csrf: string;
  /** Signs oidc-provider's cookies (its sessions and interactions). */
  cookies: string;
  /** HMAC of one-time codes and magic-link tokens. */
  codes: string;
  /** Seals secrets at rest (client secrets, TOTP seeds). */
  encryption: string;
}

/** Gerbang cannot start with these secrets; the message says what to set. */
export class SecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsError';
  }
}

/** A key for one purpose, derived from the root secret (HKDF-SHA256): one secret to configure, keys that never mix. */
function derive(root: string, purpose: string): string {
  return Buffer.from(hkdfSync('sha256', root, 'gerbang', `gerbang ${purpose} key v1`, 32)).toString('base64url');
}

function storedSecret(dataDir: string, name: string): string | undefined {
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) return undefined;
  const value = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The keys, all from configured secrets: `GERBANG_SECRET` is the root every key derives from, and
 * `ENCRYPTION_KEY` (when set) seals secrets at rest. Instances that share these two agree on every
 * key, whatever their data directories hold.
 *
 * With MongoDB (several instances), both must come from the configuration: Gerbang refuses to start
 * rather than invent per-directory keys that the other instances would not know. With the embedded
 * store (one process), unset secrets are generated once into the data directory.
 */
export function loadKeys(o: { dataDir: string; mongodb: boolean; secret: string | undefined; encryptionKey: string | undefined }): Keys {
  if (o.mongodb && !o.secret) {
    throw new SecretsError(
      'GERBANG_SECRET is not set. With MONGODB_URI every instance must derive its keys (CSRF, codes and links, cookies) from the same configured secret: ' +
        'set GERBANG_SECRET to one long random value (e.g. `openssl rand -base64 32`) on every instance.',
    );
  }
  const root = o.secret ?? loadOrCreateSecret(o.dataDir, 'cookieSecret', undefined);
  let encryption = o.encryptionKey;
  if (!encryption && o.mongodb) {
    // A key generated into this directory by an earlier version may already seal data in the database.
    const earlier = storedSecret(o.dataDir, 'encryptionKey');
    if (earlier) {
      throw new SecretsError(
        `ENCRYPTION_KEY is not set, but ${join(o.dataDir, 'secrets.json')} holds the key that sealed secrets in the database so far: ` +
          'set ENCRYPTION_KEY to its "encryptionKey" value on every instance, so nothing sealed is lost.',
      );
    }
  }
  encryption ??= o.mongodb ? derive(root, 'encryption') : loadOrCreateSecret(o.dataDir, 'encryptionKey', undefined);
  return { csrf: derive(root, 'csrf'), cookies: derive(root, 'cookies'), codes: derive(root, 'codes'), encryption };
}

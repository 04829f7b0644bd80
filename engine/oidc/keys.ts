import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { OidcRepo } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';

const MODEL = 'Gerbang:SigningKeys';
const ID = 'jwks';
/** Old keys stay published (and usable for verification) after a rotation. */
const KEEP = 3;

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}

/**
 * At rest the private keys are sealed with the encryption key (like client secrets and TOTP seeds):
 * the stored record holds only `{ sealed: [...] }`, so reading the database does not let anyone sign
 * tokens. Records from earlier versions held the keys in clear (`{ keys: [...] }`); they are sealed
 * on the next start.
 */
interface StoredKeys {
  sealed?: unknown;
  keys?: unknown;
}

function openKeys(stored: StoredKeys, secrets: SecretBox): JWK[] | null {
  if (Array.isArray(stored.sealed) && stored.sealed.length) {
    try {
      return stored.sealed.map((s) => JSON.parse(secrets.open(String(s))) as JWK);
    } catch {
      throw new Error(
        'The signing keys in the store were sealed with another encryption key: every instance must share the same ENCRYPTION_KEY (set it, or copy secrets.json from the first instance).',
      );
    }
  }
  if (Array.isArray(stored.keys) && stored.keys.length) return stored.keys as JWK[];
  return null;
}

async function save(repo: OidcRepo, secrets: SecretBox, keys: JWK[]): Promise<void> {
  await repo.upsert(MODEL, ID, { sealed: keys.map((k) => secrets.seal(JSON.stringify(k))) }, null);
}

/**
 * The provider's signing keys, generated with jose on first start and kept in the store, so every
 * instance signs with the same keys. The first key signs; the others only verify.
 */
export async function loadSigningKeys(repo: OidcRepo, secrets: SecretBox): Promise<JWK[]> {
  const stored = (await repo.find(MODEL, ID)) as StoredKeys | null;
  const keys = stored ? openKeys(stored, secrets) : null;
  if (keys) {
    if (!Array.isArray(stored!.sealed)) await save(repo, secrets, keys); // an earlier version kept them in clear
    return keys;
  }
  // First start: a conditional insert, so of several instances starting at once all use one key.
  const fresh = [await newSigningKey()];
  if (await repo.create(MODEL, ID, { sealed: fresh.map((k) => secrets.seal(JSON.stringify(k))) }, null)) return fresh;
  const winner = (await repo.find(MODEL, ID)) as StoredKeys | null;
  const theirs = winner ? openKeys(winner, secrets) : null;
  if (!theirs) throw new Error('The stored signing key record holds no keys; remove it to have a new key generated.');
  return theirs;
}

/** Puts a new signing key first; earlier keys stay published so issued tokens keep verifying. */
export async function rotateSigningKeys(repo: OidcRepo, secrets: SecretBox): Promise<JWK[]> {
  const keys = [await newSigningKey(), ...(await loadSigningKeys(repo, secrets))].slice(0, KEEP);
  await save(repo, secrets, keys);
  return keys;
}

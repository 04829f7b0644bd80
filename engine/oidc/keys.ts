import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { OidcRepo } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';

/** The ID token signature algorithms an app may choose: RS256 (the default, every library has it) and ES256 (faster, smaller). */
export const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

const MODEL = 'Gerbang:SigningKeys';
/**
 * Each kind of key is its own record, created by a conditional insert: a deployment whose store holds
 * only RSA keys (record `jwks`, from before EC keys) gains an EC key on its next start, race-safely, with
 * its RSA record untouched (instances of the earlier version keep reading it).
 */
const RECORD: Record<SigningAlgorithm, string> = { RS256: 'jwks', ES256: 'jwks-es256' };
/** Old keys stay published (and usable for verification) after a rotation, this many of each kind. */
const KEEP = 3;

async function newSigningKey(alg: SigningAlgorithm): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' };
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

const sealed = (keys: JWK[], secrets: SecretBox) => ({ sealed: keys.map((k) => secrets.seal(JSON.stringify(k))) });

/** The stored record of one kind and its keys, newest (the one that signs) first. */
interface KeysOfKind {
  stored: Record<string, unknown>;
  keys: JWK[];
}

/** The keys of one kind as stored; generated on first need by a conditional insert. */
async function loadKeysOf(alg: SigningAlgorithm, repo: OidcRepo, secrets: SecretBox): Promise<KeysOfKind> {
  const stored = await repo.find(MODEL, RECORD[alg]);
  const keys = stored ? openKeys(stored as StoredKeys, secrets) : null;
  if (stored && keys) {
    if (Array.isArray((stored as StoredKeys).sealed)) return { stored, keys };
    // An earlier version kept them in clear: sealed unless another instance wrote the record meanwhile.
    const payload = sealed(keys, secrets);
    return (await repo.replaceAll(MODEL, [{ id: RECORD[alg], expected: stored, payload }])) ? { stored: payload, keys } : loadKeysOf(alg, repo, secrets);
  }
  // First need: a conditional insert, so of several instances starting at once all use one key.
  const fresh = [await newSigningKey(alg)];
  const payload = sealed(fresh, secrets);
  if (await repo.create(MODEL, RECORD[alg], payload, null)) return { stored: payload, keys: fresh };
  const winner = await repo.find(MODEL, RECORD[alg]);
  const theirs = winner ? openKeys(winner as StoredKeys, secrets) : null;
  if (!winner || !theirs) throw new Error(`The stored ${alg} signing key record holds no keys; remove it to have a new key generated.`);
  return { stored: winner, keys: theirs };
}

/**
 * The provider's signing keys, generated with jose on first start and kept in the store, so every
 * instance signs with the same keys: the RSA keys, then the EC P-256 keys. Of each kind the first key
 * signs (oidc-provider takes the first key matching the app's algorithm); the others only verify.
 */
export async function loadSigningKeys(repo: OidcRepo, secrets: SecretBox): Promise<JWK[]> {
  const kinds = [];
  for (const alg of SIGNING_ALGORITHMS) kinds.push((await loadKeysOf(alg, repo, secrets)).keys);
  return kinds.flat();
}

/** Rotations racing on several instances: each tries again on what the other wrote, this many times. */
const ROTATION_ATTEMPTS = 5;

/**
 * Puts a new key of each kind first; earlier keys stay published so issued tokens keep verifying. Both
 * kinds are one compare-and-set: a failure rotates neither, and of two rotations at once the later
 * one keeps the earlier one's keys (each instance may already sign with its own).
 */
export async function rotateSigningKeys(repo: OidcRepo, secrets: SecretBox): Promise<JWK[]> {
  const fresh = new Map<SigningAlgorithm, JWK>();
  for (const alg of SIGNING_ALGORITHMS) fresh.set(alg, await newSigningKey(alg)); // the slow part, done once
  for (let attempt = 0; attempt < ROTATION_ATTEMPTS; attempt++) {
    const kinds: Array<{ alg: SigningAlgorithm; stored: Record<string, unknown>; keys: JWK[] }> = [];
    for (const alg of SIGNING_ALGORITHMS) {
      const current = await loadKeysOf(alg, repo, secrets);
      kinds.push({ alg, stored: current.stored, keys: [fresh.get(alg)!, ...current.keys].slice(0, KEEP) });
    }
    if (await repo.replaceAll(MODEL, kinds.map(({ alg, stored, keys }) => ({ id: RECORD[alg], expected: stored, payload: sealed(keys, secrets) })))) {
      return kinds.flatMap(({ keys }) => keys);
    }
  }
  throw new Error('The signing keys kept changing while they were rotated (other rotations at the same time); rotate again.');
}

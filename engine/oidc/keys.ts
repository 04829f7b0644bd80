import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { OidcRepo } from '../store/port.js';

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
 * The provider's signing keys, generated with jose on first start and kept in the store, so every
 * instance signs with the same keys. The first key signs; the others only verify.
 */
export async function loadSigningKeys(repo: OidcRepo): Promise<JWK[]> {
  const stored = await repo.find(MODEL, ID);
  if (stored && Array.isArray(stored.keys) && stored.keys.length) return stored.keys as JWK[];
  const keys = [await newSigningKey()];
  await repo.upsert(MODEL, ID, { keys }, null);
  return keys;
}

/** Puts a new signing key first; earlier keys stay published so issued tokens keep verifying. */
export async function rotateSigningKeys(repo: OidcRepo): Promise<JWK[]> {
  const keys = [await newSigningKey(), ...(await loadSigningKeys(repo))].slice(0, KEEP);
  await repo.upsert(MODEL, ID, { keys }, null);
  return keys;
}

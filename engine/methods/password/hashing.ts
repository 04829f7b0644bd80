import { hash, verify } from '@node-rs/argon2';
import { verifyImportedHash } from './imported-hashes.js';

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

/** Argon2id parameters (OWASP 2024 minimum: m=19 MiB, t=2, p=1). */
export const ARGON2_PARAMS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Gerbang's own hashes are argon2id; any other was imported from another system (verified by its own scheme). */
const isArgon2id = (encoded: string): boolean => encoded.startsWith('$argon2id$');
const ARGON2ID_COSTS = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=\d+\$/;

/**
 * Whether the hash is replaced by one with Gerbang's parameters at the next sign-in: any imported
 * scheme, and an argon2id cheaper than ARGON2_PARAMS (imported from a system with weaker settings).
 */
export function needsRehash(encoded: string): boolean {
  if (!isArgon2id(encoded)) return true;
  const costs = ARGON2ID_COSTS.exec(encoded);
  return !costs || Number(costs[1]) < ARGON2_PARAMS.memoryCost || Number(costs[2]) < ARGON2_PARAMS.timeCost;
}

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_PARAMS),
  verify: async (encoded, password) => {
    // A hash imported from another system (bcrypt, PBKDF2, scrypt, argon2i) is checked by its own scheme.
    if (!isArgon2id(encoded)) return verifyImportedHash(encoded, password);
    try {
      return await verify(encoded, password);
    } catch {
      return false;
    }
  },
};

/** A hash of a random password: verified against when the user is unknown, so timing does not reveal it. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(hasher: PasswordHasher): Promise<string> {
  dummyHash ??= hasher.hash(`unknown-user-${Math.random()}`);
  return dummyHash;
}

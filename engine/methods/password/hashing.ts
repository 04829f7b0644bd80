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

/** Gerbang's own hashes are argon2id; any other (imported from another system) is replaced at the next sign-in. */
export const needsRehash = (encoded: string): boolean => !encoded.startsWith('$argon2id$');

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_PARAMS),
  verify: async (encoded, password) => {
    // A hash imported from another system (bcrypt, PBKDF2, scrypt, argon2i) is checked by its own scheme.
    if (needsRehash(encoded)) return verifyImportedHash(encoded, password);
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

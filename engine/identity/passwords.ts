import { hash, verify } from '@node-rs/argon2';

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

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_PARAMS),
  verify: async (encoded, password) => {
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

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 10,
  maxLength: 128,
  requireLowercase: false,
  requireUppercase: false,
  requireDigit: false,
  requireSymbol: false,
};

/** Returns the i18n keys (with vars) of every rule the password breaks; empty when it is acceptable. */
export function checkPasswordPolicy(
  password: string,
  policy: PasswordPolicy,
  email?: string,
): Array<{ key: string; vars?: Record<string, number> }> {
  const problems: Array<{ key: string; vars?: Record<string, number> }> = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push({ key: 'password.policy.minLength', vars: { n: policy.minLength } });
  if (length > policy.maxLength) problems.push({ key: 'password.policy.maxLength', vars: { n: policy.maxLength } });
  if (policy.requireLowercase && !/\p{Ll}/u.test(password)) problems.push({ key: 'password.policy.lowercase' });
  if (policy.requireUppercase && !/\p{Lu}/u.test(password)) problems.push({ key: 'password.policy.uppercase' });
  if (policy.requireDigit && !/\p{Nd}/u.test(password)) problems.push({ key: 'password.policy.digit' });
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}]/u.test(password)) problems.push({ key: 'password.policy.symbol' });
  if (email && password.toLowerCase() === email.toLowerCase()) problems.push({ key: 'password.policy.notEmail' });
  return problems;
}

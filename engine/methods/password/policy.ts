import type { Said } from '../../flow/said.js';
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

/** Settings of a step that applies a password policy (the designer's form). */
export const passwordPolicySchema = {
  type: 'object',
  title: 'Password rules',
  additionalProperties: false,
  required: ['minLength', 'maxLength', 'requireLowercase', 'requireUppercase', 'requireDigit', 'requireSymbol'],
  properties: {
    minLength: { type: 'integer', minimum: 8, maximum: 128, default: 10, title: 'Shortest password' },
    maxLength: { type: 'integer', minimum: 16, maximum: 1024, default: 128, title: 'Longest password' },
    requireLowercase: { type: 'boolean', default: false, title: 'Needs a lower-case letter' },
    requireUppercase: { type: 'boolean', default: false, title: 'Needs an upper-case letter' },
    requireDigit: { type: 'boolean', default: false, title: 'Needs a digit' },
    requireSymbol: { type: 'boolean', default: false, title: 'Needs a symbol' },
  },
} as const;

/** Graph check of a policy setting (plain language, in each language of the designer). */
export function policyProblems(policy: PasswordPolicy): Said[] {
  return policy.minLength > policy.maxLength
    ? [{ en: 'the shortest password is longer than the longest', id: 'panjang kata sandi minimum melebihi panjang maksimum' }]
    : [];
}

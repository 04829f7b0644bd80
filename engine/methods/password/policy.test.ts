import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from './policy.js';

describe('password policy', () => {
  it('explains every rule a password breaks', () => {
    const strict = { ...DEFAULT_PASSWORD_POLICY, requireDigit: true, requireUppercase: true };
    expect(checkPasswordPolicy('short', strict).map((p) => p.key)).toEqual([
      'password.policy.minLength',
      'password.policy.uppercase',
      'password.policy.digit',
    ]);
    expect(checkPasswordPolicy('Long enough 1', strict)).toEqual([]);
    expect(checkPasswordPolicy('me@example.com', DEFAULT_PASSWORD_POLICY, 'ME@example.com').map((p) => p.key)).toEqual(['password.policy.notEmail']);
  });
});

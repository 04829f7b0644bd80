import type { Factor } from './factor.js';
import { totpFactor } from './totp/factor.js';
import { recoveryCodesFactor } from './recovery-codes/factor.js';
import { emailFactor } from './codes/email-factor.js';
import { smsFactor } from './codes/sms-factor.js';
import { webauthnFactor } from './webauthn/factor.js';

/** Every factor the MFA steps can offer. Adding a factor = adding its module here. */
export const factors: Factor[] = [totpFactor, webauthnFactor, emailFactor, smsFactor, recoveryCodesFactor];

export function factorById(id: string): Factor | undefined {
  return factors.find((f) => f.id === id);
}

/** Factors a user can set up themselves (recovery codes come with the first one). */
export const enrollableFactorIds = factors.filter((f) => f.enroll).map((f) => f.id);
export const allFactorIds = factors.map((f) => f.id);

import type { Factor } from './types.js';
import { totpFactor } from './totp.js';
import { recoveryCodesFactor } from './recovery-codes.js';
import { emailFactor } from './email.js';
import { smsFactor } from './sms.js';
import { webauthnFactor } from './webauthn.js';

/** Every factor the MFA steps can offer. Adding a factor = adding its module here. */
export const factors: Factor[] = [totpFactor, webauthnFactor, emailFactor, smsFactor, recoveryCodesFactor];

export function factorById(id: string): Factor | undefined {
  return factors.find((f) => f.id === id);
}

/** Factors a user can set up themselves (recovery codes come with the first one). */
export const enrollableFactorIds = factors.filter((f) => f.enroll).map((f) => f.id);
export const allFactorIds = factors.map((f) => f.id);

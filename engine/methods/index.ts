import type { Factor } from './factor.js';
import { FactorRegistry } from './registry.js';
import { totpFactor } from './totp/factor.js';
import { webauthnFactor } from './webauthn/factor.js';
import { emailFactor } from './codes/email-factor.js';
import { smsFactor } from './codes/sms-factor.js';
import { recoveryCodesFactor } from './recovery-codes/factor.js';

/** Every MFA factor Gerbang ships. Adding a factor = adding its module here. */
export const builtInFactors: Factor[] = [totpFactor, webauthnFactor, emailFactor, smsFactor, recoveryCodesFactor];

export function createFactorRegistry(extra: Factor[] = []): FactorRegistry {
  return new FactorRegistry([...builtInFactors, ...extra]);
}

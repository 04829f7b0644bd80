import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../notifications/senders.js';
import type { Store } from '../store/port.js';
import { languageOrDefault } from '../languages.js';
import { DEFAULT_THROTTLE_POLICY, SignInThrottles, ThrottlesUnavailable, type ThrottlePolicySource } from './sign-in-throttles.js';
import type { ProtectionThresholdValues } from './thresholds.js';

/** The thresholds the configuration (environment) sets: in force until the console changes them. */
export function configuredThresholds(config: Pick<Config, 'settings'>): ProtectionThresholdValues {
  const s = config.settings;
  return {
    ...DEFAULT_THROTTLE_POLICY,
    accountFailures: s.SIGNIN_ACCOUNT_FAILURES,
    addressFailures: s.SIGNIN_ADDRESS_FAILURES,
    windowMinutes: s.SIGNIN_THROTTLE_MINUTES,
    botChallengeAfterFailures: s.BOT_CHALLENGE_AFTER_FAILURES,
    botChallengeDifficulty: s.BOT_CHALLENGE_DIFFICULTY,
  };
}

/**
 * The sign-in throttles under `policy`; the owner's notice links to the password reset journey and is
 * written in the language the owner last used (English when unknown: the attacker's page language says
 * nothing about the owner).
 */
export function signInThrottles(config: Pick<Config, 'publicUrl'>, store: Pick<Store, 'counters' | 'users'>, mailer: Mailer, logger: Logger, policy: ThrottlePolicySource): SignInThrottles {
  const resetLink = new URL('/login?flow=password-reset', config.publicUrl).toString();
  return new SignInThrottles(
    store.counters,
    policy,
    async (account) => {
      logger.warn('sign-in slowed: many failed sign-ins on one account from several addresses');
      const owner = await store.users.findByEmail(account);
      await mailer.sendAccountAttacked({ to: account, lang: languageOrDefault(owner?.language), resetLink });
    },
    (err) =>
      err instanceof ThrottlesUnavailable
        ? logger.error('sign-in refused, failing closed: the throttle counters cannot be read', { error: err.cause instanceof Error ? err.cause.message : String(err.cause) })
        : logger.error('sign-in throttle notice failed', { error: err instanceof Error ? err.message : String(err) }),
  );
}

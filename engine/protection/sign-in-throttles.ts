import type { CountersRepo } from '../store/port/counters.js';

/**
 * Throttles on failed sign-ins, counted in the store's atomic counters so every instance applies
 * one limit. Three counters, each keyed by the normalised email and/or the client address:
 *
 * - account + address ("pair"): after `pairFailures` wrong answers from one address, that address
 *   may not try this account for `pairBlockMinutes`. The owner, from another address, still can;
 * - account: past `accountFailures` failures (from any number of addresses) within the window,
 *   the account is slowed down, never locked: one attempt per growing delay (up to a minute) for
 *   everybody, and the owner is told once by email;
 * - address: past `addressFailures` failures on any accounts from one address within the window
 *   (credential stuffing), that address is refused for the rest of the window. Successful
 *   sign-ins do not count, so many customers behind one address are not slowed.
 *
 * Every attempt is reserved on the pair and account counters (atomic increments) before the secret
 * is checked and decided on the reserved numbers; a right answer takes its reservation back. So any
 * number of attempts racing on any number of instances never get more checks of one account than
 * the limits allow. The address counter counts failures only (see `attempt`).
 */
export interface ThrottlePolicy {
  pairFailures: number;
  pairBlockMinutes: number;
  accountFailures: number;
  addressFailures: number;
  /** Window of the account and address counters. */
  windowMinutes: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { pairFailures: 5, pairBlockMinutes: 15, accountFailures: 20, addressFailures: 30, windowMinutes: 15 };

/** Longest delay between two attempts on an account under attack. */
const MAX_ACCOUNT_DELAY_SECONDS = 60;
/** The owner is told at most once in this time. */
const NOTICE_EVERY_MS = 24 * 3_600_000;

export type ThrottleScope = 'pair' | 'account' | 'address';

/**
 * `wrong.blockedMinutes` is how long this address is now blocked for the account (0 while tries
 * are left); `blocked` means the secret was not checked at all.
 */
export type ThrottledAttempt =
  | { result: 'ok' }
  | { result: 'wrong'; blockedMinutes: number }
  | { result: 'blocked'; scope: ThrottleScope; minutes: number; seconds: number }
  /** Nothing was there to check (a code expired or never sent): neither a failure nor a success. */
  | { result: 'unchecked' };

export interface SecretChecks {
  /** Checks the secret (a password hash, a code); `unchecked` when there was nothing to compare with. */
  verify(): Promise<boolean | 'unchecked'>;
  /** Spends the time of a check without an answer, so a refusal answers as fast as a check. */
  spendTime(): Promise<unknown>;
}

export interface AttemptSubject {
  /** The account, as a normalised email (or another stable account key). */
  account: string;
  /** The client address; null when unknown (counted together). */
  address: string | null;
}

/** Overrides of the pair limit by a step's settings (the password step's form). */
export type PairLimit = Pick<ThrottlePolicy, 'pairFailures' | 'pairBlockMinutes'>;

/**
 * The throttles' counters could not be read or written: the attempt is refused without checking the
 * secret (fail closed), as an unreadable counter would otherwise let unlimited guesses through.
 */
export class ThrottlesUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super('Sign-in throttles unavailable: the attempt was refused without checking the secret');
    this.name = 'ThrottlesUnavailable';
  }
}

/** The thresholds in force: fixed, or read for each attempt (the console's, shared by every instance). */
export type ThrottlePolicySource = ThrottlePolicy | (() => Promise<ThrottlePolicy>);

export class SignInThrottles {
  private readonly counters: CountersRepo;
  private readonly policyOf: () => Promise<ThrottlePolicy>;

  constructor(
    counters: CountersRepo,
    policy: ThrottlePolicySource,
    /** Tells the account's owner that its sign-in is slowed by failures from many addresses. */
    private readonly onAccountUnderAttack: (account: string) => Promise<void>,
    private readonly report: (err: unknown) => void = () => {},
  ) {
    this.counters = failingClosed(counters, report);
    this.policyOf = typeof policy === 'function' ? policy : async () => policy;
  }

  /** The thresholds in force now; unreadable thresholds fail closed like unreadable counters. */
  async policy(): Promise<ThrottlePolicy> {
    try {
      return await this.policyOf();
    } catch (err) {
      this.report(new ThrottlesUnavailable(err));
      throw new ThrottlesUnavailable(err);
    }
  }

  /**
   * Failures counted on this address within the window (read only): what a bot challenge or a risk
   * step looks at before the address reaches its block.
   */
  async addressFailures(address: string | null, now: Date): Promise<number> {
    return this.counters.current(keysOf({ account: '', address }).address, now);
  }

  /** Failures counted on this account within the window (read only). */
  async accountFailures(account: string, now: Date): Promise<number> {
    return this.counters.current(keysOf({ account, address: null }).account, now);
  }

  async attempt(subject: AttemptSubject, now: Date, checks: SecretChecks, stepLimit?: PairLimit): Promise<ThrottledAttempt> {
    const { counters } = this;
    const policy = await this.policy();
    const pairLimit = stepLimit ?? policy;
    const window = new Date(now.getTime() + policy.windowMinutes * 60_000);
    const keys = keysOf(subject);

    const refuse = async (scope: ThrottleScope, seconds: number): Promise<ThrottledAttempt> => {
      await checks.spendTime();
      return { result: 'blocked', scope, seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) };
    };

    // The address's failures are read before and counted after the check: reserving there would count
    // every sign-in in flight behind a busy address (a NAT) as a failure. Its overshoot is bounded by the
    // checks in flight (the hash limiter and load shedding); pair and account are reserved.
    const onAddress = await counters.current(keys.address, now);
    if (onAddress >= policy.addressFailures) return refuse('address', policy.windowMinutes * 60);
    const pairBlock = new Date(now.getTime() + pairLimit.pairBlockMinutes * 60_000);
    const onPair = await counters.increment(keys.pair, pairBlock, now);
    if (onPair > pairLimit.pairFailures) return refuse('pair', pairLimit.pairBlockMinutes * 60);
    const onAccount = await counters.increment(keys.account, window, now);
    if (onAccount > policy.accountFailures) {
      this.noticeOnce(subject.account, now);
      const wait = await this.accountSlot(subject.account, onAccount - policy.accountFailures, now);
      if (wait > 0) {
        // Not checked, so not a failure of the account or the address; the pair keeps it.
        await counters.increment(keys.account, window, now, -1);
        return refuse('account', wait);
      }
    }

    const verdict = await checks.verify();
    if (verdict === 'unchecked') {
      await Promise.all([counters.increment(keys.pair, pairBlock, now, -1), counters.increment(keys.account, window, now, -1)]);
      return { result: 'unchecked' };
    }
    if (verdict) {
      await Promise.all([counters.reset(keys.pair), counters.increment(keys.account, window, now, -1)]);
      return { result: 'ok' };
    }
    await counters.increment(keys.address, window, now);
    if (onPair < pairLimit.pairFailures) return { result: 'wrong', blockedMinutes: 0 };
    // The last allowed failure: the pair stays blocked for the whole block time from now.
    await counters.reset(keys.pair);
    await counters.increment(keys.pair, pairBlock, now, pairLimit.pairFailures);
    return { result: 'wrong', blockedMinutes: pairLimit.pairBlockMinutes };
  }

  /** A newly set password (after another proof): the account's failures and this address's block end. */
  async forgive(subject: AttemptSubject): Promise<void> {
    await Promise.all(forgivenCounters(subject).map((key) => this.counters.reset(key)));
  }

  /**
   * One attempt per slot of `delay` seconds on an account past its failure limit, the delay growing
   * by a second per failure beyond it (at most a minute): the first attempt opens a slot that lasts
   * the delay, the others within it are refused. Answers the seconds to wait, 0 when this attempt
   * opened the slot.
   */
  private async accountSlot(account: string, beyond: number, now: Date): Promise<number> {
    const delaySeconds = Math.min(MAX_ACCOUNT_DELAY_SECONDS, beyond);
    const taken = await this.counters.increment(`signin:slot:${account}`, new Date(now.getTime() + delaySeconds * 1000), now);
    return taken > 1 ? delaySeconds : 0;
  }

  /** The first crossing of the account limit in a day sends the notice; a failed send is logged, never fatal. */
  private noticeOnce(account: string, now: Date): void {
    void this.counters
      .increment(`signin:notice:${account}`, new Date(now.getTime() + NOTICE_EVERY_MS), now)
      .then((n) => (n === 1 ? this.onAccountUnderAttack(account) : undefined))
      .catch(this.report);
  }
}

/** The counters, each failure turned into `ThrottlesUnavailable` (and reported) so no caller goes on unthrottled. */
function failingClosed(counters: CountersRepo, report: (err: unknown) => void): CountersRepo {
  const closed =
    <A extends unknown[], R>(op: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await op(...args);
      } catch (err) {
        report(new ThrottlesUnavailable(err));
        throw new ThrottlesUnavailable(err);
      }
    };
  return {
    increment: closed((key: string, expiresAt: Date, now: Date, by?: number) => counters.increment(key, expiresAt, now, by)),
    current: closed((key: string, now: Date) => counters.current(key, now)),
    reset: closed((key: string) => counters.reset(key)),
    listActive: (prefix, atLeast, now, limit) => counters.listActive(prefix, atLeast, now, limit),
    deleteExpired: (now) => counters.deleteExpired(now),
  };
}

/**
 * The counters a newly set password ends (the account's failures and this address's block on it):
 * `forgive`, or a store operation that sets the password and forgets them in the same write.
 */
export function forgivenCounters(subject: AttemptSubject): string[] {
  const keys = keysOf(subject);
  return [keys.account, keys.pair];
}

function keysOf(subject: AttemptSubject) {
  const address = subject.address ?? 'unknown';
  return { address: `signin:address:${address}`, pair: `signin:pair:${subject.account}|${address}`, account: `signin:account:${subject.account}` };
}

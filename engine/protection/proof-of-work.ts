import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import type { CountersRepo } from '../store/port/counters.js';
import type { SignInThrottles } from './sign-in-throttles.js';

export type PowChallenge = Challenge;

/**
 * The bot challenge: a self-hosted proof of work in the ALTCHA format (`altcha-lib`, MIT, no third
 * party): the server signs a challenge (HMAC, with an expiry in its salt), the browser finds the number
 * whose SHA-256 with the salt matches, and the server checks the signature and the solution. A solved
 * challenge is spent once, by an atomic counter in the store, so one solution never pays for two
 * attempts on any instance. It is asked when the address's failed sign-ins reach `afterFailures`
 * (well before the address is blocked), or always by the bot-challenge step.
 */
export interface BotThresholds {
  /** Failed sign-ins from an address after which it is challenged. */
  afterFailures: number;
  /** The largest number the browser may have to try. */
  maxNumber: number;
}

export class BotDefence {
  private readonly thresholdsOf: () => Promise<BotThresholds>;
  /** How long a challenge may take to solve. */
  private readonly ttlMinutes: number;

  constructor(
    private readonly hmacKey: string,
    private readonly counters: Pick<CountersRepo, 'increment'>,
    private readonly throttles: Pick<SignInThrottles, 'addressFailures'>,
    /** Fixed, or read when needed (the console's thresholds, shared by every instance). */
    thresholds: (BotThresholds & { ttlMinutes?: number }) | (() => Promise<BotThresholds>),
    ttlMinutes = 10,
  ) {
    this.thresholdsOf = typeof thresholds === 'function' ? thresholds : async () => thresholds;
    this.ttlMinutes = typeof thresholds === 'function' ? ttlMinutes : (thresholds.ttlMinutes ?? ttlMinutes);
  }

  /** Whether attempts from this address must first pass the challenge. */
  async elevated(address: string | null, now: Date): Promise<boolean> {
    const [failures, { afterFailures }] = await Promise.all([this.throttles.addressFailures(address, now), this.thresholdsOf()]);
    return failures >= afterFailures;
  }

  /**
   * A fresh challenge for the page (safe to show: it holds no secret). Its expiry is in the system's
   * time, which `altcha-lib` checks it against.
   */
  async issue(): Promise<PowChallenge> {
    return createChallenge({
      hmacKey: this.hmacKey,
      maxnumber: (await this.thresholdsOf()).maxNumber,
      expires: new Date(Date.now() + this.ttlMinutes * 60_000),
    });
  }

  /**
   * True for a right solution of a challenge this server signed, not expired and never used before.
   * `payload` is what the browser posts: base64 of the JSON `{ algorithm, challenge, number, salt, signature }`.
   */
  async redeem(payload: string, now: Date): Promise<boolean> {
    if (!payload || payload.length > 2000) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      return false;
    }
    if (!isPayload(parsed)) return false;
    if (!(await verifySolution(parsed, this.hmacKey, true).catch(() => false))) return false;
    const spent = await this.counters.increment(`pow:${parsed.signature}`, new Date(now.getTime() + this.ttlMinutes * 60_000), now);
    return spent === 1;
  }
}

function isPayload(v: unknown): v is { algorithm: 'SHA-256'; challenge: string; number: number; salt: string; signature: string } {
  if (!v || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return (
    p.algorithm === 'SHA-256' &&
    typeof p.challenge === 'string' &&
    typeof p.salt === 'string' &&
    typeof p.signature === 'string' &&
    typeof p.number === 'number' &&
    Number.isInteger(p.number) &&
    p.number >= 0
  );
}

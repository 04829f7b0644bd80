import type { EventLoopMonitor } from './event-loop.js';
import type { BoundedHasher } from './hash-limiter.js';
import { ServiceUnavailable } from './unavailable.js';

export type ShedReason = 'hash-queue' | 'hash-rate' | 'requests-in-flight' | 'event-loop';

export interface ShedPolicy {
  /** Refuse new journeys while more password hashes than this wait for a slot. */
  maxHashQueue: number;
  /** Refuse new journeys while the event loop is late by more than this (mean over each of the last two seconds). */
  maxEventLoopDelayMs: number;
  /** Refuse new journeys while more HTTP requests than this are being answered. */
  maxRequestsInFlight: number;
  /** What `Retry-After` tells the refused. */
  retryAfterSeconds: number;
}

/**
 * Admission of new journeys: under overload the server refuses new journeys early (503, Retry-After)
 * so that the journeys it already admitted finish quickly, instead of queueing everyone behind the
 * password hash until all of them are slow.
 */
export class LoadShedder {
  /**
   * Admissions allowed while the hasher is saturated: one per finished hash, at most `burst` ahead
   * (twice the hash slots: a burst as deep as the hash queue let the p99 of admitted journeys pass 1 s
   * in the overload bench).
   */
  private tokens: number;
  private seenCompleted = 0;
  private readonly burst: number;

  constructor(
    private readonly hasher: BoundedHasher,
    private readonly eventLoop: EventLoopMonitor,
    private readonly policy: ShedPolicy,
    private readonly requestsInFlight: () => number,
    private readonly onShed: (reason: ShedReason) => void = () => undefined,
  ) {
    this.burst = hasher.concurrency * 2;
    this.tokens = this.burst;
  }

  /** The reason to refuse a new journey now, or null to admit it. */
  overloaded(): ShedReason | null {
    if (this.hasher.queueDepth > this.policy.maxHashQueue) return 'hash-queue';
    if (this.requestsInFlight() > this.policy.maxRequestsInFlight) return 'requests-in-flight';
    if (this.eventLoop.delayMs() > this.policy.maxEventLoopDelayMs) return 'event-loop';
    return this.paceByHashes() ? null : 'hash-rate';
  }

  /**
   * While every hash slot is busy, a new journey is admitted only for a hash that finished since the
   * last admission: admitted journeys arrive at the hasher no faster than it works, so its queue
   * cannot build up behind the admission check (the queue bound alone reacts only after it has).
   */
  private paceByHashes(): boolean {
    const completed = this.hasher.completed;
    this.tokens = Math.min(this.burst, this.tokens + (completed - this.seenCompleted));
    this.seenCompleted = completed;
    if (!this.hasher.saturated && this.hasher.queueDepth === 0) {
      this.tokens = this.burst;
      return true;
    }
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  /** Throws ServiceUnavailable when a new journey must not start now. */
  admit(): void {
    const reason = this.overloaded();
    if (!reason) return;
    this.onShed(reason);
    throw new ServiceUnavailable('overloaded', this.policy.retryAfterSeconds, 'Too many sign-ins at once; try again in a few seconds.');
  }
}

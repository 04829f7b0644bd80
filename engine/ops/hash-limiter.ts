import { availableParallelism } from 'node:os';
import type { PasswordHasher } from '../methods/password/hashing.js';

/**
 * Password hashing with bounded concurrency: at most `concurrency` argon2id computations at once, the
 * rest wait in a queue whose depth the shedder watches. Without the bound, every request's hash
 * competes for the same cores and all of them get slow together.
 */
export class BoundedHasher implements PasswordHasher {
  private running = 0;
  private finished = 0;
  private readonly waiting: Array<() => void> = [];
  readonly concurrency: number;

  constructor(
    private readonly inner: PasswordHasher,
    concurrency: number | undefined = undefined,
  ) {
    this.concurrency = Math.max(1, concurrency ?? availableParallelism());
  }

  /** Hash computations waiting for a slot. */
  get queueDepth(): number {
    return this.waiting.length;
  }

  get inFlight(): number {
    return this.running;
  }

  /** Hash computations finished since start (the shedder paces admissions by it). */
  get completed(): number {
    return this.finished;
  }

  /** Every slot is taken. */
  get saturated(): boolean {
    return this.running >= this.concurrency;
  }

  hash(password: string): Promise<string> {
    return this.slot(() => this.inner.hash(password));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.slot(() => this.inner.verify(hash, password));
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      this.finished++;
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

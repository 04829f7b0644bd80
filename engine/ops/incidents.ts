import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';
import type { StoreFailure } from './unavailable.js';

const READ = /^(get|find|list|count|resolve|load|exists|search|has|all)/;

/**
 * Store incidents, logged once each: the first failure of a kind logs an error; further failures
 * only count; the first success afterwards logs the recovery with how many requests it touched.
 */
export class StoreIncidents {
  private current: { kind: StoreFailure; since: Date; failures: number } | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  get ongoing(): StoreFailure | null {
    return this.current?.kind ?? null;
  }

  failed(kind: StoreFailure, err: unknown): void {
    this.metrics.storeFailures.inc({ kind });
    if (this.current?.kind === kind) {
      this.current.failures++;
      return;
    }
    this.current = { kind, since: new Date(), failures: 1 };
    this.logger.error('store unavailable: answering 503 "temporarily unavailable" until it recovers', {
      incident: kind,
      error: err instanceof Error ? err.message : String(err),
    });
  }

  /**
   * An operation succeeded. Reads keep working on a full or read-only disk, so only a write ends
   * those incidents; any success ends an unreachable store's.
   */
  succeeded(operation: string): void {
    if (!this.current) return;
    if (this.current.kind !== 'unreachable' && READ.test(operation)) return;
    const { kind, since, failures } = this.current;
    this.current = null;
    this.logger.info('store recovered', { incident: kind, since: since.toISOString(), failures });
  }
}

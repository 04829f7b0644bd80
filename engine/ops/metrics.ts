import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventLoopMonitor } from './event-loop.js';
import type { BoundedHasher } from './hash-limiter.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

/**
 * Gerbang's Prometheus metrics, served at /metrics. One registry per running server (tests start
 * several in one process), never prom-client's global one.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'gerbang_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'gerbang_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly journeysStarted = new Counter({
    name: 'gerbang_journeys_started_total',
    help: 'Journeys (flow runs) started, by journey',
    labelNames: ['journey'] as const,
    registers: [this.registry],
  });

  readonly journeysFinished = new Counter({
    name: 'gerbang_journeys_finished_total',
    help: 'Journeys that reached an end, by journey and end (success or failure)',
    labelNames: ['journey', 'end'] as const,
    registers: [this.registry],
  });

  readonly journeysShed = new Counter({
    name: 'gerbang_journeys_shed_total',
    help: 'New journeys refused with 503 because the server was overloaded, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly storeDuration = new Histogram({
    name: 'gerbang_store_operation_duration_seconds',
    help: 'Time of store operations, by repository, operation and outcome',
    labelNames: ['repository', 'operation', 'outcome'] as const,
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });

  readonly storeFailures = new Counter({
    name: 'gerbang_store_unavailable_total',
    help: 'Requests answered "temporarily unavailable" because the store failed, by kind of failure',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  /** Gauges read at scrape time from the live parts. */
  observe(parts: { hasher: BoundedHasher; eventLoop: EventLoopMonitor; inFlight: () => number }): void {
    new Gauge({
      name: 'gerbang_password_hash_queue_depth',
      help: 'Password hash computations waiting for a free slot',
      registers: [this.registry],
      collect() {
        this.set(parts.hasher.queueDepth);
      },
    });
    new Gauge({
      name: 'gerbang_password_hash_in_flight',
      help: 'Password hash computations running now',
      registers: [this.registry],
      collect() {
        this.set(parts.hasher.inFlight);
      },
    });
    new Gauge({
      name: 'gerbang_event_loop_delay_seconds',
      help: 'Event-loop delay over the last second, by quantile',
      labelNames: ['quantile'] as const,
      registers: [this.registry],
      collect() {
        const d = parts.eventLoop.recent;
        this.set({ quantile: '0.5' }, d.p50 / 1000);
        this.set({ quantile: '0.99' }, d.p99 / 1000);
        this.set({ quantile: '1' }, d.max / 1000);
      },
    });
    new Gauge({
      name: 'gerbang_http_requests_in_flight',
      help: 'HTTP requests being answered now',
      registers: [this.registry],
      collect() {
        this.set(parts.inFlight());
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

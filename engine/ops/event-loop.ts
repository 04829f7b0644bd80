import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * Event-loop delay over the last window (one second by default): how long ready work waits for the
 * loop. The shedder reads it to refuse new journeys before requests start to queue.
 */
export class EventLoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly timer: NodeJS.Timeout;
  private last = { mean: 0, p50: 0, p99: 0, max: 0 };
  private previousMean = 0;

  constructor(windowMs = 1000) {
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
  }

  /** Delay percentiles of the last full window, in milliseconds. */
  get recent(): { mean: number; p50: number; p99: number; max: number } {
    return this.last;
  }

  /**
   * Sustained lateness in milliseconds: the lower of the last two windows' mean delays, which one
   * long synchronous task (a garbage collection, a compile on the first request) does not raise.
   */
  delayMs(): number {
    return Math.min(this.last.mean, this.previousMean);
  }

  /** Forgets what was measured so far (the work of starting up is not load). */
  restart(): void {
    this.histogram.reset();
    this.previousMean = this.last.mean;
    this.last = { mean: 0, p50: 0, p99: 0, max: 0 };
    this.previousMean = 0;
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private roll(): void {
    const h = this.histogram;
    // The histogram counts in nanoseconds and includes the sampling resolution itself.
    const ms = (ns: number) => (Number.isFinite(ns) && h.count > 0 ? Math.max(0, ns / 1e6 - 10) : 0);
    this.last = { mean: ms(h.mean), p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
    h.reset();
  }
}

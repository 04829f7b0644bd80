export interface JsonLinesHttpOptions {
  /** The collector's endpoint (Splunk HEC raw, Elastic, Datadog, Vector, Fluent Bit `http` inputs…). */
  url: string;
  /** Sent as the `Authorization` header, e.g. `Bearer …` or `Splunk …`. */
  authorization?: string;
  /** Lines kept while the receiver is unreachable; past it the oldest are dropped (and counted). */
  maxBuffer: number;
  /** Most lines in one request. */
  maxBatch?: number;
  /** How long a line may wait for others to join its batch. */
  batchMs?: number;
  /** Per request. */
  timeoutMs?: number;
  /** First wait after a failed request; it doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  onDrop?: (count: number) => void;
  onError?: (message: string) => void;
}

/**
 * A stream of JSON objects to a collector over HTTP, as newline-delimited JSON (`application/x-ndjson`):
 * lines are batched (up to `maxBatch`, or what gathered within `batchMs`) into one POST at a time, in
 * order. Only a 2xx answer counts as received; a refused connection, a timeout, an error status or a
 * redirect (not followed: the URL is what the operator configured) keeps the batch at the head of the
 * buffer and the stream tries again with backoff. While the collector is unreachable lines wait in a
 * bounded buffer whose oldest are dropped beyond `maxBuffer`, so nothing grows without end and nothing
 * waits for the collector. A line may arrive twice (an answer lost after the collector kept the batch),
 * never out of order. Sending never throws.
 */
export class JsonLinesHttpStream {
  /** Lines not yet sent, oldest first. */
  private readonly buffer: string[] = [];
  /** The batch on its way (taken from the head of the buffer; put back when it fails). */
  private inFlight: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** A failed request's backoff is running: new lines do not cut it short. */
  private backingOff = false;
  private sending: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private closed = false;
  private retryMs: number;
  private batchSize: number;
  dropped = 0;

  constructor(private readonly opts: JsonLinesHttpOptions) {
    this.retryMs = opts.retryMs ?? 500;
    this.batchSize = opts.maxBatch ?? 500;
  }

  send(value: unknown): void {
    if (this.closed) return;
    this.buffer.push(JSON.stringify(value));
    this.trim();
    this.schedule(this.buffer.length >= this.batchSize ? 0 : (this.opts.batchMs ?? 1000));
  }

  /** Lines waiting for the collector (including a batch on its way). */
  get waiting(): number {
    return this.buffer.length + this.inFlight.length;
  }

  /** Beyond the bound, the oldest lines not on their way are dropped. */
  private trim(): void {
    const over = Math.min(this.waiting - this.opts.maxBuffer, this.buffer.length);
    if (over <= 0) return;
    this.buffer.splice(0, over);
    this.dropped += over;
    this.opts.onDrop?.(over);
  }

  /** Sends after `ms` unless a send is due sooner, in progress (it goes on by itself) or backing off. */
  private schedule(ms: number): void {
    if (this.sending || this.backingOff || this.closed) return;
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.backingOff = false;
      this.sending = this.sendBatches().finally(() => (this.sending = null));
    }, ms);
    this.timer.unref();
  }

  /** Posts batch after batch until the buffer is empty or one fails (then a retry is scheduled). */
  private async sendBatches(): Promise<void> {
    while (this.buffer.length && !this.closed) {
      this.inFlight = this.buffer.splice(0, this.batchSize);
      const failure = await this.post(this.inFlight);
      const batch = this.inFlight;
      this.inFlight = [];
      if (failure === null) {
        this.retryMs = this.opts.retryMs ?? 500;
        continue;
      }
      this.buffer.unshift(...batch);
      this.trim();
      this.opts.onError?.(failure);
      if (this.closed) return;
      const wait = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, this.opts.maxRetryMs ?? 30_000);
      this.sending = null;
      this.schedule(wait);
      this.backingOff = true;
      return;
    }
  }

  /** One request; null when the collector took the batch, else why not. */
  private async post(lines: string[]): Promise<string | null> {
    try {
      const res = await fetch(this.opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-ndjson',
          'user-agent': 'Gerbang-SIEM/1',
          ...(this.opts.authorization ? { authorization: this.opts.authorization } : {}),
        },
        body: `${lines.join('\n')}\n`,
        redirect: 'manual',
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs ?? 10_000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return null;
      // Too large for the collector: smaller batches from now on.
      if (res.status === 413 && lines.length > 1) this.batchSize = Math.max(1, Math.floor(lines.length / 2));
      return res.status >= 300 && res.status < 400 ? `redirected (HTTP ${res.status}); not followed` : `HTTP ${res.status}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError') return `no answer within ${Math.round((this.opts.timeoutMs ?? 10_000) / 1000)} s`;
      return e.cause?.code ?? e.cause?.message ?? e.message;
    }
  }

  /** Sends what is buffered (waiting up to `graceMs` for the collector), then stops. */
  async close(graceMs = 2000): Promise<void> {
    const deadline = Date.now() + graceMs;
    // Send now rather than after the batch window or the backoff.
    if (this.buffer.length && !this.sending) {
      this.backingOff = false;
      this.schedule(0);
    }
    while (this.waiting && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.sending;
  }
}

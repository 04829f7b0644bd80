import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the collector got. */
export interface ReceivedBatch {
  path: string;
  headers: Record<string, string>;
  /** Each line parsed as JSON. */
  lines: Array<Record<string, unknown>>;
  status: number;
}

/**
 * A real HTTP log collector on loopback taking newline-delimited JSON, as a SIEM's HTTP input does; it
 * answers as the test tells it (an error status, a redirect, up) and can go down and come back on its port.
 */
export class JsonLinesReceiver {
  readonly batches: ReceivedBatch[] = [];
  answer: (batch: ReceivedBatch) => number = () => 200;
  private waiters: Array<() => void> = [];
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/ingest`;
  }

  /** Every line of the batches it accepted (2xx), in arrival order. */
  accepted(): Array<Record<string, unknown>> {
    return this.batches.filter((b) => b.status >= 200 && b.status < 300).flatMap((b) => b.lines);
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    // Newline-delimited: every line one JSON value, the body ending with a newline.
    const lines = raw.endsWith('\n') ? raw.slice(0, -1).split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
    const batch: ReceivedBatch = { path: req.url ?? '', headers, lines, status: 0 };
    batch.status = raw.endsWith('\n') ? this.answer(batch) : 400;
    this.batches.push(batch);
    if (batch.status >= 300 && batch.status < 400) res.setHeader('location', `http://127.0.0.1:${this.port}/elsewhere`);
    res.statusCode = batch.status;
    res.end();
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `done` holds for what was received. */
  async until<T>(done: (receiver: JsonLinesReceiver) => T | undefined | false): Promise<T> {
    for (;;) {
      const found = done(this);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Goes down: connections are refused until `start(this.port)`. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got: its Standard Webhooks headers, its body, and whether the signature held. */
export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  verified: boolean;
  status: number;
  body: { type: string; timestamp: string; data: Record<string, any> };
  /** The body as sent and the headers, to verify the request again with another secret (`verifies`). */
  raw: string;
  headers: Record<string, string>;
}

/** How the receiver answers the next request: a status, or `hang` (never answers). */
export type ReceiverAnswer = number | 'hang';

/**
 * A real HTTP receiver on loopback that verifies every request with the official Standard Webhooks
 * verifier, as a CRM would, and answers as the test tells it (down, redirecting, hanging, up).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  secret = '';
  /**
   * How far the receiver's clock is ahead of the real time; the verifier checks the `webhook-timestamp`
   * against it (within five minutes): a test that moves the sender's clock moves this one with it, as
   * two servers' clocks agree.
   */
  clockAheadMs = 0;
  answer: (req: ReceivedWebhook) => ReceiverAnswer = () => 204;
  private readonly hanging: ServerResponse[] = [];
  private waiters: Array<() => void> = [];
  private server: Server | null = null;
  url = '';

  async start(path = '/hooks'): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const got: ReceivedWebhook = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], verified: false, status: 0, body: JSON.parse(raw), raw, headers };
    got.verified = this.verifies(got, this.secret);
    const answer = this.answer(got);
    got.status = answer === 'hang' ? 0 : answer;
    this.received.push(got);
    for (const w of this.waiters.splice(0)) w();
    if (answer === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (answer >= 300 && answer < 400) res.setHeader('location', 'http://127.0.0.1:9/elsewhere');
    res.statusCode = answer;
    res.end();
  }

  /** Whether the Standard Webhooks verifier, holding `secret`, accepts the request (at the receiver's clock). */
  verifies(got: ReceivedWebhook, secret: string): boolean {
    // The verifier reads the time from Date.now; it runs synchronously, so nothing else sees the stand-in.
    const realNow = Date.now;
    Date.now = () => realNow() + this.clockAheadMs;
    try {
      new Webhook(secret).verify(got.raw, got.headers);
      return true;
    } catch {
      return false;
    } finally {
      Date.now = realNow;
    }
  }

  /** Resolves once `done` holds for what was received. */
  async until<T>(done: (received: ReceivedWebhook[]) => T | undefined | false): Promise<T> {
    for (;;) {
      const found = done(this.received);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The answered requests (2xx), one per webhook id. */
  delivered(): ReceivedWebhook[] {
    const seen = new Map<string, ReceivedWebhook>();
    for (const r of this.received) if (r.status >= 200 && r.status < 300) seen.set(r.id, r);
    return [...seen.values()];
  }

  async stop(): Promise<void> {
    for (const res of this.hanging.splice(0)) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

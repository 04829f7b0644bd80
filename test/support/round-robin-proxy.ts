import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer for tests: every request goes to the next instance in turn; an instance that
 * refuses the connection (stopped, killed) is skipped, as a load balancer's health check would.
 */
export class RoundRobinProxy {
  private next = 0;
  private server: Server | null = null;
  /** Which instance answered each request, in order. */
  readonly answeredBy: string[] = [];
  url = '';

  constructor(private readonly targets: string[]) {}

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const attempt = (tries: number) => {
          const target = new URL(this.targets[this.next++ % this.targets.length]);
          const upstream = request(
            { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': '127.0.0.1' } },
            (answer) => {
              this.answeredBy.push(target.origin);
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          upstream.on('error', (err: NodeJS.ErrnoException) => {
            if (err.code === 'ECONNREFUSED' && tries < this.targets.length) return attempt(tries + 1);
            res.writeHead(502).end(`upstream failed: ${err.message}`);
          });
          upstream.end(body);
        };
        attempt(1);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

import { Server as NetServer, type Socket } from 'node:net';
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** A keep-alive socket idle this long during a drain is closed: its client is not about to reuse it. */
const IDLE_CLOSE_MS = 250;

/**
 * Graceful drain: stop accepting connections, let the requests being answered finish (bounded), and
 * close every connection without cutting an answer. While draining, each answer says
 * `Connection: close`, so clients send their next request elsewhere instead of on a socket that is
 * about to go away; /readyz answers 503 so load balancers stop sending traffic.
 */
export class Drain {
  private state: 'serving' | 'draining' | 'drained' = 'serving';
  /** Open sockets: requests being answered on each, and since when it is idle. */
  private readonly sockets = new Map<Socket, { active: number; idleSince: number }>();

  constructor(
    private readonly server: Server,
    private readonly inFlight: () => number,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, { active: 0, idleSince: Date.now() });
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: Request, res: Response) => {
      const state = this.sockets.get(req.socket);
      if (!state) return;
      state.active++;
      res.once('close', () => {
        state.active--;
        state.idleSince = Date.now();
      });
    });
  }

  get draining(): boolean {
    return this.state !== 'serving';
  }

  /** Express middleware, first in the chain. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) res.setHeader('Connection', 'close');
    next();
  };

  /**
   * Drains within `timeoutMs`; resolves with how many requests were still being answered when the
   * time was up and their connections were cut (0 when every request finished on its own).
   */
  async drain(timeoutMs: number): Promise<{ cut: number; ms: number }> {
    if (this.state !== 'serving') return { cut: 0, ms: 0 };
    this.state = 'draining';
    const started = Date.now();
    // net.Server's close stops accepting without http.Server's immediate closing of idle keep-alive
    // sockets, on which a client may be sending its next request at this very moment.
    let closed = false;
    const allClosed = new Promise<void>((resolve) =>
      NetServer.prototype.close.call(this.server, () => {
        closed = true;
        resolve();
      }),
    );
    const deadline = started + timeoutMs;
    while (!closed && Date.now() < deadline) {
      const now = Date.now();
      for (const [socket, state] of this.sockets) {
        if (state.active === 0 && now - state.idleSince >= IDLE_CLOSE_MS) socket.destroy();
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const cut = closed ? 0 : this.inFlight();
    if (!closed) {
      this.server.closeAllConnections();
      await allClosed;
    }
    this.state = 'drained';
    return { cut, ms: Date.now() - started };
  }
}

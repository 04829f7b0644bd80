/**
 * A MongoDB wire-protocol server backed by in-memory storage, for tests only: it lets the
 * real mongoose / mongodb driver talk TCP on loopback without a mongod. It presents itself as
 * MongoDB 7.0 (wire version 21), by default the primary of a single-node replica set: sessions,
 * retryable writes and multi-document transactions (snapshot isolation, write conflicts, majority
 * write concern accepted) as in ./mongo-wire/transactions.ts. `replicaSet: false` makes it a
 * standalone, which refuses transactions like a standalone mongod.
 *
 *   const server = await startMongoWireServer();
 *   const conn = await mongoose.createConnection(server.uri).asPromise();
 *   ...
 *   await conn.close();
 *   await server.close();
 *
 * Framing: ./mongo-wire/wire.ts, commands: ./mongo-wire/commands.ts, storage and index
 * enforcement: ./mongo-wire/storage.ts, query/update/aggregation semantics (mingo):
 * ./mongo-wire/query.ts.
 */
import net from 'node:net';
import { CommandRunner } from './mongo-wire/commands.js';
import { Storage } from './mongo-wire/storage.js';
import { encodeOpMsg, encodeOpReply, MessageFramer, parseMessage, type WireRequest } from './mongo-wire/wire.js';

export interface MongoWireServerOptions {
  /** Port to listen on; 0 / omitted picks an ephemeral port. */
  port?: number;
  /** Interface to listen on; defaults to 127.0.0.1. */
  host?: string;
  /** Database named in `uri`; defaults to `gerbang_test`. */
  dbName?: string;
  /**
   * Period of the automatic TTL monitor, like mongod's 60 s `ttlMonitorSleepSecs`.
   * Defaults to 60_000; 0 disables it (use `sweepTtl()` for deterministic tests).
   */
  ttlSweepIntervalMs?: number;
  /** The replica set name announced in `hello` (default `rs0`); false: a standalone without transactions. */
  replicaSet?: string | false;
  /** Observes every command received (after document sequences are merged), e.g. to assert getMore use. */
  onCommand?: (event: { db: string; name: string; command: Record<string, unknown> }) => void;
  /**
   * Fails a command as mongod would (e.g. out of disk space) when it returns an error, before the
   * command touches anything: the way to inject a failure between two writes of one operation.
   */
  failCommand?: (event: { db: string; name: string; command: Record<string, unknown> }) => { code: number; codeName: string; errmsg: string } | undefined;
}

export interface MongoWireServer {
  /** `mongodb://host:port/<dbName>`. */
  uri: string;
  host: string;
  port: number;
  /** A URI for another (isolated) database on the same server. */
  uriFor(dbName: string): string;
  /** Runs one TTL monitor pass now; returns how many documents were deleted. */
  sweepTtl(now?: Date): number;
  /** Drops every database and open cursor. */
  reset(): void;
  /** Stops listening and destroys open client sockets. */
  close(): Promise<void>;
}

export async function startMongoWireServer(opts: MongoWireServerOptions = {}): Promise<MongoWireServer> {
  const host = opts.host ?? '127.0.0.1';
  const dbName = opts.dbName ?? 'gerbang_test';
  const storage = new Storage();
  let address = '';
  const setName = opts.replicaSet === undefined ? 'rs0' : opts.replicaSet || undefined;
  const runner = new CommandRunner(storage, { setName, address: () => address });
  const sockets = new Set<net.Socket>();
  let nextConnectionId = 1;

  const run = (db: string, command: Record<string, unknown>, connectionId: number): Record<string, unknown> => {
    const event = { db, name: Object.keys(command)[0] ?? '', command };
    opts.onCommand?.(event);
    const failure = opts.failCommand?.(event);
    if (failure) return { ok: 0, ...failure };
    return runner.run(db, command, connectionId);
  };

  const respond = (request: WireRequest, connectionId: number): Buffer | undefined => {
    if (request.kind === 'query') {
      // Legacy OP_QUERY is only used for the first handshake command on `admin.$cmd`.
      const reply =
        request.collection === '$cmd'
          ? run(request.db, request.command, connectionId)
          : { ok: 0, errmsg: 'OP_QUERY is only supported for commands', code: 352, codeName: 'UnsupportedOpQueryCommand' };
      return encodeOpReply(request.requestId, reply);
    }
    const db = request.command.$db;
    const reply =
      typeof db === 'string'
        ? run(db, request.command, connectionId)
        : { ok: 0, errmsg: 'OP_MSG requests require a $db argument', code: 40571, codeName: 'Location40571' };
    // moreToCome: an unacknowledged (w:0) write; the client expects no reply.
    return request.moreToCome ? undefined : encodeOpMsg(request.requestId, reply);
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const connectionId = nextConnectionId++;
    const framer = new MessageFramer();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const message of framer.push(chunk)) {
          // Commands run synchronously, so each one is atomic with respect to all others.
          const reply = respond(parseMessage(message), connectionId);
          if (reply) socket.write(reply);
        }
      } catch {
        // Malformed input (or an unencodable reply): drop this connection, like mongod.
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const listening = server.address();
  if (listening === null || typeof listening === 'string') throw new Error('mongo wire server: unexpected listen address');
  const port = listening.port;
  const hostInUri = host.includes(':') ? `[${host}]` : host;
  address = `${hostInUri}:${port}`;
  const uriFor = (name: string): string => `mongodb://${hostInUri}:${port}/${name}`;

  const ttlInterval = opts.ttlSweepIntervalMs ?? 60_000;
  const ttlTimer = ttlInterval > 0 ? setInterval(() => storage.sweepTtl(), ttlInterval) : undefined;
  ttlTimer?.unref();

  return {
    uri: uriFor(dbName),
    host,
    port,
    uriFor,
    sweepTtl: (now?: Date) => storage.sweepTtl(now),
    reset: () => {
      storage.clear();
      runner.clearCursors();
    },
    close: async () => {
      if (ttlTimer) clearInterval(ttlTimer);
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      runner.clearCursors();
    },
  };
}

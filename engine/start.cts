/**
 * The server's entry for `npm start` and the container: sizes libuv's thread pool, then runs Gerbang.
 *
 * The pool runs the argon2id hashes (@node-rs/argon2), WebCrypto signing (every ID token), file reads
 * (the pages' scripts) and DNS look-ups (webhooks, mail). By default it has 4 threads, and Gerbang
 * hashes as many passwords at once as there are cores (PASSWORD_HASH_CONCURRENCY): from 4 cores on,
 * every thread can be hashing (~15 ms each) while a token's signature or a script waits behind them.
 * So the pool gets one thread per hash plus libuv's 4 for the rest; an operator's UV_THREADPOOL_SIZE
 * is kept as set.
 *
 * CommonJS on purpose: libuv reads UV_THREADPOOL_SIZE once, when the first job starts the pool, and
 * Node's ES module loader reads modules through the pool, so by the time an ES module's code runs the
 * size is fixed. A CommonJS entry is read synchronously and can still set it.
 */
import { availableParallelism } from 'node:os';

/** libuv's default, kept for everything but the hashes. */
const LIBUV_DEFAULT_THREADS = 4;
/** libuv's upper limit. */
const LIBUV_MAX_THREADS = 1024;

if (!process.env.UV_THREADPOOL_SIZE) {
  // The configuration checks PASSWORD_HASH_CONCURRENCY properly when it loads; an invalid value only
  // falls back to the default here, and is refused there.
  const setting = Number(process.env.PASSWORD_HASH_CONCURRENCY);
  const hashes = Number.isInteger(setting) && setting >= 1 ? setting : availableParallelism();
  process.env.UV_THREADPOOL_SIZE = String(Math.min(LIBUV_MAX_THREADS, hashes + LIBUV_DEFAULT_THREADS));
}

void import('./server.js').then(({ runServer }) => runServer());

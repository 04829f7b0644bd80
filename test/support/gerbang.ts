import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { readConfig, type Config } from '../../engine/config.js';
import { startGerbang, type Gerbang, type StartHooks } from '../../engine/server.js';

/** A fresh data directory for one test server; removed by `cleanup`. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real Gerbang on a loopback port whose address is also its PUBLIC_URL (the OpenID
 * issuer must be the URL clients use).
 */
export async function startTestServer(env: Record<string, string> = {}, overrides: Partial<Config> = {}, hooks: StartHooks = {}): Promise<Gerbang> {
  const port = await freePort();
  const config = readConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_SILENT: process.env.TEST_LOGS ? 'false' : 'true',
    RATE_LIMIT_PER_MINUTE: '100000',
    // Test files share the cores with each other: a test process starved of CPU by its neighbours is
    // late on its event loop without being overloaded itself (the shedding tests set their own).
    SHED_EVENT_LOOP_DELAY_MS: '5000',
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: 'admin password for tests',
    ...env,
  });
  return startGerbang({ ...config, host: '127.0.0.1', ...overrides }, hooks);
}

/**
 * Runs `use` with a Gerbang started on a fresh data directory (as `startTestServer`), then closes it and
 * removes the directory, however `use` ends: the server of one test.
 */
export async function withGerbang<T>(env: TestEnv, use: (gerbang: Gerbang) => Promise<T>, options: TestServerOptions = {}): Promise<T> {
  const data = tempDataDir();
  try {
    await options.beforeStart?.(data.dir);
    const gerbang = await startTestServer({ DATA_DIR: data.dir, ...env }, options.overrides, options.hooks);
    try {
      return await use(gerbang);
    } finally {
      await gerbang.close();
    }
  } finally {
    data.cleanup();
  }
}

/**
 * Servers the tests of a describe block start themselves, when a server's environment is known only
 * inside the test (an address chosen there): the answer starts one on a fresh data directory (as
 * `startTestServer`); an `afterEach` closes it and removes the directory.
 */
export function useServerPerTest(options: TestServerOptions = {}): (env?: TestEnv) => Promise<Gerbang> {
  const started: Array<{ gerbang: Gerbang; data: ReturnType<typeof tempDataDir> }> = [];
  afterEach(async () => {
    for (const { gerbang, data } of started.splice(0)) {
      try {
        await gerbang.close();
      } finally {
        data.cleanup();
      }
    }
  });
  return async (env = {}) => {
    const data = tempDataDir();
    try {
      const gerbang = await startTestServer({ DATA_DIR: data.dir, ...env }, options.overrides, options.hooks);
      started.push({ gerbang, data });
      return gerbang;
    } catch (error) {
      data.cleanup();
      throw error;
    }
  };
}

/** A test server's environment: the variables its configuration reads. */
export type TestEnv = Record<string, string>;

/** What a test server takes beside its environment (as `startTestServer` does). */
export interface TestServerOptions {
  overrides?: Partial<Config>;
  hooks?: StartHooks;
  /** Writes into the fresh data directory before the server first starts (what an earlier version left there). */
  beforeStart?: (dataDir: string) => Promise<void>;
}

/** The Gerbang of a describe block, as `useGerbang` hands it out. */
export interface TestGerbang extends Gerbang {
  /**
   * Starts it again on the same data directory with `env` over the environment of its first start
   * (closing the running one first, unless the test already did): a restart, or a new instance of the
   * same installation.
   */
  restart(env?: TestEnv): Promise<void>;
}

/**
 * The Gerbang of the describe block (or file) that calls it: a `beforeAll` starts it on a fresh data
 * directory (as `startTestServer`), an `afterAll` closes it and removes the directory. `env` may be a
 * function, read when the server starts, for values known only then (a mail catcher's port started by
 * an earlier `beforeAll`). Hooks run in the order they are registered (and `afterAll`s in reverse), so
 * a `beforeAll` registered after this call sees the server running and a receiver started before it
 * stops after it.
 *
 * The answer stands for the running server (each property is read from it when used), so a test reads
 * `gerbang.url` or `gerbang.store` as it would on a `Gerbang`; reading it before the server started throws.
 */
export function useGerbang(env: TestEnv | (() => TestEnv) = {}, options: TestServerOptions = {}): TestGerbang {
  let data: ReturnType<typeof tempDataDir> | undefined;
  let firstEnv: TestEnv = {};
  let running: { gerbang: Gerbang; closed: boolean } | undefined;

  const start = async (extra: TestEnv) => {
    running = { gerbang: await startTestServer({ DATA_DIR: data!.dir, ...firstEnv, ...extra }, options.overrides, options.hooks), closed: false };
  };
  const close = async () => {
    if (!running || running.closed) return;
    running.closed = true;
    await running.gerbang.close();
  };
  const restart = async (extra: TestEnv = {}) => {
    await close();
    await start(extra);
  };

  beforeAll(async () => {
    firstEnv = typeof env === 'function' ? env() : env;
    data = tempDataDir();
    await options.beforeStart?.(data.dir);
    await start({});
  });
  afterAll(async () => {
    try {
      await close();
    } finally {
      data?.cleanup();
    }
  });

  const own: Partial<TestGerbang> = { close, restart };
  return new Proxy(own as TestGerbang, {
    get(_, key) {
      if (key === 'close' || key === 'restart') return own[key];
      // Not a promise: awaiting or returning the stand-in must not look for a `then` on a server not started yet.
      if (key === 'then' || typeof key === 'symbol') return undefined;
      if (!running) throw new Error(`The test Gerbang is not started yet (read ${String(key)} in a test, or in a hook registered after useGerbang)`);
      // Not bound: `app` is a function with properties of its own (express), and the server's methods do not read `this`.
      return Reflect.get(running.gerbang, key);
    },
  });
}

/** A loopback service a test talks to (a mail catcher, an HTTP receiver…), started and stopped by its test. */
export interface TestService {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
}

/**
 * Starts `service` in a `beforeAll` and stops it in an `afterAll`; answers it. Called before `useGerbang`,
 * the service is up when the server starts (its environment may name the service's port) and stops
 * after the server closed.
 */
export function useStarted<T extends TestService>(service: T): T {
  beforeAll(async () => {
    await service.start();
  });
  afterAll(async () => {
    await service.stop();
  });
  return service;
}

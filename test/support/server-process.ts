import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './gerbang.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A Gerbang in its own process (as in production): the load generator does not share its event loop. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What the process printed on stdout (its JSON log lines) so far. */
  output(): string;
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
}

/** The sources run under tsx, as in development. */
const FROM_SOURCES = ['--import', 'tsx', 'engine/server.ts'];
/** The built entry `npm start` runs (the build is brought up to date first). */
export const AS_BUILT = ['dist/engine/start.cjs'];

/**
 * `prefix`: a command the server runs under (the bench pins it to a core with `taskset -c 0`);
 * `nodeFlags`: flags for node itself (the bench's `--cpu-prof`, which NODE_OPTIONS does not take);
 * `entry`: what node runs, the sources (default) or `AS_BUILT`.
 */
export async function startServerProcess(env: Record<string, string>, prefix: string[] = [], nodeFlags: string[] = [], entry = FROM_SOURCES): Promise<ServerProcess> {
  if (entry === AS_BUILT) execFileSync(process.execPath, ['scripts/ensure-built.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const command = [...prefix, process.execPath, ...nodeFlags, ...entry];
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      LOG_SILENT: 'true',
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'admin password for the bench',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await new Promise((r) => setTimeout(r, 200)); // the last output may still be in the pipes
      throw new Error(`the server exited with ${child.exitCode} before it was ready: ${(err + out).slice(-3000)}`);
    }
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the server did not become ready within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

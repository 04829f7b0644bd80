import { describe, expect, it } from 'vitest';
import { tempDataDir } from '../support/gerbang.js';
import { startServerProcess } from '../support/server-process.js';

describe('the embedded SQLite store serves one process per data directory', () => {
  it('refuses to start a second process on the same data directory with a clear message, and starts once the first is gone (even after kill -9)', async () => {
    const data = tempDataDir();
    const first = await startServerProcess({ DATA_DIR: data.dir });
    try {
      await expect(startServerProcess({ DATA_DIR: data.dir })).rejects.toThrow(
        /Another Gerbang process is already using .*gerbang\.sqlite\. The embedded SQLite store serves one process per data directory/,
      );
      // The first one is untouched by the attempt.
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);

      first.child.kill('SIGKILL');
      await first.exited;
      // No stale lock: the operating system released it with the process.
      const second = await startServerProcess({ DATA_DIR: data.dir });
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
      expect(await second.stop()).toBe(0);
    } finally {
      await first.stop();
      data.cleanup();
    }
  }, 120_000);
});

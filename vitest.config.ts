import { defineConfig } from 'vitest/config';

/** Browser tests: each drives headless Chromium against a real server. */
const BROWSER_TESTS = ['test/e2e/**/*.test.ts', 'test/support/chromium.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a person would see (a page, a status line): on a loaded CI machine that
    // can take well over the 1 s default, which made browser tests fail for being slow, not wrong.
    expect: { poll: { timeout: 15_000 } },
    // The files of a worker share one module graph instead of each importing the engine (oidc-provider,
    // mongoose, express...) anew: that import was about 3 s a file, half of the whole run. It holds because
    // every file starts its own servers and stores, and one that fakes the clock gives it back afterwards.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'servers',
          include: ['engine/**/*.test.ts', 'connectors/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: BROWSER_TESTS,
          // Two files at a time: most of a file's time is its import and its servers waiting on each other.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: BROWSER_TESTS,
          // One file at a time, after the rest: Chromium and the server under test must not compete for two cores.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

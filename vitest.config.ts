import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'connectors/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // One file at a time: browser tests drive real pages and must not compete for the two cores.
    fileParallelism: false,
    hookTimeout: 60_000,
    // expect.poll waits for what a person would see (a page, a status line): on a loaded CI machine that
    // can take well over the 1 s default, which made browser tests fail for being slow, not wrong.
    expect: { poll: { timeout: 15_000 } },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'connectors/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // One file at a time: browser tests drive real pages and must not compete for the two cores.
    fileParallelism: false,
    hookTimeout: 60_000,
  },
});

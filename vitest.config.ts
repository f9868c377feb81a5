import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // SQLite files and child processes: keep files isolated per worker, a couple of workers only
    // because these machines have 2 cores.
    pool: 'forks',
  },
});

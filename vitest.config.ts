import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'data/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // clears test-output/logs/ before the run and checks the log the run wrote after it
    globalSetup: ['test/run-logs.ts'],
  },
});

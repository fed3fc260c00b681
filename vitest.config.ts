import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DuckDB is a native addon: run test files in child processes rather than worker threads.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests build many times in-process: no progress lines (a test that asserts them sets LME_QUIET=0 for its child).
    env: { LME_QUIET: '1' },
  },
});

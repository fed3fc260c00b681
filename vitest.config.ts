import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DuckDB is a native addon: run test files in child processes rather than worker threads.
    pool: 'forks',
    // Three files at a time, on two cores (vitest's default there is one): most tests wait on a child process (a
    // build, make, the SQL runner, Chromium), which leaves a core idle. On a quiet two-core machine the whole run took
    // 150.6 s with two and 142.1 s with three (docs/maintainers/test-speed.md). Every test works in a temporary
    // folder of its own and serves on a port the system picks, so files running together do not collide.
    maxWorkers: 3,
    // A worker runs its files in one process, one after another: the packages they import (DuckDB, Arrow, zx,
    // playwright) load once per worker, not once per file (about 0.4 s of CPU a file, some 90 files). The project's
    // own modules are evaluated afresh for each file (tests/helpers/fresh-modules.ts), so that a file's vi.mock
    // reaches what it imports. Every test works in folders of its own and leaves process.env as it found it.
    isolate: false,
    setupFiles: ['tests/helpers/fresh-modules.ts'],
    // One build of the real sources for every file that only reads one (tests/helpers/built-out.ts).
    globalSetup: ['tests/helpers/built-out.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests build many times in-process: no progress lines (a test that asserts them sets LME_QUIET=0 for its child).
    env: { LME_QUIET: '1' },
  },
});

// The vitest config of mutation runs (stryker.config.mjs): only the test files of the module being mutated
// (LME_MUTATION_TESTS, comma-separated globs), and the active mutant passed on to child processes.

import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaced, not merged: mergeConfig would add these to the base config's globs.
    include: (process.env['LME_MUTATION_TESTS'] ?? 'tests/**/*.test.ts').split(','),
    setupFiles: ['tests/helpers/mutant-env.ts'],
    // Stryker runs several test runners at once itself: one file at a time in each, as before.
    maxWorkers: 1,
    // Each file in a process of its own, as before the base config shared them (isolate: false there).
    isolate: true,
    // Tests marked concurrent (download-limits.test.ts's misbehaving servers) one at a time: Stryker's per-test
    // coverage learns which test runs from its hooks, and two tests running together would share what they reach.
    maxConcurrency: 1,
    // No shared build: a test that reads one builds its own, in the process where Stryker's mutant is active.
    globalSetup: [],
  },
});

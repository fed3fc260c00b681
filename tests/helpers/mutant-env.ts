// Setup file of mutation runs only (vitest.mutation.config.ts): Stryker activates a mutant through a global of
// the test process; tests that run the build or the SQL runner in a child process would run it unmutated. Stryker's
// instrumented code also reads the active mutant from this environment variable, which children inherit.

import { beforeAll, inject } from 'vitest';

const ENV = '__STRYKER_ACTIVE_MUTANT__';

beforeAll(() => {
  const ns = (globalThis as Record<string, { activeMutant?: string } | undefined>)[
    inject('globalNamespace' as never) as string
  ];
  if (ns?.activeMutant === undefined) delete process.env[ENV];
  else process.env[ENV] = String(ns.activeMutant);
});

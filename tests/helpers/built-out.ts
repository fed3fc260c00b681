// Global setup of the test run (vitest.config.ts): one build of the real sources, shared by every test file that
// reads a build and changes nothing of its sources (builtSandbox() copies it). It is made by `make all` in a copy of
// the project that starts from this checkout's build: nothing to do when this checkout is built (`make test` builds
// it first), a build when it is not or is out of date. Make decides, so a stale out/ is never shared. The same make
// bundles the SQL runner (.build/sql.mjs), which the tests run as its command (tests/helpers/commands.ts).

import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { make, repoCopy } from './repo-copy.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The out/ of a build of this checkout's sources, to copy and never to change. */
    builtOut: string;
    /** The SQL runner bundled from this checkout's pipelines/sql.ts, in a copy whose out/ is builtOut. */
    sqlBundle: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const repo = repoCopy({ built: true });
  await make(repo.dir, 'all', '.build/sql.mjs');
  project.provide('builtOut', repo.out);
  project.provide('sqlBundle', path.join(repo.dir, '.build', 'sql.mjs'));
  return () => repo.remove();
}

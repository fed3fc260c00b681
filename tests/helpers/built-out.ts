// Global setup of the test run (vitest.config.ts): one build of the real sources, shared by every test file that
// reads a build and changes nothing of its sources (builtSandbox() copies it). It is made by `make all` in a copy of
// the project that starts from this checkout's build: nothing to do when this checkout is built (`make test` builds
// it first), a build when it is not or is out of date. Make decides, so a stale out/ is never shared. Make also
// bundles, in this checkout's .build/, the commands the tests run most (tests/helpers/commands.ts runs them).

import type { TestProject } from 'vitest/node';
import { ROOT } from './project.ts';
import { make, repoCopy } from './repo-copy.ts';

/** The commands the Makefile bundles for the tests (TEST_BUNDLES). */
const BUNDLED = ['sql.ts', 'diff.ts', 'release.ts', 'download.ts'];

declare module 'vitest' {
  export interface ProvidedContext {
    /** The out/ of a build of this checkout's sources, to copy and never to change. */
    builtOut: string;
    /** The commands bundled by `make` (TEST_BUNDLES in the Makefile): pipelines/<name>.ts as .build/<name>.mjs. */
    bundled: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const repo = repoCopy({ built: true });
  await make(repo.dir, 'all');
  project.provide('builtOut', repo.out);
  // Nothing to do after `make test`; made here when vitest runs alone (npx vitest run).
  await make(ROOT, ...BUNDLED.map((name) => `.build/${name.replace(/\.ts$/, '.mjs')}`));
  project.provide('bundled', BUNDLED);
  return () => repo.remove();
}

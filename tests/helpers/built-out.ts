// Global setup of the test run (vitest.config.ts): one build of the real sources, shared by every test file that
// reads a build and changes nothing of its sources (builtSandbox() copies it). It is made by `make all` in a copy of
// the project that starts from this checkout's build: nothing to do when this checkout is built (`make test` builds
// it first), a build when it is not or is out of date. Make decides, so a stale out/ is never shared. Make also
// bundles, in this checkout's .build/, the commands the tests run most (tests/helpers/commands.ts runs them).

import type { TestProject } from 'vitest/node';
import { $ } from 'zx';
import { ROOT } from './project.ts';
import { make, repoCopy } from './repo-copy.ts';

/** The commands the Makefile bundles for the tests (TEST_BUNDLES). */
const BUNDLED = ['sql.ts', 'diff.ts', 'release.ts', 'download.ts'];

declare module 'vitest' {
  export interface ProvidedContext {
    /** The out/ of a build of this checkout's sources, to copy and never to change. */
    builtOut: string;
    /** The commands bundled by `make` (TEST_BUNDLES in the Makefile, and the build's own .build/build.mjs when up to
     * date): pipelines/<name>.ts as .build/<name>.mjs. */
    bundled: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const repo = repoCopy({ built: true });
  await make(repo.dir, 'all');
  project.provide('builtOut', repo.out);
  // Nothing to do after `make test`; made here when vitest runs alone (npx vitest run).
  await make(ROOT, ...BUNDLED.map((name) => `.build/${name.replace(/\.ts$/, '.mjs')}`));
  // The build command's bundle is the build's own (.build/build.mjs, which `make all` makes here), used when it is up
  // to date: asked with `make -q`, which runs nothing, since that target depends on the install stamp and a remake
  // could install under the running tests. About 0.5 s of CPU less for each of the build command's runs.
  const buildBundled = (await $({ cwd: ROOT, quiet: true, nothrow: true })`make -q .build/build.mjs`).exitCode === 0;
  project.provide('bundled', buildBundled ? [...BUNDLED, 'build.ts'] : BUNDLED);
  return () => repo.remove();
}

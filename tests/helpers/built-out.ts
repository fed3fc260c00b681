// Global setup of the test run (vitest.config.ts): one build of the real sources, shared by every test file that
// reads a build and changes nothing of its sources (builtSandbox() copies it). It is made by `make all` in a copy of
// the project that starts from this checkout's build: nothing to do when this checkout is built (`make test` builds
// it first), a build when it is not or is out of date. Make decides, so a stale out/ is never shared. Make also
// bundles, in this checkout's .build/, the commands the tests run most (tests/helpers/commands.ts runs them).

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { $ } from 'zx';
import { ROOT } from './project.ts';
import { make, repoCopy } from './repo-copy.ts';

/**
 * The tests' own child scripts (tests/interop/duckdb-clients.ts runs each DuckDB client in a child, once a client in
 * each of two files): bundled here as .build/tests/<name>.mjs, about 0.45 s of CPU less a run than through tsx.
 */
const TEST_SCRIPTS = ['tests/interop/duckdb-jobs.ts'];

/** The commands the Makefile bundles for the tests (TEST_BUNDLES). */
export const BUNDLED = ['sql.ts', 'diff.ts', 'release.ts', 'download.ts'];

/**
 * Commands the tests run that the Makefile does not bundle (publish.test.ts, pages.test.ts, metadata.test.ts,
 * accept-source.test.ts: some fifteen runs): bundled here as .build/<name>.mjs (ES modules: they await at the top,
 * which CommonJS cannot), packages left as imports, about 0.4 s of CPU less a run than through tsx, for some 0.1 s
 * here. script() runs them.
 */
const SETUP_BUNDLED = ['publish-hf.ts', 'publish-zenodo.ts', 'pages.ts', 'site.ts', 'accept-source.ts'];

declare module 'vitest' {
  export interface ProvidedContext {
    /** The out/ of a build of this checkout's sources, to copy and never to change. */
    builtOut: string;
    /** A release (pipelines/release.ts) of builtOut, to copy and never to change (tests/helpers/built-release.ts). */
    builtRelease: string;
    /** The commands bundled by `make` (TEST_BUNDLES in the Makefile, and the build's own .build/build.cjs when up to
     * date): pipelines/<name>.ts as .build/<name>.cjs. */
    bundled: string[];
    /** The commands bundled by this setup (SETUP_BUNDLED): pipelines/<name>.ts as .build/<name>.mjs. */
    moduleBundles: string[];
    /** The files of TEST_SCRIPTS bundled for this run, as .build/tests/<name>.mjs (testScript() runs them). */
    testBundles: string[];
  }
}

/**
 * In watch mode (`npx vitest`) the setup runs again before each rerun, from a fresh copy, so that a changed source is
 * built and shared again; and no bundle is used (the commands and scripts run through tsx, from the sources as they
 * are now), since a bundle would be the one made at the first run.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const watch = project.config.watch;
  let repo = await prepare(project, watch);
  if (watch)
    project.onTestsRerun(async () => {
      repo.remove();
      repo = await prepare(project, watch);
    });
  return () => repo.remove();
}

async function prepare(project: TestProject, watch: boolean): Promise<{ remove: () => void }> {
  const repo = repoCopy({ built: true });
  await make(repo.dir, 'all');
  project.provide('builtOut', repo.out);
  // Nothing to do after `make test`; made here when vitest runs alone (npx vitest run).
  await make(ROOT, ...BUNDLED.map((name) => `.build/${name.replace(/\.ts$/, '.cjs')}`));
  // The build command's bundle is the build's own (.build/build.cjs, which `make all` makes here), used when it is up
  // to date: asked with `make -q`, which runs nothing, since that target depends on the install stamp and a remake
  // could install under the running tests. About 0.5 s of CPU less for each of the build command's runs.
  const buildBundled = (await $({ cwd: ROOT, quiet: true, nothrow: true })`make -q .build/build.cjs`).exitCode === 0;
  project.provide('bundled', watch ? [] : buildBundled ? [...BUNDLED, 'build.ts'] : BUNDLED);
  if (!watch)
    await bundleModules(
      SETUP_BUNDLED.map((f) => path.join('pipelines', f)),
      '.build',
    );
  project.provide('moduleBundles', watch ? [] : SETUP_BUNDLED);
  await bundleModules(TEST_SCRIPTS, path.join('.build', 'tests'));
  project.provide('testBundles', watch ? [] : TEST_SCRIPTS);
  // One release of the shared build for the files that read one (recipes, download, diff, metadata): about 1.8 s of
  // CPU, made once a run instead of once a file. Made as the tests run the command (its bundle, or in watch mode the
  // source).
  const release = path.join(repo.dir, 'shared-release');
  const releaseScript = watch
    ? ['--import', 'tsx', path.join(ROOT, 'pipelines', 'release.ts')]
    : [path.join(ROOT, 'pipelines', 'cached.cjs'), path.join(ROOT, '.build', 'release.cjs')];
  await $({
    cwd: ROOT,
    quiet: true,
    env: { ...process.env, LME_QUIET: '1' },
  })`${process.execPath} ${releaseScript} --out ${repo.out} --dist ${release}`;
  project.provide('builtRelease', release);
  return repo;
}

/**
 * The files `entries` (paths from the project's root) bundled into `outdir` (from the root) as <name>.mjs, ES modules
 * with their packages left as imports (resolved from .build/ to this checkout's node_modules). Each file is written
 * whole under a temporary name, then renamed, so that a run reading it never sees half of one.
 */
async function bundleModules(entries: readonly string[], outdir: string): Promise<void> {
  const { outputFiles } = await build({
    entryPoints: entries.map((f) => path.join(ROOT, f)),
    outdir: path.join(ROOT, outdir),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    write: false,
  });
  mkdirSync(path.join(ROOT, outdir), { recursive: true });
  for (const f of outputFiles) {
    writeFileSync(`${f.path}.${process.pid}.tmp`, f.contents);
    renameSync(`${f.path}.${process.pid}.tmp`, f.path);
  }
}

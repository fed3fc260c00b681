// The project's commands, run as a user runs them through zx's $: arguments quoted, output captured rather than
// echoed, and a failure thrown as a ProcessOutput whose message gives the command's stderr and exit code. A test
// that expects a command to fail adds `.nothrow()` and reads `exitCode`, `stdout` and `stderr`.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { $, type ProcessPromise } from 'zx';
import { ROOT } from './project.ts';

/** tsx (`--import tsx`) by its file, so that a command run from any folder finds it. */
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/**
 * The node arguments that run a pipeline script from any folder: `--import tsx pipelines/<name>`, or its bundle
 * (.build/<name>.cjs, run as make runs it) where the run made one (tests/helpers/built-out.ts): the same code without the TypeScript
 * loader, which costs about 0.4 s of CPU a run, and the tests run these commands some 150 times. Mutation runs have
 * no global setup, so they run the source, where Stryker's mutant is.
 */
export function script(name: string): string[] {
  if (inject('bundled')?.includes(name))
    return [path.join(ROOT, 'pipelines', 'cached.cjs'), path.join(ROOT, '.build', name.replace(/\.ts$/, '.cjs'))];
  // A few more commands, bundled by the global setup as ES modules (SETUP_BUNDLED there).
  if (inject('moduleBundles')?.includes(name)) return [path.join(ROOT, '.build', name.replace(/\.ts$/, '.mjs'))];
  return sourceScript(name);
}

/** The node arguments that run pipelines/<name> itself through tsx, for a test about what the source file prints. */
export function sourceScript(name: string): string[] {
  return ['--import', TSX, path.join(ROOT, 'pipelines', name)];
}

/** Runs a pipeline script (script()) with `…args` from the project root; `env` adds to this process's. */
export function pipeline(name: string, args: readonly string[] = [], env: Record<string, string> = {}): ProcessPromise {
  return $({
    cwd: ROOT,
    quiet: true,
    env: { ...process.env, ...env },
  })`${process.execPath} ${script(name)} ${args}`;
}

/** Runs make with targets and variables (`NAME=value`) in a folder, usually a copy of the project. */
export function make(dir: string, ...targets: string[]): ProcessPromise {
  return $({ cwd: dir, quiet: true })`make --no-print-directory ${targets}`;
}

/**
 * The node arguments that run a script of the tests (tests/<dir>/<name>.ts): its bundle, .build/tests/<name>.mjs,
 * where the run made one (TEST_SCRIPTS in tests/helpers/built-out.ts), else the file through tsx.
 */
export function testScript(file: string): string[] {
  return inject('testBundles')?.includes(file)
    ? [path.join(ROOT, '.build', 'tests', path.basename(file).replace(/\.ts$/, '.mjs'))]
    : ['--import', TSX, path.join(ROOT, file)];
}

// The project's commands, run as a user runs them through zx's $: arguments quoted, output captured rather than
// echoed, and a failure thrown as a ProcessOutput whose message gives the command's stderr and exit code. A test
// that expects a command to fail adds `.nothrow()` and reads `exitCode`, `stdout` and `stderr`.

import path from 'node:path';
import { $, type ProcessPromise } from 'zx';
import { ROOT } from './project.ts';

/** Runs `node --import tsx pipelines/<script> …args` from the project root; `env` adds to this process's. */
export function pipeline(
  script: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): ProcessPromise {
  return $({
    cwd: ROOT,
    quiet: true,
    env: { ...process.env, ...env },
  })`${process.execPath} --import tsx ${path.join(ROOT, 'pipelines', script)} ${args}`;
}

/** Runs make with targets and variables (`NAME=value`) in a folder, usually a copy of the project. */
export function make(dir: string, ...targets: string[]): ProcessPromise {
  return $({ cwd: dir, quiet: true })`make --no-print-directory ${targets}`;
}

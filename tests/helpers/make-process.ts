// `make all` as a terminal or CI runs it: in its own process group (setsid), so that a signal can go to the whole
// group as Ctrl-C or a cancelled job sends it, with its stderr watched so that a test can act at a chosen moment
// (a failpoint's "paused" line, or a progress line) rather than after a guessed delay.

import { spawn } from 'node:child_process';
import { utimesSync } from 'node:fs';
import path from 'node:path';

export interface Running {
  pid: number;
  /** Resolves with the first stderr line matching, and the match. */
  waitFor(re: RegExp): Promise<RegExpExecArray>;
  /** Resolves when make has exited, with its status (or signal) and all its stderr. */
  exited: Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startMakeAll(dir: string, env: Record<string, string> = {}): Running {
  return startMake(dir, 'all', env);
}

/** Any target, run the same way (`make site`). */
export function startMake(dir: string, target: string, env: Record<string, string> = {}): Running {
  const child = spawn('make', ['--no-print-directory', target], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LME_QUIET: '0', ...env },
  });
  let stderr = '';
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = w.re.exec(stderr);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
    check();
  });
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (status, signal) => {
      for (const w of waiters)
        w.resolve(
          Object.assign([`(make exited before ${w.re}) ${stderr}`], { index: -1, input: stderr }) as RegExpExecArray,
        );
      resolve({ status, signal, stderr });
    });
  });
  return {
    pid: child.pid!,
    waitFor: (re) =>
      new Promise((resolve) => {
        waiters.push({ re, resolve });
        check();
      }),
    exited,
  };
}

/**
 * A newer source, so that the next `make all` rebuilds without any value changing. Now, not later: a source
 * dated in the future stays newer than outputs a fast build writes within that second, and every make rebuilds.
 */
export function touchSource(dir: string): void {
  const now = Date.now() / 1000;
  utimesSync(path.join(dir, 'sources', 'chang2024', 'curated', 'models.csv'), now, now);
}

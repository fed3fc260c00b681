// How every command of the pipeline ends: data problems print as located messages without a stack trace and
// exit 1; anything else is a bug and prints its stack (exit 70). Progress lines go to stderr, data to stdout.

import { environmentProblem } from './environment.ts';
import { pausepoint } from './failpoint.ts';
import { DataError, formatProblems } from './problems.ts';

export const EXIT_DATA = 1;
export const EXIT_BUG = 70;

export async function runCli(main: () => Promise<void> | void, afterFailure = ''): Promise<void> {
  try {
    await main();
  } catch (caught) {
    const env = environmentProblem(caught);
    const e = env ? new DataError([env]) : caught;
    if (e instanceof DataError) {
      const n = e.total;
      process.stderr.write(`${formatProblems(e.problems, n)}\n${n.toLocaleString('en-US')} problem${n === 1 ? '' : 's'} found. ${afterFailure}\n`);
      process.exitCode = EXIT_DATA;
    } else {
      process.stderr.write(`Bug: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = EXIT_BUG;
    }
  }
}

/** Every progress line of this process, for the benchmarks. */
export const timings: { stage: string; detail: string; ms: number }[] = [];

/** LME_QUIET=1 silences progress lines (tests build many times). */
export function progress(stage: string, detail: string, ms: number): void {
  timings.push({ stage, detail, ms });
  if (process.env['LME_QUIET'] === '1') return;
  process.stderr.write(`${stage.padEnd(10)} ${detail.padEnd(62)} ${ms.toFixed(0).padStart(6)} ms\n`);
}

/** Times a step and prints its progress line; `detail` describes the result. */
export async function timed<T>(stage: string, fn: () => T | Promise<T>, detail: (r: T) => string): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  progress(stage, detail(r), performance.now() - t0);
  await pausepoint(`after-${stage}`);
  return r;
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}

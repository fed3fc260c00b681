// How every command of the pipeline ends: data problems print as located messages without a stack trace and
// exit 1; anything else is a bug and prints its stack (exit 70). Progress lines go to stderr, data to stdout.

import { writeFileSync } from 'node:fs';
import { environmentProblem } from './environment.ts';
import { pausepoint } from './failpoint.ts';
import { DataError, formatProblems } from './problems.ts';

export const EXIT_DATA = 1;
export const EXIT_BUG = 70;

export async function runCli(main: () => Promise<void> | void, afterFailure = ''): Promise<void> {
  try {
    await main();
  } catch (caught) {
    // A command line node:util's parseArgs refuses (an unknown option, a missing value): the user's to fix.
    if (typeof (caught as { code?: unknown })?.code === 'string' && (caught as { code: string }).code.startsWith('ERR_PARSE_ARGS_')) {
      process.stderr.write(`${(caught as Error).message}\n`);
      process.exitCode = EXIT_DATA;
      return;
    }
    const env = environmentProblem(caught);
    const e = env ? new DataError([env]) : caught;
    if (e instanceof DataError) {
      process.stderr.write(`${formatProblems(e.problems, e.total)}\n${problemsFound(e.total, afterFailure)}\n`);
      process.exitCode = EXIT_DATA;
    } else {
      process.stderr.write(`Bug: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = EXIT_BUG;
    }
  }
}

/** The last line of a failed run: how many problems, then what happened to the outputs (if anything is said). */
export function problemsFound(n: number, afterFailure = ''): string {
  return [`${plural(n, 'problem')} found.`, afterFailure].filter(Boolean).join(' ');
}

/** Every progress line of this process, for the benchmarks. */
export const timings: { stage: string; detail: string; ms: number }[] = [];

/** LME_QUIET=1 silences progress lines (tests build many times). */
export function progress(stage: string, detail: string, ms: number): void {
  timings.push({ stage, detail, ms });
  if (process.env['LME_QUIET'] === '1') return;
  process.stderr.write(progressLines(stage, detail, ms));
}

const STAGE_WIDTH = 10;
const DETAIL_WIDTH = 62;

/**
 * A progress line: stage, detail, time in a column. A detail longer than its column is kept whole on its line (so
 * that it can be searched for) and the time goes on the next line, in the column.
 */
export function progressLines(stage: string, detail: string, ms: number): string {
  const time = `${ms.toFixed(0).padStart(6)} ms`;
  const head = `${stage.padEnd(STAGE_WIDTH)} ${detail}`;
  return detail.length <= DETAIL_WIDTH
    ? `${head.padEnd(STAGE_WIDTH + 1 + DETAIL_WIDTH)} ${time}\n`
    : `${head}\n${' '.repeat(STAGE_WIDTH + 1 + DETAIL_WIDTH)} ${time}\n`;
}

/** Times a step and prints its progress line; `detail` describes the result. */
export async function timed<T>(stage: string, fn: () => T | Promise<T>, detail: (r: T) => string): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  progress(stage, detail(r), performance.now() - t0);
  await pausepoint(`after-${stage}`);
  return r;
}

/**
 * For the scale benchmark, which runs the build in its own process: when LME_STATS names a file, the build
 * writes there its stage times, CPU time and peak RSS (of this process, DuckDB's threads included).
 */
export function writeStats(): void {
  const file = process.env['LME_STATS'];
  if (!file) return;
  const u = process.resourceUsage();
  writeFileSync(file, `${JSON.stringify({
    stages: Object.fromEntries(timings.filter((t) => t.stage !== 'done').map((t) => [t.stage, t.ms])),
    cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6,
    peakRssMb: u.maxRSS / 1024,
  })}\n`);
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}
